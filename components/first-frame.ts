// The first frame, drawn with plain escape codes before React and Ink load (their modules take a few
// hundred ms to load on a busy machine): the header the app will draw, and a loading line. Ink then
// draws over it. Imports nothing heavy.
import { headerText } from "./render/header-text.js";
import type { LakeHeader } from "./source.js";

export function firstFrame(header: LakeHeader, columns: number, noColor: boolean): string {
  const badge = header.readOnly ? " READ-ONLY " : "";
  const text = headerText(header).slice(0, Math.max(1, columns - badge.length - 1));
  const bold = (s: string) => (noColor ? `\u001b[1m${s}\u001b[22m` : `\u001b[1;36m${s}\u001b[22;39m`);
  const inverse = (s: string) => (s ? `\u001b[7m${s}\u001b[27m` : "");
  return `\u001b[H\u001b[2J${bold(text)} ${inverse(badge)}\r\n\r\nstarting…`;
}

import { spawnSync } from "node:child_process";

/** What a copy did, in words for the status line: over SSH there is often no way to be sure. */
export interface CopyResult {
  copied: boolean;
  /** Where the text went, or how to make copying work when it could not go anywhere. */
  note: string;
}

export type Clipboard = (text: string) => CopyResult;

/** The status line after copying `text`: what was copied and where it went. */
export function copyNotice(text: string, result: CopyResult): string {
  return result.copied ? `copied (${result.note}): ${text}` : `${text} — ${result.note}`;
}

/** OSC 52: the terminal's own clipboard, which works over SSH in terminals that support it. */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, "utf8").toString("base64")}\u0007`;
}

/** GNU screen passes a DCS string's content through to the terminal it runs in. */
export function screenPassthrough(sequence: string): string {
  return `\u001bP${sequence}\u001b\\`;
}

/** How long the tmux client may take to load its buffer before the copy is given up. */
const TMUX_WAIT_MS = 2000;

type Run = (args: string[], input: string) => { status: number | null; stderr: string };

const runTmux: Run = (args, input) => {
  const done = spawnSync("tmux", args, { input, timeout: TMUX_WAIT_MS, encoding: "utf8" });
  return { status: done.error ? null : done.status, stderr: done.stderr ?? String(done.error ?? "") };
};

/**
 * Inside tmux, an application's OSC 52 is ignored by default (`set-clipboard external`) and a wrapped one
 * needs `allow-passthrough on` (off by default); `tmux load-buffer -w -` (tmux ≥ 3.2) fills tmux's buffer
 * and forwards it to the outer terminal's clipboard, so that is used. Older tmux fills the buffer only.
 */
export function tmuxCopy(text: string, run: Run = runTmux): CopyResult {
  if (run(["load-buffer", "-w", "-"], text).status === 0) {
    return { copied: true, note: "tmux buffer + terminal clipboard" };
  }
  if (run(["load-buffer", "-"], text).status === 0) {
    return {
      copied: true,
      note: "tmux buffer only, paste with prefix ]; tmux 3.2+ also forwards it to your terminal",
    };
  }
  return { copied: false, note: "tmux refused it: copy it from here (or run it outside tmux)" };
}

/** The UI's clipboard: tmux's buffer inside tmux, OSC 52 through GNU screen or straight to the terminal. */
export function terminalClipboard(
  stdout: NodeJS.WriteStream,
  env: NodeJS.ProcessEnv = process.env,
  run: Run = runTmux,
): Clipboard {
  return (text) => {
    if (env.TMUX) return tmuxCopy(text, run);
    if (!stdout.isTTY || env.TERM === "dumb" || env.TERM === "linux") {
      return { copied: false, note: "this terminal has no clipboard Medallion can reach: copy it from here" };
    }
    if (env.STY) {
      stdout.write(screenPassthrough(osc52(text)));
      return { copied: true, note: "terminal clipboard through screen, OSC 52" };
    }
    stdout.write(osc52(text));
    return { copied: true, note: "terminal clipboard, OSC 52 if it allows it" };
  };
}

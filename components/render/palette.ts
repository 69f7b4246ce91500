import type { ScreenDefinition, ScreenParams } from "../screens/registry.js";

/** One line of the palette: what Enter does when it is highlighted. */
export interface PaletteChoice {
  label: string;
  /** A word after the label, dimmed (`recent`). */
  hint?: string;
  /** The characters of the label that match what was typed (start, end): the widget marks only these. */
  match?: [number, number];
  /** The only match left besides the typed text (not itself a path seen): highlighted at first. */
  only?: boolean;
  /** A screen to open, a location (lake path, s3:// URI, file path) to go to, or quitting (`:q`). */
  target: { screen: string; params?: ScreenParams } | { location: string } | { quit: true };
}

/** Typed alone, these quit, as in vi and k9s. */
const QUIT_WORDS = new Set(["q", "q!", "quit"]);

/** Where `needle` (lower case) first occurs in `label`, case-insensitively. */
function matchIn(label: string, needle: string): [number, number] | undefined {
  const at = needle ? label.toLowerCase().indexOf(needle) : -1;
  return at < 0 ? undefined : [at, at + needle.length];
}

/** A choice's label cut round the characters that match: `[before, matched, after]`. */
export function labelParts(choice: PaletteChoice): [string, string, string] {
  const [start, end] = choice.match ?? [choice.label.length, choice.label.length];
  return [choice.label.slice(0, start), choice.label.slice(start, end), choice.label.slice(end)];
}

/** The choice Enter takes before the user moves: the one marked `only`, else the first. */
export function defaultChoice(choices: readonly PaletteChoice[]): number {
  return Math.max(
    0,
    choices.findIndex((c) => c.only),
  );
}

const MAX_PATHS = 8;

/**
 * What the palette offers for `text`: the typed location itself first (Enter goes there), then
 * screens whose id or title match, then the recent paths (settings file, newest first) and the lake
 * paths seen this session that contain the text; with nothing typed, the screens and the recent paths.
 * `:<screen> <argument>` opens a screen with an argument (`:browser silver/sales`).
 */
export function paletteChoices(
  text: string,
  screens: ScreenDefinition[],
  knownPaths: Iterable<string>,
  recentPaths: readonly string[] = [],
): PaletteChoice[] {
  const typed = text.trim();
  const needle = typed.toLowerCase();
  const [word = "", ...rest] = typed.split(/\s+/);
  const argument = rest.join(" ");
  const listed = screens.filter((s) => s.inPalette !== false);
  const known = [...new Set(knownPaths)];
  const choices: PaletteChoice[] = [];

  if (QUIT_WORDS.has(needle)) choices.push({ label: "quit Medallion", target: { quit: true } });
  const exact = listed.find((s) => s.id === word.toLowerCase());
  if (exact && (argument === "" || exact.paletteParams)) {
    choices.push({
      label: `${exact.id}${argument ? ` ${argument}` : ""} — ${exact.title}`,
      target: { screen: exact.id, params: argument ? exact.paletteParams?.(argument) : undefined },
    });
  } else if (typed && !QUIT_WORDS.has(needle)) {
    choices.push({ label: `go to ${typed}`, target: { location: typed } });
  }
  for (const s of listed) {
    if (s === exact) continue;
    if (!needle || s.id.includes(needle) || s.title.toLowerCase().includes(needle)) {
      const label = `${s.id} — ${s.title}`;
      choices.push({ label, match: matchIn(label, needle), target: { screen: s.id } });
    }
  }
  const recent = recentPaths
    .filter((p) => p.toLowerCase().includes(needle) && p !== typed)
    .slice(0, MAX_PATHS);
  for (const p of recent)
    choices.push({ label: p, hint: "recent", match: matchIn(p, needle), target: { location: p } });
  if (needle) {
    const offered = new Set(recent);
    const matches = known
      .filter((p) => p.toLowerCase().includes(needle) && p !== typed && !offered.has(p))
      .sort(
        (a, b) =>
          Number(!a.toLowerCase().startsWith(needle)) - Number(!b.toLowerCase().startsWith(needle)) ||
          a.length - b.length,
      )
      .slice(0, MAX_PATHS);
    for (const p of matches) choices.push({ label: p, match: matchIn(p, needle), target: { location: p } });
  }
  // `part-0` with one file of that name seen: Enter goes to it, not to a path `part-0` that is not there.
  const [first, only, ...more] = choices;
  const seen = recentPaths.includes(typed) || known.includes(typed);
  if (first && only && more.length === 0 && "location" in first.target && first.match === undefined && !seen)
    only.only = true;
  return choices;
}

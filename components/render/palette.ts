import type { ScreenDefinition, ScreenParams } from "../screens/registry.js";

/** One line of the palette: what Enter does when it is highlighted. */
export interface PaletteChoice {
  label: string;
  /** A word after the label, dimmed (`recent`). */
  hint?: string;
  /** A screen to open, or a location (lake path, s3:// URI, file path) to go to. */
  target: { screen: string; params?: ScreenParams } | { location: string };
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
  const choices: PaletteChoice[] = [];

  const exact = listed.find((s) => s.id === word.toLowerCase());
  if (exact && (argument === "" || exact.paletteParams)) {
    choices.push({
      label: `${exact.id}${argument ? ` ${argument}` : ""} — ${exact.title}`,
      target: { screen: exact.id, params: argument ? exact.paletteParams?.(argument) : undefined },
    });
  } else if (typed) {
    choices.push({ label: `go to ${typed}`, target: { location: typed } });
  }
  for (const s of listed) {
    if (s === exact) continue;
    if (!needle || s.id.includes(needle) || s.title.toLowerCase().includes(needle)) {
      choices.push({ label: `${s.id} — ${s.title}`, target: { screen: s.id } });
    }
  }
  const recent = recentPaths
    .filter((p) => p.toLowerCase().includes(needle) && p !== typed)
    .slice(0, MAX_PATHS);
  for (const p of recent) choices.push({ label: p, hint: "recent", target: { location: p } });
  if (needle) {
    const offered = new Set(recent);
    const matches = [...new Set(knownPaths)]
      .filter((p) => p.toLowerCase().includes(needle) && p !== typed && !offered.has(p))
      .sort(
        (a, b) =>
          Number(!a.toLowerCase().startsWith(needle)) - Number(!b.toLowerCase().startsWith(needle)) ||
          a.length - b.length,
      )
      .slice(0, MAX_PATHS);
    for (const p of matches) choices.push({ label: p, target: { location: p } });
  }
  return choices;
}

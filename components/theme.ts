import type { Tone } from "../src/render/cell.js";

/**
 * Colours, or none: NO_COLOR (present and not empty, https://no-color.org) turns every colour off;
 * selection and emphasis then use inverse and bold, which the convention allows.
 */
export interface Theme {
  accent?: string;
  muted?: string;
  error?: string;
  warn?: string;
  ok?: string;
  badge?: string;
}

export function themeFor(env: NodeJS.ProcessEnv = process.env): Theme {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return {};
  return { accent: "cyan", muted: "gray", error: "red", warn: "yellow", ok: "green", badge: "magenta" };
}

/** The colour of a semantic tone (src/render): one mapping for every screen; none under NO_COLOR. */
export function toneColor(theme: Theme, tone: Tone | undefined): string | undefined {
  switch (tone) {
    case undefined:
      return undefined;
    case "dim":
      return theme.muted;
    case "notice":
      return theme.badge;
    case "stale":
      return theme.error;
    default:
      return theme[tone];
  }
}

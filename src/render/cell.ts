// What a render step returns: text with a semantic tone. The CLI pads and joins cells (tones dropped,
// every cell reads without colour); the UI maps tones to theme colours (components/theme.ts).

/**
 * What a cell means, not how it looks: `ok` in step, `warn` needs attention, `stale` left behind (in the
 * catalog, gone from storage), `notice` differs but is not wrong (drift), `error` failed or broken, `dim`
 * secondary (nulls, reasons, units), `accent` what to act on.
 */
export type Tone = "ok" | "warn" | "stale" | "notice" | "error" | "dim" | "accent";

export interface Cell {
  text: string;
  tone?: Tone;
}

/** Where a text too long for its column loses characters: its end, or its middle (names sharing a prefix). */
export type Cut = "end" | "middle";

export interface Column {
  title: string;
  align?: "left" | "right";
  cut?: Cut;
  /** Narrowest the column shrinks to before columns are left out (default: 8, or its title if shorter). */
  min?: number;
  /** Widest it grows, whatever its content (default: MAX_CELL). */
  max?: number;
}

/** Rows of cells under titled columns: what a render step gives both front ends. */
export interface Table {
  columns: Column[];
  rows: Cell[][];
}

/** A line of text made of cells (a status or counts line), with tones for the UI. */
export type Line = Cell[];

export function cell(text: string, tone?: Tone): Cell {
  return tone === undefined ? { text } : { text, tone };
}

/** The plain text of a line of cells (the CLI's form). */
export function lineText(line: Line): string {
  return line.map((c) => c.text).join("");
}

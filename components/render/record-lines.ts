// One row as a record: every column on its own lines, the whole value wrapped to the width, nested
// values (structs, lists, maps) pretty-printed one member a line. Pure; tested without a terminal.
import type { WindowRow } from "../../src/preview/cell-cache.js";
import type { GridColumn } from "../../src/preview/grid.js";
import { NULL_TEXT } from "../../src/preview/render.js";
import { fitText, textWidth } from "../../src/render/text.js";

export interface RecordLine {
  /** The column's name on its first line, blank on the lines its value continues on. */
  name: string;
  text: string;
  tone?: "muted";
}

/** Widest the name column gets: long names are cut there, values keep the rest of the line. */
const MAX_NAME = 24;

/** Cuts `text` into pieces of at most `width` code points (at least one piece). */
export function wrap(text: string, width: number): string[] {
  const chars = Array.from(text);
  if (chars.length <= width || width <= 0) return [text];
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += width) pieces.push(chars.slice(i, i + width).join(""));
  return pieces;
}

/** The value's text lines before wrapping: nested values as indented JSON, others as their cell text. */
function valueLines(cell: string | null | undefined, value: unknown): { lines: string[]; tone?: "muted" } {
  if (cell === undefined) return { lines: ["…"], tone: "muted" };
  if (cell === null) return { lines: [NULL_TEXT], tone: "muted" };
  if (value !== null && typeof value === "object") {
    return { lines: JSON.stringify(value, null, 2).split("\n") };
  }
  return { lines: [cell] };
}

export function nameWidth(columns: GridColumn[], width: number): number {
  const widest = Math.max(1, ...columns.map((c) => textWidth(c.name)));
  return Math.max(1, Math.min(widest, MAX_NAME, Math.floor(width / 3)));
}

/**
 * The record's lines at `width`, and for each column the line it starts on. A column not read yet
 * takes one line (`…`), so the caller can tell which columns the lines on screen need.
 */
export function recordLines(
  columns: GridColumn[],
  row: WindowRow | undefined,
  width: number,
): { lines: RecordLine[]; starts: number[] } {
  const names = nameWidth(columns, width);
  const valueWidth = Math.max(1, width - names - 2);
  const lines: RecordLine[] = [];
  const starts: number[] = [];
  columns.forEach((column, i) => {
    starts.push(lines.length);
    const { lines: texts, tone } = valueLines(row?.cells[i], row?.values[i]);
    texts
      .flatMap((text) => wrap(text, valueWidth))
      .forEach((text, n) => {
        lines.push({ name: n === 0 ? fitText(column.name, names) : " ".repeat(names), text, tone });
      });
  });
  return { lines, starts };
}

import { GAP, MAX_CELL } from "./fit.js";
import type { GridPage } from "./grid.js";

/** Text cut to `width` code points, with `…` as the last one when cut. */
export function truncate(text: string, width: number): string {
  const chars = Array.from(text);
  if (chars.length <= width) return text;
  if (width <= 1) return "…".slice(0, width);
  return `${chars.slice(0, width - 1).join("")}…`;
}

function len(text: string): number {
  return Array.from(text).length;
}

const NUMERIC = /^(u?int|integer|double|float|decimal)/;

/**
 * A page as lines of text at most `width` wide: a row-number column, a header, one line per row.
 * Wide columns shrink first; columns that still do not fit are left out and counted in the last line.
 */
export function renderGrid(page: GridPage, width: number, nullText = "NULL"): string[] {
  // Rows are numbered from 1, as in the terminal UI (`--offset` counts rows skipped).
  const number = (index: number) => String(index + 1);
  const indexWidth = Math.max(1, ...page.rows.map((r) => number(r.index).length));
  const texts = page.rows.map((r) => r.cells.map((c) => c ?? nullText));
  const widths = page.columns.map((c, i) =>
    Math.min(MAX_CELL, Math.max(len(c.name), ...texts.map((t) => len(t[i] ?? "")))),
  );
  const total = (ws: number[]) => indexWidth + ws.reduce((s, w) => s + GAP + w, 0);
  // Shrink the widest column one cell at a time (not below 8 or its name), then drop columns from the right.
  const floor = page.columns.map((c) => Math.min(8, Math.max(3, len(c.name))));
  while (total(widths) > width) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      if ((widths[i] ?? 0) > (floor[i] ?? 0) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0)))
        widest = i;
    }
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 1) - 1;
  }
  let shown = widths.length;
  while (shown > 1 && total(widths.slice(0, shown)) > width) shown--;
  const right = page.columns.map((c) => NUMERIC.test(c.type));
  const line = (index: string, cells: string[]) =>
    [
      index.padStart(indexWidth),
      ...cells.slice(0, shown).map((cell, i) => {
        const text = truncate(cell, widths[i] ?? 0);
        return right[i] ? text.padStart(widths[i] ?? 0) : text.padEnd(widths[i] ?? 0);
      }),
    ]
      .join(" ".repeat(GAP))
      .trimEnd();
  const lines = [
    line(
      "#",
      page.columns.map((c) => c.name),
    ),
    line(
      "",
      widths.map((w) => "─".repeat(w)),
    ).replace(/^\s+/, (s) => s),
    ...texts.map((t, r) => {
      const row = page.rows[r];
      return line(row ? number(row.index) : "", t);
    }),
  ];
  const hidden = page.columns.length - shown;
  if (hidden > 0) {
    lines.push(
      `… ${hidden} more column${hidden === 1 ? "" : "s"} (${page.columns
        .slice(shown)
        .map((c) => c.name)
        .join(", ")}): widen the terminal or pick them with --columns`,
    );
  }
  return lines.map((l) => truncate(l, width));
}

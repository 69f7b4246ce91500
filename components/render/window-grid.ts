// The rows grid of a preview as columns and cells, from what the cell cache holds: a column not read
// yet takes the width its name, type and chunk stats suggest, and shows `…` until its cells arrive.

import { humanCount } from "../../src/lake/human.js";
import type { WindowRow } from "../../src/preview/cell-cache.js";
import { expectedWidth } from "../../src/preview/fit.js";
import type { Preview, GridColumn as PreviewColumn } from "../../src/preview/grid.js";
import { NULL_TEXT, pageTable } from "../../src/preview/render.js";
import { MAX_CELL, shownColumns } from "../../src/render/table.js";
import { textWidth } from "../../src/render/text.js";
import type { GridColumn, GridRow } from "../widgets/grid.js";

/** The grid's columns: the row number, then `columns` as wide as their cells (or their guess until read). */
export function windowColumns(
  columns: PreviewColumn[],
  rows: WindowRow[],
  preview: Pick<Preview, "parquet">,
  lastRow: number,
  /** How wide a column may grow: MAX_CELL, or the screen's width when whole values are asked for (`w`). */
  maxCell = MAX_CELL,
  /** A mark after a column's title (`↑` on the sorted one), by column name. */
  marks: Readonly<Record<string, string>> = {},
): GridColumn[] {
  // Titles and alignment (numbers to the right) as `medallion preview` lays a page out.
  const titles = pageTable({ offset: 0, columns, rows: [], hasMore: false, notes: [] }).columns;
  return [
    { title: "#", width: Math.max(1, humanCount(lastRow + 1).length), align: "right" },
    ...columns.map((column, i) => {
      const title = marks[column.name] ? `${column.name} ${marks[column.name]}` : column.name;
      let widest = -1;
      for (const row of rows) {
        const cell = row.cells[i];
        if (cell !== undefined) widest = Math.max(widest, textWidth(cell ?? NULL_TEXT));
      }
      const guess = widest < 0 ? expectedWidth(column, preview) : Math.max(textWidth(column.name), widest);
      const width = Math.max(guess, textWidth(title));
      const align = titles[i + 1]?.align;
      return {
        title,
        width: Math.min(maxCell, Math.max(2, width)),
        ...(align ? { align } : {}),
      };
    }),
  ];
}

/** One grid row per window row: its number from 1, NULL for null, a dim `…` for a cell not read yet. */
export function windowRows(rows: WindowRow[]): GridRow[] {
  return rows.map((row) => ({
    key: String(row.index),
    cells: [
      { text: humanCount(row.index + 1), tone: "dim" as const },
      ...row.cells.map((cell) =>
        cell === undefined
          ? { text: "…", tone: "dim" as const }
          : cell === null
            ? { text: NULL_TEXT, tone: "dim" as const }
            : cell,
      ),
    ],
  }));
}

/**
 * Columns read beyond the last one on screen, so scrolling right one column rarely waits; in a Parquet
 * file only while their chunks cost at most LOOKAHEAD_SHARE of what the columns on screen cost.
 */
export const LOOKAHEAD_COLUMNS = 2;
const LOOKAHEAD_SHARE = 0.25;

/** The grid of a window laid out in `width`: its columns, those shown, and the columns to read. */
export interface WindowLayout {
  columns: GridColumn[];
  /** Indexes into `columns` (0 is the row number). */
  shown: number[];
  /** True when columns lie right of the last one shown. */
  moreRight: boolean;
  /** The data columns to read: those shown and LOOKAHEAD_COLUMNS after. */
  read: string[];
}

/**
 * What the rows grid shows and reads for rows `rows` (as held) of `columns` (pinned ones first, the
 * first `frozen - 1` of them), scrolled to `firstColumn`. The screen and bench/parquet-preview both
 * call this, so the benchmark reads what the screen reads.
 */
export function windowLayout(
  columns: PreviewColumn[],
  rows: WindowRow[],
  preview: Pick<Preview, "parquet">,
  options: {
    top: number;
    lastRow: number;
    width: number;
    firstColumn: number;
    frozen: number;
    /** Columns as wide as their values up to the screen (less the row number), not MAX_CELL. */
    wholeValues?: boolean;
    marks?: Readonly<Record<string, string>>;
  },
): WindowLayout {
  const maxCell = options.wholeValues ? Math.max(MAX_CELL, options.width - 8) : MAX_CELL;
  const grid = windowColumns(columns, rows, preview, options.lastRow, maxCell, options.marks);
  const shown = shownColumns(
    grid.map((c) => c.width),
    options.width,
    { gap: 1, frozen: options.frozen, firstColumn: options.firstColumn },
  );
  const last = shown[shown.length - 1] ?? 0;
  const read = columns.filter((_, i) => shown.includes(i + 1)).map((c) => c.name);
  const groups = preview.parquet?.rowGroups ?? [];
  const group = groups.find((g) => options.top >= g.firstRow && options.top < g.firstRow + g.rows);
  const bytes = (name: string) =>
    (group?.columns ?? [])
      .filter((c) => c.column === name || c.column.startsWith(`${name}.`))
      .reduce((sum, c) => sum + c.compressedBytes, 0);
  const budget = read.reduce((sum, name) => sum + bytes(name), 0) * LOOKAHEAD_SHARE;
  let spent = 0;
  for (const column of columns.slice(last, last + LOOKAHEAD_COLUMNS)) {
    spent += bytes(column.name);
    if (group && spent > budget) break;
    read.push(column.name);
  }
  return { columns: grid, shown, moreRight: last < grid.length - 1, read };
}

/** The first scrolled column of the page left of the one starting at `firstColumn`. */
export function pageLeftOf(
  columns: GridColumn[],
  width: number,
  firstColumn: number,
  frozen: number,
): number {
  const widths = columns.map((c) => c.width);
  const shows = (start: number, i: number) =>
    shownColumns(widths, width, { gap: 1, frozen, firstColumn: start }).includes(i);
  let next = firstColumn;
  while (next > 0 && shows(next - 1, frozen + firstColumn - 1)) next--;
  return next === firstColumn ? Math.max(0, firstColumn - 1) : next;
}

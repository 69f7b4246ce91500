// Lays out a Table in a width: column widths from content, shrinking the widest first, then leaving
// columns out from the right. The CLI prints the lines; the UI's Grid draws the same widths.
import type { Cell, Column, Table } from "./cell.js";
import { fitText, oneLine, textWidth } from "./text.js";

/** Cell widths never exceed this (the full value is in --json and the UI's record view). */
export const MAX_CELL = 40;

export interface TableLayout {
  /** Width of every column (those left out too, as they would be). */
  widths: number[];
  /** Indices of the columns shown, in order: the frozen ones, then from `firstColumn` on while they fit. */
  shown: number[];
}

export interface LayoutOptions {
  /** Spaces between columns (the CLI uses 2, the UI 1). */
  gap?: number;
  /** Leading columns that always show (the row number), whatever `firstColumn` is. */
  frozen?: number;
  /** First scrolled column shown (horizontal scroll). */
  firstColumn?: number;
  /**
   * Shrink columns toward their `min` before leaving any out (default true); false keeps each column as
   * wide as its content and scrolls instead (the UI's rows grid).
   */
  shrink?: boolean;
}

/** How wide a column wants to be: its title or widest cell, within its min and max. */
export function naturalWidth(column: Column, rows: readonly Cell[][], index: number): number {
  let widest = textWidth(column.title);
  for (const row of rows) widest = Math.max(widest, textWidth(oneLine(row[index]?.text ?? "")));
  return Math.max(column.min ?? 0, Math.min(column.max ?? MAX_CELL, widest));
}

function floorOf(column: Column): number {
  return column.min ?? Math.min(8, Math.max(3, textWidth(column.title)));
}

/** The widths and the columns shown for `table` in `width` terminal columns. */
export function layoutTable(table: Table, width: number, options: LayoutOptions = {}): TableLayout {
  const { gap = 2, frozen = 0, firstColumn = 0, shrink = true } = options;
  const widths = table.columns.map((c, i) => naturalWidth(c, table.rows, i));
  const order = widths.map((_, i) => i).filter((i) => i < frozen || i >= frozen + firstColumn);
  if (shrink) {
    const total = (ids: number[]) => ids.reduce((sum, i, n) => sum + (n > 0 ? gap : 0) + (widths[i] ?? 0), 0);
    const floor = table.columns.map(floorOf);
    while (total(order) > width) {
      let widest = -1;
      for (const i of order) {
        if ((widths[i] ?? 0) > (floor[i] ?? 0) && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0)))
          widest = i;
      }
      if (widest < 0) break;
      widths[widest] = (widths[widest] ?? 1) - 1;
    }
  }
  const shown = shownColumns(widths, width, { gap, frozen, firstColumn });
  return { widths, shown };
}

/**
 * The columns that fit in `width` when they are `widths` wide: the frozen ones, then from `firstColumn`
 * on until one does not fit. The first column always shows (cut by the caller if need be).
 */
export function shownColumns(
  widths: readonly number[],
  width: number,
  options: Pick<LayoutOptions, "gap" | "frozen" | "firstColumn"> = {},
): number[] {
  const { gap = 2, frozen = 0, firstColumn = 0 } = options;
  const shown: number[] = [];
  let used = 0;
  for (let i = 0; i < widths.length; i++) {
    if (i >= frozen && i < frozen + firstColumn) continue;
    const need = (shown.length > 0 ? gap : 0) + (widths[i] ?? 0);
    if (shown.length > 0 && used + need > width) break;
    shown.push(i);
    used += need;
  }
  return shown;
}

/** One line of cells in the laid-out columns (trailing blanks trimmed). */
export function rowText(
  table: Pick<Table, "columns">,
  layout: TableLayout,
  cells: readonly (Cell | undefined)[],
  gap = 2,
): string {
  return layout.shown
    .map((i) => {
      const column = table.columns[i];
      return fitText(cells[i]?.text ?? "", layout.widths[i] ?? 0, column?.align, column?.cut);
    })
    .join(" ".repeat(gap))
    .trimEnd();
}

export interface TableLines {
  /** The title line, then one line per row. */
  lines: string[];
  /** Columns that did not fit (the caller says so: `… 3 more columns`). */
  hidden: Column[];
}

/** The CLI's form of a table: the titles as the UI shows them, then the rows. */
export function tableLines(table: Table, width: number, options: LayoutOptions = {}): TableLines {
  const gap = options.gap ?? 2;
  const layout = layoutTable(table, width, { ...options, gap });
  const titles = table.columns.map((c) => ({ text: c.title }));
  const lines = [
    rowText(table, layout, titles, gap),
    ...table.rows.map((r) => rowText(table, layout, r, gap)),
  ];
  const shown = new Set(layout.shown);
  const frozen = options.frozen ?? 0;
  const first = options.firstColumn ?? 0;
  const hidden = table.columns.filter((_, i) => !shown.has(i) && !(i >= frozen && i < frozen + first));
  return { lines, hidden };
}

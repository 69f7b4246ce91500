// The rows grid of a preview as columns and cells, from what the cell cache holds: a column not read
// yet takes the width its name, type and chunk stats suggest, and shows `…` until its cells arrive.

import { humanCount } from "../../src/lake/human.js";
import type { WindowRow } from "../../src/preview/cell-cache.js";
import { expectedWidth } from "../../src/preview/fit.js";
import type { Preview, GridColumn as PreviewColumn } from "../../src/preview/grid.js";
import { NULL_TEXT, pageTable } from "../../src/preview/render.js";
import { MAX_CELL } from "../../src/render/table.js";
import { textWidth } from "../../src/render/text.js";
import type { GridColumn, GridRow } from "../widgets/grid.js";

/** The grid's columns: the row number, then `columns` as wide as their cells (or their guess until read). */
export function windowColumns(
  columns: PreviewColumn[],
  rows: WindowRow[],
  preview: Pick<Preview, "parquet">,
  lastRow: number,
): GridColumn[] {
  // Titles and alignment (numbers to the right) as `medallion preview` lays a page out.
  const titles = pageTable({ offset: 0, columns, rows: [], hasMore: false, notes: [] }).columns;
  return [
    { title: "#", width: Math.max(1, humanCount(lastRow + 1).length), align: "right" },
    ...columns.map((column, i) => {
      let widest = -1;
      for (const row of rows) {
        const cell = row.cells[i];
        if (cell !== undefined) widest = Math.max(widest, textWidth(cell ?? NULL_TEXT));
      }
      const width = widest < 0 ? expectedWidth(column, preview) : Math.max(textWidth(column.name), widest);
      const align = titles[i + 1]?.align;
      return {
        title: column.name,
        width: Math.min(MAX_CELL, Math.max(2, width)),
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

import { MAX_CELL } from "../render/table.js";
import type { GridColumn, Preview } from "./grid.js";

/** Spaces between columns. */
export const GAP = 2;

/** A likely display width for a column before any row is read: from its name, type and chunk stats. */
export function expectedWidth(column: GridColumn, preview: Pick<Preview, "parquet">): number {
  let widest = 0;
  // The first row group's stats: decoding more of the footer would cost more than the guess gains.
  const parquet = preview.parquet;
  const groups = parquet?.firstRowGroups?.(1) ?? parquet?.rowGroups.slice(0, 1) ?? [];
  for (const group of groups) {
    for (const chunk of group.columns) {
      if (chunk.column !== column.name) continue;
      widest = Math.max(widest, chunk.min?.length ?? 0, chunk.max?.length ?? 0);
    }
  }
  const t = column.type;
  let guess = 12;
  if (widest > 0) guess = widest;
  else if (t.startsWith("timestamp")) guess = 26;
  else if (t === "date") guess = 10;
  else if (t === "boolean") guess = 5;
  else if (t.startsWith("decimal")) guess = Number(/decimal\((\d+)/.exec(t)?.[1] ?? 12) + 2;
  else if (/^(list|map|struct|variant|geo)/.test(t)) guess = 24;
  return Math.min(MAX_CELL, Math.max(column.name.length, guess));
}

/**
 * The leading columns that fit in `width` terminal cells (after a row-number column of `indexWidth`),
 * so a preview reads only the column chunks it will show. At least one column.
 */
export function columnsThatFit(
  preview: Pick<Preview, "columns" | "parquet">,
  width: number,
  indexWidth = 0,
): string[] {
  const chosen: string[] = [];
  let used = indexWidth > 0 ? indexWidth + GAP : 0;
  for (const column of preview.columns) {
    const w = expectedWidth(column, preview);
    const need = (chosen.length > 0 ? GAP : 0) + Math.min(w, MAX_CELL);
    if (chosen.length > 0 && used + need > width) break;
    chosen.push(column.name);
    used += need;
  }
  return chosen;
}

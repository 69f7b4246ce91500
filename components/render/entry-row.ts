// The browser's layout of a listing: the columns and cells of src/lake/render.ts (the words `medallion ls`
// prints too) in the width, with the badges' columns. Tested without a terminal.
import type { LakeEntry } from "../../src/lake/entry.js";
import { plural } from "../../src/lake/human.js";
import {
  type EntryColumn,
  type EntryField,
  entryCells,
  entryColumns,
  type ListingShape,
} from "../../src/lake/render.js";
import type { GridCell, GridColumn } from "../widgets/grid.js";

/** An extra column a feature adds to browser rows (e.g. catalog status on partitions); see README. */
export interface RowBadgeColumn {
  id: string;
  title: string;
  width: number;
  /** Cell for one row, or undefined to leave it blank (e.g. not a partition, or still loading). */
  cell: (entry: LakeEntry) => GridCell | undefined;
}

/** The UI's widths of the columns that do not take what is left (the name and the anomalies do). */
const FIXED: Partial<Record<EntryField, number>> = {
  flag: 1,
  objects: 7,
  size: 9,
  storage: 12,
  modified: 16,
};

export interface EntryLayout {
  columns: GridColumn[];
  /** Partition values without their keys (`2024 · 01 · 15`), the keys in the column title: when narrow. */
  compact: boolean;
  /** The listing's own columns shown (src/lake/render.ts), badges left out: what `entryCells` fills. */
  entryColumns: EntryColumn[];
}

/**
 * `name` takes what is left (at most what the widest name needs). When partitions do not fit in full,
 * their values go under a `year · month · day` title. When some row has anomalies, an anomalies
 * column takes up to 30 columns if names keep what they need; else the `!` flag and the status line
 * carry the anomaly. Badges go right after the name.
 */
export function entryLayout(width: number, shape: ListingShape, badges: RowBadgeColumn[] = []): EntryLayout {
  const all = entryColumns(shape);
  const badgeWidth = badges.reduce((n, b) => n + b.width + 1, 0);
  // Every column but the anomalies, each with the one space before it.
  const fixed = all.reduce((n, c) => n + (c.field === "anomalies" ? 0 : (FIXED[c.field] ?? 0) + 1), 0);
  const free = width - fixed - badgeWidth;
  const wanted = Math.max(16, Math.min(48, shape.widest));
  const compact = shape.partitionKeys !== undefined && wanted > free;
  let notes = shape.hasAnomalies ? Math.min(30, free - 1 - Math.min(wanted, 24)) : 0;
  if (notes < 12) notes = 0;
  const name = Math.max(12, notes > 0 ? free - notes - 1 : free);
  const shown = entryColumns(shape, compact ? "values" : "columns").filter(
    (c) => c.field !== "anomalies" || notes > 0,
  );
  const columns: GridColumn[] = [];
  for (const c of shown) {
    const width = c.field === "name" ? name : c.field === "anomalies" ? notes : (FIXED[c.field] ?? 0);
    columns.push({ ...c, width });
    if (c.field === "name") columns.push(...badges.map((b) => ({ title: b.title, width: b.width })));
  }
  return { columns, compact, entryColumns: shown };
}

/** A row's cells in the layout's columns: the listing's own (src/lake/render.ts), badges after the name. */
export function entryRowCells(
  entry: LakeEntry,
  layout: EntryLayout,
  badges: RowBadgeColumn[] = [],
): GridCell[] {
  const cells = entryCells(entry, layout.entryColumns, layout.compact ? "values" : "columns");
  const at = layout.entryColumns.findIndex((c) => c.field === "name") + 1;
  cells.splice(at, 0, ...badges.map((b) => b.cell(entry) ?? { text: "" }));
  return cells;
}

/** How many rows of what: `1 domain`, `3 tables`, `1,204 partitions`, `5 entries` for a mix. */
export function levelCount(count: number, entries: readonly LakeEntry[]): string {
  const kinds = new Set(entries.map((e) => e.kind));
  return kinds.size === 1 ? plural(count, [...kinds][0] as string) : plural(count, "entry", "entries");
}

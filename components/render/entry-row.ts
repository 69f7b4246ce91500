// The pure step between a LakeEntry and what the browser draws (k9s' render layer): columns that
// fit the width, and one row of cells per entry. Tested without a terminal.
import type { LakeEntry } from "../../src/lake/entry.js";
import {
  anomalyFlag,
  humanBytes,
  humanCount,
  humanDate,
  partitionColumns,
  plural,
  storageClassMix,
} from "../../src/lake/human.js";
import type { Theme } from "../theme.js";
import type { GridCell, GridColumn } from "../widgets/grid.js";

/** An extra column a feature adds to browser rows (e.g. catalog status on partitions); see README. */
export interface RowBadgeColumn {
  id: string;
  title: string;
  width: number;
  /** Cell for one row, or undefined to leave it blank (e.g. not a partition, or still loading). */
  cell: (entry: LakeEntry) => GridCell | undefined;
}

const FIXED = { objects: 8, size: 10, storage: 14, modified: 16 };

/**
 * `name` takes what is left. When some row has anomalies, an anomalies column takes up to 30 columns
 * from it, as long as names keep 20; otherwise the `!` flag and the status line carry the anomaly.
 */
export function entryColumns(
  width: number,
  badges: RowBadgeColumn[] = [],
  kind = "entry",
  hasAnomalies = false,
): GridColumn[] {
  const badgeWidth = badges.reduce((n, b) => n + b.width + 1, 0);
  const fixed = 2 + FIXED.objects + FIXED.size + FIXED.storage + FIXED.modified + 5 + badgeWidth;
  const free = width - fixed;
  let notes = hasAnomalies ? Math.min(30, free - 1 - 24) : 0;
  if (notes < 12) notes = 0;
  const name = Math.max(16, Math.min(48, notes > 0 ? free - notes - 1 : free));
  const columns: GridColumn[] = [
    { title: "", width: 1 },
    { title: kind, width: name },
    ...badges.map((b) => ({ title: b.title, width: b.width })),
    { title: "objects", width: FIXED.objects, align: "right" as const },
    { title: "size", width: FIXED.size, align: "right" as const },
    { title: "storage", width: FIXED.storage },
    { title: "modified", width: FIXED.modified },
  ];
  if (notes > 0) columns.push({ title: "anomalies", width: notes });
  return columns;
}

/** What the name column says: partitions as their values (`year 2024 · month 01 · day 15`). */
export function entryName(entry: LakeEntry): string {
  if (entry.kind === "partition" && entry.partition && entry.partition.length > 0) {
    return partitionColumns(entry.partition);
  }
  return entry.kind === "file" || entry.kind === "partition" ? entry.name : `${entry.name}/`;
}

export function entryCells(entry: LakeEntry, theme: Theme, badges: RowBadgeColumn[] = []): GridCell[] {
  const flagged = entry.anomalies.length > 0;
  return [
    { text: flagged ? "!" : " ", color: flagged ? theme.warn : undefined },
    { text: entryName(entry) },
    ...badges.map((b) => b.cell(entry) ?? { text: "" }),
    { text: humanCount(entry.objects) },
    { text: humanBytes(entry.bytes) },
    { text: storageClassMix(entry.storageClasses) },
    { text: humanDate(entry.lastModified) },
    { text: flagged ? anomalyFlag(entry.anomalies) : "", color: theme.warn },
  ];
}

/** How many rows of what: `1 domain`, `3 tables`, `1,204 partitions`, `5 entries` for a mix. */
export function levelCount(count: number, entries: readonly LakeEntry[]): string {
  const kinds = new Set(entries.map((e) => e.kind));
  return kinds.size === 1 ? plural(count, [...kinds][0] as string) : plural(count, "entry", "entries");
}

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

const FIXED = { objects: 7, size: 9, storage: 12, modified: 16 };

/** What the browser needs to know of a whole listing to lay it out (computed once per listing). */
export interface ListingShape {
  /** `table`, `partition`, … or `name` for a mix. */
  kind: string;
  hasAnomalies: boolean;
  /** Widest name as shown in full. */
  widest: number;
  /** The partition keys, when every row is a partition with the same keys. */
  partitionKeys?: string[];
}

export function listingShape(entries: readonly LakeEntry[]): ListingShape {
  const kinds = new Set<string>();
  let hasAnomalies = false;
  let widest = 0;
  let keys: string | undefined;
  let sameKeys = true;
  for (const e of entries) {
    kinds.add(e.kind);
    if (e.anomalies.length > 0) hasAnomalies = true;
    widest = Math.max(widest, entryName(e).length);
    const k = e.partition?.map((p) => p.key).join("\u0000");
    if (keys === undefined) keys = k;
    else if (k !== keys) sameKeys = false;
  }
  const kind = kinds.size === 1 ? ([...kinds][0] as string) : "name";
  const partitionKeys = kind === "partition" && sameKeys && keys ? keys.split("\u0000") : undefined;
  return { kind, hasAnomalies, widest, partitionKeys };
}

export interface EntryLayout {
  columns: GridColumn[];
  /** Partition values without their keys (`2024 · 01 · 15`), the keys in the column title: when narrow. */
  compact: boolean;
}

/**
 * `name` takes what is left (at most what the widest name needs). When partitions do not fit in full,
 * their values go under a `year · month · day` title. When some row has anomalies, an anomalies
 * column takes up to 30 columns if names keep what they need; else the `!` flag and the status line
 * carry the anomaly.
 */
export function entryLayout(width: number, shape: ListingShape, badges: RowBadgeColumn[] = []): EntryLayout {
  const badgeWidth = badges.reduce((n, b) => n + b.width + 1, 0);
  const fixed = 2 + FIXED.objects + FIXED.size + FIXED.storage + FIXED.modified + 5 + badgeWidth;
  const free = width - fixed;
  const wanted = Math.max(16, Math.min(48, shape.widest));
  const compact = shape.partitionKeys !== undefined && wanted > free;
  const title = compact ? (shape.partitionKeys ?? []).join(" · ") : shape.kind;
  let notes = shape.hasAnomalies ? Math.min(30, free - 1 - Math.min(wanted, 24)) : 0;
  if (notes < 12) notes = 0;
  const name = Math.max(12, notes > 0 ? free - notes - 1 : free);
  const columns: GridColumn[] = [
    { title: "", width: 1 },
    { title, width: name },
    ...badges.map((b) => ({ title: b.title, width: b.width })),
    { title: "objects", width: FIXED.objects, align: "right" as const },
    { title: "size", width: FIXED.size, align: "right" as const },
    { title: "storage", width: FIXED.storage },
    { title: "modified", width: FIXED.modified },
  ];
  if (notes > 0) columns.push({ title: "anomalies", width: notes });
  return { columns, compact };
}

/** What the name column says: partitions as their values (`year 2024 · month 01 · day 15`). */
export function entryName(entry: LakeEntry, compact = false): string {
  if (entry.kind === "partition" && entry.partition && entry.partition.length > 0) {
    if (compact) return entry.partition.map((p) => (p.value === null ? "(null)" : p.value)).join(" · ");
    return partitionColumns(entry.partition);
  }
  return entry.kind === "file" || entry.kind === "partition" ? entry.name : `${entry.name}/`;
}

export function entryCells(
  entry: LakeEntry,
  theme: Theme,
  badges: RowBadgeColumn[] = [],
  compact = false,
): GridCell[] {
  const flagged = entry.anomalies.length > 0;
  return [
    { text: flagged ? "!" : " ", tone: flagged ? "warn" : undefined },
    { text: entryName(entry, compact) },
    ...badges.map((b) => b.cell(entry) ?? { text: "" }),
    { text: humanCount(entry.objects) },
    { text: humanBytes(entry.bytes) },
    { text: storageClassMix(entry.storageClasses) },
    { text: humanDate(entry.lastModified) },
    { text: flagged ? anomalyFlag(entry.anomalies) : "", tone: "warn" },
  ];
}

/** How many rows of what: `1 domain`, `3 tables`, `1,204 partitions`, `5 entries` for a mix. */
export function levelCount(count: number, entries: readonly LakeEntry[]): string {
  const kinds = new Set(entries.map((e) => e.kind));
  return kinds.size === 1 ? plural(count, [...kinds][0] as string) : plural(count, "entry", "entries");
}

// What the diff screen does with a diff's rows (class cycling, filtering); the words themselves are
// src/sync/render.ts, shared with `medallion diff`.
import type { PartitionDiff, PartitionDiffEntry, PartitionStatus } from "../../src/sync/index.js";
import { STATUS, statusCell } from "../../src/sync/render.js";

/** Classes in the order the diff screen cycles through them with Tab; undefined is "all". */
export const CLASS_ORDER: (PartitionStatus | undefined)[] = [
  undefined,
  "add",
  "drop",
  "update",
  "drift",
  "anomaly",
  "in-sync",
];

export function nextClass(current: PartitionStatus | undefined): PartitionStatus | undefined {
  const i = CLASS_ORDER.indexOf(current);
  return CLASS_ORDER[(i + 1) % CLASS_ORDER.length];
}

export function classLabel(status: PartitionStatus | undefined): string {
  return status === undefined ? "all" : STATUS[status].word;
}

/**
 * The rows shown: of one class (or all, not-in-sync first) whose row, as shown, contains `filter`: the
 * class (`stale`), the partition or the reason.
 */
export function diffRows(
  diff: PartitionDiff,
  status: PartitionStatus | undefined,
  filter: string,
): PartitionDiffEntry[] {
  const needle = filter.toLowerCase();
  const shown = (e: PartitionDiffEntry) =>
    `${statusCell(e.status).text} ${e.name} ${e.reason}`.toLowerCase().includes(needle);
  const rows = diff.entries.filter(
    (e) => (status === undefined || e.status === status) && (needle === "" || shown(e)),
  );
  if (status !== undefined) return rows;
  // All classes: what needs attention first, in sync last.
  return [...rows.filter((e) => e.status !== "in-sync"), ...rows.filter((e) => e.status === "in-sync")];
}

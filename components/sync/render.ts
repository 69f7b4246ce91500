import type { Tone } from "../../src/render/cell.js";
import type {
  PartitionDiff,
  PartitionDiffEntry,
  PartitionStatus,
  SyncPlan,
  SyncProgress,
} from "../../src/sync/index.js";
import type { GridCell } from "../widgets/grid.js";

/** Badge per class: a mark that reads without colour (NO_COLOR), and a word. */
const BADGE: Record<PartitionStatus, { mark: string; word: string; tone: Tone }> = {
  "in-sync": { mark: "✓", word: "in sync", tone: "ok" },
  add: { mark: "+", word: "to add", tone: "warn" },
  drop: { mark: "-", word: "stale", tone: "stale" },
  update: { mark: "~", word: "moved", tone: "warn" },
  drift: { mark: "≠", word: "drift", tone: "notice" },
  anomaly: { mark: "!", word: "anomaly", tone: "error" },
};

export function statusCell(status: PartitionStatus): GridCell {
  const badge = BADGE[status];
  return { text: `${badge.mark} ${badge.word}`, tone: badge.tone };
}

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
  return status === undefined ? "all" : BADGE[status].word;
}

/** `28 in sync · 2 to add · 1 stale`: every class with partitions, the selected one bracketed. */
export function countsText(diff: PartitionDiff, selected?: PartitionStatus): string {
  const parts: string[] = [];
  for (const status of ["in-sync", "add", "drop", "update", "drift", "anomaly"] as const) {
    const n = diff.counts[status];
    if (n === 0 && status !== "in-sync") continue;
    const text = `${n.toLocaleString("en-US")} ${BADGE[status].word}`;
    parts.push(status === selected ? `[${text}]` : text);
  }
  return parts.join(" · ");
}

/** The rows shown: of one class (or all, not-in-sync first), whose name or reason contains `filter`. */
export function diffRows(
  diff: PartitionDiff,
  status: PartitionStatus | undefined,
  filter: string,
): PartitionDiffEntry[] {
  const needle = filter.toLowerCase();
  const rows = diff.entries.filter(
    (e) =>
      (status === undefined || e.status === status) &&
      (needle === "" || e.name.toLowerCase().includes(needle) || e.reason.toLowerCase().includes(needle)),
  );
  if (status !== undefined) return rows;
  // All classes: what needs attention first, in sync last.
  return [...rows.filter((e) => e.status !== "in-sync"), ...rows.filter((e) => e.status === "in-sync")];
}

/** `adding 3,000 / 12,000` and a bar of `width` cells. */
export function progressText(progress: SyncProgress, width: number): string {
  const verb = { register: "registering the table", add: "adding", update: "updating", drop: "dropping" }[
    progress.phase
  ];
  const count =
    progress.phase === "register"
      ? ""
      : ` ${progress.done.toLocaleString("en-US")} / ${progress.total.toLocaleString("en-US")}`;
  const filled = progress.total > 0 ? Math.round((progress.done / progress.total) * width) : 0;
  return `${verb}${count}  ${"█".repeat(filled)}${"░".repeat(Math.max(0, width - filled))}`;
}

export function isOutOfStep(diff: PartitionDiff): boolean {
  return diff.tableIssues.length > 0 || diff.entries.some((e) => e.status !== "in-sync");
}

const n = (count: number, word: string) =>
  `${count.toLocaleString("en-US")} ${word}${count === 1 ? "" : "s"}`;

/** The plan as short lines for the confirmation: what changes, what is kept, what it costs. */
export function planItems(plan: SyncPlan): string[] {
  const items: string[] = [];
  if (plan.registerTable)
    items.push(`register ${plan.table.database}.${plan.table.name} from one of its files`);
  if (plan.adds.length > 0) items.push(`add ${n(plan.adds.length, "partition")}`);
  if (plan.updates.length > 0) items.push(`update the location of ${n(plan.updates.length, "partition")}`);
  if (plan.drops.length > 0) items.push(`drop ${n(plan.drops.length, "stale partition")}`);
  if (items.length === 0) items.push("nothing to change");
  if (plan.staleKept > 0) items.push(`keep ${n(plan.staleKept, "stale partition")} (x drops them)`);
  if (plan.reportedOnly > 0)
    items.push(`leave ${plan.reportedOnly.toLocaleString("en-US")} drift/anomaly as reported (never synced)`);
  if (plan.calls > 0) items.push(`${n(plan.calls, "catalog call")}`);
  return items;
}

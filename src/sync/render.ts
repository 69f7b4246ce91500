// The words of a catalog diff, plan and sync, once, for `medallion diff`/`sync` and the sync screens:
// each class's mark, word and tone, the counts line, a table's state in one cell, a plan's items.
import { humanCount, plural } from "../lake/human.js";
import type { Cell, Table, Tone } from "../render/cell.js";
import { isInSync } from "./diff.js";
import type { PartitionDiff, PartitionDiffEntry, PartitionStatus, SyncPlan, SyncProgress } from "./types.js";

/** Each class: a mark that reads without colour (NO_COLOR, a pipe), a word, a tone. */
export const STATUS: Record<PartitionStatus, { mark: string; word: string; tone: Tone }> = {
  "in-sync": { mark: "✓", word: "in sync", tone: "ok" },
  add: { mark: "+", word: "to add", tone: "warn" },
  drop: { mark: "-", word: "stale", tone: "stale" },
  update: { mark: "~", word: "moved", tone: "warn" },
  drift: { mark: "≠", word: "drift", tone: "notice" },
  anomaly: { mark: "!", word: "anomaly", tone: "error" },
};

/** Classes in the order counts list them: in sync first, then what needs attention. */
export const STATUS_ORDER: PartitionStatus[] = ["in-sync", "add", "drop", "update", "drift", "anomaly"];

/** `+ to add`: a partition's class as a cell. */
export function statusCell(status: PartitionStatus): Cell {
  const { mark, word, tone } = STATUS[status];
  return { text: `${mark} ${word}`, tone };
}

/** `28 in sync · 2 to add · 1 stale`: every class with partitions (in sync always), `selected` bracketed. */
export function countsText(diff: Pick<PartitionDiff, "counts">, selected?: PartitionStatus): string {
  return STATUS_ORDER.filter((s) => s === "in-sync" || diff.counts[s] > 0)
    .map((s) => {
      const text = `${humanCount(diff.counts[s])} ${STATUS[s].word}`;
      return s === selected ? `[${text}]` : text;
    })
    .join(" · ");
}

/** `in sync` or `out of sync`, as a cell. */
export function syncStateCell(diff: PartitionDiff): Cell {
  return isInSync(diff) ? { text: "in sync", tone: "ok" } : { text: "out of sync", tone: "warn" };
}

/**
 * A table's catalog state in one short cell, for listings of tables: `✓ in sync`, `unregistered`,
 * `+ 3 to add`, `- 2 stale`, or the classes that differ (`+ 3 to add, 2 stale`); the tone of the first.
 */
export function tableStateCell(diff: PartitionDiff): Cell {
  if (!diff.catalogTable) return { text: "unregistered", tone: "warn" };
  const out = STATUS_ORDER.filter((s) => s !== "in-sync" && diff.counts[s] > 0);
  const [first] = out;
  if (!first) {
    if (diff.tableIssues.length > 0)
      return { text: `≠ ${plural(diff.tableIssues.length, "table issue")}`, tone: "notice" };
    return statusCell("in-sync");
  }
  const words = out.map((s) => `${humanCount(diff.counts[s])} ${STATUS[s].word}`).join(", ");
  return { text: `${STATUS[first].mark} ${words}`, tone: STATUS[first].tone };
}

/** The partitions of a diff as rows: class, partition (cut in the middle: both ends matter), why. */
export function diffRowsTable(entries: readonly PartitionDiffEntry[]): Table {
  return {
    columns: [
      { title: "status", min: 10 },
      { title: "partition", cut: "middle", min: 16, max: 60 },
      { title: "why", max: 200 },
    ],
    rows: entries.map((e) => [statusCell(e.status), { text: e.name }, { text: e.reason, tone: "dim" }]),
  };
}

/**
 * What a plan will do, one item each: what changes, what is kept (with how to change that: `hint`, e.g.
 * "--drop-stale drops them" or "x drops them"), and the catalog calls it takes.
 */
export function planItems(plan: SyncPlan, dropHint: string): string[] {
  const items: string[] = [];
  if (plan.registerTable)
    items.push(`register ${plan.table.database}.${plan.table.name} from one of its files`);
  if (plan.relocateTable) items.push(`re-point the table at ${plan.relocateTable.location}`);
  if (plan.adds.length > 0) items.push(`add ${plural(plan.adds.length, "partition")}`);
  if (plan.updates.length > 0)
    items.push(`update the location of ${plural(plan.updates.length, "moved partition")}`);
  if (plan.drops.length > 0) items.push(`drop ${plural(plan.drops.length, "stale partition")}`);
  if (items.length === 0) items.push("nothing to change");
  if (plan.staleKept > 0) items.push(`keep ${plural(plan.staleKept, "stale partition")} (${dropHint})`);
  if (plan.reportedOnly > 0) {
    const include =
      plan.includable > 0 ? `; --include-anomalies registers ${humanCount(plan.includable)}` : "";
    items.push(`leave ${humanCount(plan.reportedOnly)} drift/anomaly as reported (never synced${include})`);
  }
  for (const line of plan.cannotFix) items.push(`not synced: ${line}`);
  if (plan.calls > 0) items.push(plural(plan.calls, "catalog call"));
  return items;
}

/** `adding 3,000 / 12,000` and a bar of `width` cells. */
export function progressText(progress: SyncProgress, width: number): string {
  const verb = { register: "registering the table", add: "adding", update: "updating", drop: "dropping" }[
    progress.phase
  ];
  const count =
    progress.phase === "register" ? "" : ` ${humanCount(progress.done)} / ${humanCount(progress.total)}`;
  const filled = progress.total > 0 ? Math.round((progress.done / progress.total) * width) : 0;
  return `${verb}${count}  ${"█".repeat(filled)}${"░".repeat(Math.max(0, width - filled))}`;
}

/** Tables against the catalog, one row each: table, catalog table, state, counts (the lake-wide view). */
export function lakeDiffTable(diffs: readonly PartitionDiff[]): Table {
  return {
    columns: [
      { title: "table", min: 20, max: 60 },
      { title: "catalog table", min: 12, max: 60 },
      { title: "state", min: 12, max: 30 },
      { title: "partitions", max: 120 },
    ],
    rows: diffs.map((d) => [
      { text: d.table.path, tone: isInSync(d) ? "ok" : "warn" },
      d.catalogTable ? { text: `${d.table.database}.${d.table.name}` } : { text: "—", tone: "dim" },
      tableStateCell(d),
      { text: countsText(d) },
    ]),
  };
}

/** A tenant's tables summed: how many, how many out of sync, partitions by class (`tenant` null: none). */
export interface TenantDiff {
  tenant: string | null;
  tables: number;
  outOfSync: number;
  counts: Record<PartitionStatus, number>;
}

/** The diffs grouped by the tenant their table belongs to, tenant-less tables first, then by id. */
export function byTenant(diffs: readonly PartitionDiff[]): TenantDiff[] {
  const groups = new Map<string | null, TenantDiff>();
  for (const d of diffs) {
    const tenant = d.table.tenant ?? null;
    let g = groups.get(tenant);
    if (!g) {
      g = {
        tenant,
        tables: 0,
        outOfSync: 0,
        counts: Object.fromEntries(STATUS_ORDER.map((s) => [s, 0])) as TenantDiff["counts"],
      };
      groups.set(tenant, g);
    }
    g.tables += 1;
    if (!isInSync(d)) g.outOfSync += 1;
    for (const s of STATUS_ORDER) g.counts[s] += d.counts[s];
  }
  return [...groups.values()].sort((a, b) => (a.tenant ?? "").localeCompare(b.tenant ?? ""));
}

/** One row per tenant: tenant, tables, out of sync, partitions by class. */
export function tenantDiffTable(groups: readonly TenantDiff[]): Table {
  return {
    columns: [
      { title: "tenant", min: 8, max: 40 },
      { title: "tables", align: "right" },
      { title: "out of sync", align: "right" },
      { title: "partitions", max: 120 },
    ],
    rows: groups.map((g) => [
      g.tenant === null
        ? { text: "(no tenant)", tone: "dim" }
        : { text: g.tenant, tone: g.outOfSync ? "warn" : "ok" },
      { text: humanCount(g.tables) },
      { text: humanCount(g.outOfSync), tone: g.outOfSync ? "warn" : "dim" },
      { text: countsText(g) },
    ]),
  };
}

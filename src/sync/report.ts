import { plural } from "../lake/human.js";
import { tableLines } from "../render/table.js";
import { isInSync } from "./diff.js";
import { countsText, diffRowsTable, planItems, syncStateCell } from "./render.js";
import type { PartitionDiff, PartitionDiffEntry, SyncPlan, SyncResult } from "./types.js";

/** Human lines for a diff: a header per table, counts, table findings, then up to `limit` rows per table. */
export function diffLines(diffs: readonly PartitionDiff[], limit = 20): string[] {
  const lines: string[] = [];
  for (const diff of diffs) {
    const { table } = diff;
    lines.push(`${table.path} → ${table.database}.${table.name}: ${syncStateCell(diff).text}`);
    lines.push(`  ${countsText(diff)}`);
    for (const issue of diff.tableIssues) lines.push(`  ! ${issue}`);
    const out: PartitionDiffEntry[] = diff.entries.filter((e) => e.status !== "in-sync");
    // The rows the diff screen shows, without its title line.
    const rows = tableLines(diffRowsTable(out.slice(0, limit)), Number.MAX_SAFE_INTEGER).lines.slice(1);
    for (const row of rows) lines.push(`  ${row}`);
    if (out.length > limit)
      lines.push(`  … and ${(out.length - limit).toLocaleString("en-US")} more (--json lists all)`);
  }
  if (diffs.length > 1) {
    const out = diffs.filter((d) => !isInSync(d)).length;
    lines.push(`${plural(diffs.length, "table")}, ${out.toLocaleString("en-US")} out of sync`);
  }
  if (diffs.length === 0) lines.push("no tables found");
  return lines;
}

/** One line stating what a plan will do (the items the UI's confirmation lists). */
export function planLine(plan: SyncPlan): string {
  const items = planItems(plan, "--drop-stale drops them").join("; ");
  return `${plan.table.path} → ${plan.table.database}.${plan.table.name}: ${items}`;
}

/** Human lines for sync results: what was done per table, then failures (up to `limit`). */
export function resultLines(results: readonly SyncResult[], limit = 20): string[] {
  const lines: string[] = [];
  for (const r of results) {
    const done = [
      r.registered ? "registered" : "",
      r.relocated ? `re-pointed the table at ${r.table.location}/` : "",
      r.added > 0 ? `added ${r.added.toLocaleString("en-US")}` : "",
      r.updated > 0 ? `updated ${r.updated.toLocaleString("en-US")}` : "",
      r.dropped > 0 ? `dropped ${r.dropped.toLocaleString("en-US")}` : "",
    ].filter(Boolean);
    // Planned, but another run got there first: this run did not change them.
    const already = [
      r.alreadyThere > 0 ? `${r.alreadyThere.toLocaleString("en-US")} already there` : "",
      r.alreadyGone > 0 ? `${r.alreadyGone.toLocaleString("en-US")} already gone` : "",
    ].filter(Boolean);
    const what =
      done.length > 0
        ? [...done, ...already].join(", ")
        : `nothing changed${already.length > 0 ? `: ${already.join(", ")}` : ""}`;
    const failed = r.failed.length > 0 ? `, ${plural(r.failed.length, "failure")}` : "";
    lines.push(`${r.table.path}: ${what}${failed}`);
    for (const f of r.failed.slice(0, limit)) {
      lines.push(
        `  failed to ${f.phase} ${f.values.length > 0 ? f.values.join("/") : r.table.name}: ${f.message}`,
      );
    }
    if (r.failed.length > limit)
      lines.push(`  … and ${(r.failed.length - limit).toLocaleString("en-US")} more failures`);
  }
  return lines;
}

/** The JSON document of a diff: counts for every table, rows for the partitions not in sync. */
export function diffJson(diffs: readonly PartitionDiff[]) {
  return {
    inSync: diffs.every(isInSync),
    tables: diffs.map((d) => ({
      path: d.table.path,
      database: d.table.database,
      table: d.table.name,
      registered: d.catalogTable !== undefined,
      inSync: isInSync(d),
      counts: d.counts,
      tableIssues: d.tableIssues,
      partitions: d.entries
        .filter((e) => e.status !== "in-sync")
        .map((e) => ({
          status: e.status,
          name: e.name,
          values: e.values,
          storageLocation: e.storage?.location ?? null,
          catalogLocation: e.catalog?.location ?? null,
          reason: e.reason,
        })),
    })),
  };
}

export function planJson(plan: SyncPlan) {
  return {
    path: plan.table.path,
    database: plan.table.database,
    table: plan.table.name,
    registerTable: plan.registerTable,
    add: plan.adds.length,
    update: plan.updates.length,
    drop: plan.drops.length,
    relocateTable: plan.relocateTable?.location ?? null,
    cannotFix: plan.cannotFix,
    staleKept: plan.staleKept,
    reportedOnly: plan.reportedOnly,
    includable: plan.includable,
    calls: plan.calls,
  };
}

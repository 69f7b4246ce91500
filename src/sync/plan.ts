import type { CatalogPartition } from "../catalog/catalog.js";
import { INCLUDABLE_ANOMALIES } from "../lake/types.js";
import { isInside, movedLocation, sameLocation } from "./keys.js";
import { formatDiffersLine, keysDifferLine, tableFindings } from "./table-findings.js";
import type { PartitionDiff, SyncPlan } from "./types.js";

/** Glue's batch limits: BatchCreatePartition 100, BatchUpdatePartition 100, BatchDeletePartition 25. */
export const GLUE_BATCH = { add: 100, update: 100, drop: 25 } as const;

/** Partitions per transaction in the local catalog (its LOCAL_BATCH_SIZE; kept here so plans load no SQLite). */
export const LOCAL_BATCH = 5_000;

export interface PlanOptions {
  /** Drop stale partitions; off unless asked for, per run. */
  dropStale?: boolean;
  /**
   * Register anomalies whose folder still names a partition of the table (a null or odd value, one value
   * in two folders, no data file, a 0-byte file, a level too deep); off unless asked for, per run.
   */
  includeAnomalies?: boolean;
  catalogKind: "glue" | "local";
}

/** Calls a plan needs: ⌈adds/100⌉ + ⌈drops/25⌉ + ⌈updates/100⌉ on Glue; one per 5,000 locally. */
export function callsFor(
  kind: "glue" | "local",
  counts: { adds: number; updates: number; drops: number; registerTable?: boolean },
): number {
  const register = counts.registerTable ? 1 : 0;
  if (kind === "local") {
    return (
      register +
      [counts.adds, counts.updates, counts.drops].reduce((sum, n) => sum + Math.ceil(n / LOCAL_BATCH), 0)
    );
  }
  return (
    register +
    Math.ceil(counts.adds / GLUE_BATCH.add) +
    Math.ceil(counts.updates / GLUE_BATCH.update) +
    Math.ceil(counts.drops / GLUE_BATCH.drop)
  );
}

/**
 * What a sync will do: add storage-only partitions, re-point moved ones (and a moved table), drop stale ones
 * only if asked. When the catalog's partition keys differ from the lake's no partition is planned: every
 * one would fail, and the plan says how to fix the table instead.
 */
export function planSync(diff: PartitionDiff, options: PlanOptions): SyncPlan {
  const found = tableFindings(diff.table, diff.catalogTable);
  const cannotFix: string[] = [];
  if (found.keysDiffer) cannotFix.push(keysDifferLine(diff.table, found.keysDiffer));
  if (found.formatDiffers) cannotFix.push(formatDiffersLine(diff.table, found.formatDiffers));
  const relocateTable =
    found.movedFrom && diff.catalogTable
      ? { ...diff.catalogTable, location: `${diff.table.location}/` }
      : undefined;
  const entries = found.keysDiffer ? [] : diff.entries;
  const format = diff.catalogTable?.format ?? diff.table.format;
  const adds: CatalogPartition[] = [];
  const updates: CatalogPartition[] = [];
  const drops: string[][] = [];
  let staleKept = 0;
  let reportedOnly = 0;
  let includable = 0;
  const keyCount = diff.catalogTable?.partitionKeys.length ?? diff.table.partitionKeys.length;
  for (const entry of entries) {
    switch (entry.status) {
      case "add":
        if (entry.storage) adds.push({ values: entry.values, location: entry.storage.location, format });
        break;
      case "update":
        if (entry.storage && entry.catalog)
          updates.push({ ...entry.catalog, location: entry.storage.location });
        break;
      case "drop":
        if (options.dropStale) drops.push(entry.values);
        else {
          staleKept++;
          // Kept stale partitions move with their table, or they would end up outside it.
          const from = found.movedFrom;
          if (from && entry.catalog && !isInside(entry.catalog.location, diff.table.location)) {
            const location = movedLocation(entry.catalog.location, from, diff.table.location);
            updates.push({ ...entry.catalog, location });
          }
        }
        break;
      case "anomaly": {
        const storage = entry.storage;
        const fits =
          storage !== undefined &&
          entry.values.length === keyCount &&
          storage.anomalies.every((a) => INCLUDABLE_ANOMALIES.has(a.kind));
        if (!fits) reportedOnly++;
        else if (!options.includeAnomalies) {
          reportedOnly++;
          includable++;
        } else if (!entry.catalog) adds.push({ values: entry.values, location: storage.location, format });
        else if (!sameLocation(entry.catalog.location, storage.location))
          updates.push({ ...entry.catalog, location: storage.location });
        break;
      }
      case "drift":
        reportedOnly++;
        break;
      case "in-sync":
        break;
    }
  }
  const registerTable = !diff.catalogTable && diff.inStorage;
  const calls =
    callsFor(options.catalogKind, {
      adds: adds.length,
      updates: updates.length,
      drops: drops.length,
      registerTable,
    }) + (relocateTable ? 1 : 0);
  return {
    table: diff.table,
    registerTable,
    ...(relocateTable ? { relocateTable } : {}),
    cannotFix,
    adds,
    updates,
    drops,
    staleKept,
    reportedOnly,
    includable,
    calls,
  };
}

/** True when the plan changes nothing. */
export function isEmptyPlan(plan: SyncPlan): boolean {
  return (
    !plan.registerTable &&
    !plan.relocateTable &&
    plan.adds.length === 0 &&
    plan.updates.length === 0 &&
    plan.drops.length === 0
  );
}

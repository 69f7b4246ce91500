import type { Catalog } from "../catalog/catalog.js";
import type { ObjectStore } from "../storage/object-store.js";
import { applySync } from "./apply.js";
import { planSync } from "./plan.js";
import { registerTable } from "./register.js";
import type { PartitionDiff, SyncPlan, SyncProgress, SyncResult } from "./types.js";

/** Plans of several tables, dropping stale partitions and registering anomalies only when asked. */
export function planTables(
  diffs: readonly PartitionDiff[],
  catalog: Catalog,
  dropStale: boolean,
  includeAnomalies = false,
): SyncPlan[] {
  return diffs.map((diff) => planSync(diff, { catalogKind: catalog.kind, dropStale, includeAnomalies }));
}

/**
 * Applies plans one table after another; a table the catalog does not have yet is registered from
 * one of its files first. Storage is only read (to register), never written.
 */
export async function syncTables(
  store: ObjectStore,
  catalog: Catalog,
  plans: readonly SyncPlan[],
  onProgress?: (table: string, progress: SyncProgress) => void,
): Promise<SyncResult[]> {
  const results: SyncResult[] = [];
  for (const plan of plans) {
    results.push(
      await applySync(catalog, plan, {
        onProgress: (p) => onProgress?.(plan.table.path, p),
        registerTable: async () => {
          await registerTable(store, catalog, plan.table);
        },
      }),
    );
  }
  return results;
}

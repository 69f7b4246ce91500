import type { BatchResult, Catalog, CatalogPartition } from "../catalog/catalog.js";
import { errorLine, ReadOnlyError } from "../errors.js";
import { LOCAL_BATCH } from "./plan.js";
import type { SyncFailure, SyncPhase, SyncPlan, SyncProgress, SyncResult } from "./types.js";

/** Partitions handed to the catalog per call: Glue's batches stay full (a multiple of 100 and 25); one local transaction. */
const CHUNK = { glue: 1000, local: LOCAL_BATCH } as const;

export interface ApplyOptions {
  onProgress?: (progress: SyncProgress) => void;
  /** Creates the table in the catalog when the plan says so (schema reading lives with the caller). */
  registerTable?: () => Promise<void>;
}

/**
 * Applies a plan to the catalog: register, update, add, then drop. Storage is never touched. A chunk that
 * fails is listed per partition and the rest goes on, so running the same diff again converges.
 */
export async function applySync(
  catalog: Catalog,
  plan: SyncPlan,
  options: ApplyOptions = {},
): Promise<SyncResult> {
  const { database, name } = plan.table;
  const callsBefore = { ...catalog.calls };
  const failed: SyncFailure[] = [];
  const total = plan.adds.length + plan.updates.length + plan.drops.length;
  let done = 0;
  const report = (phase: SyncPhase, extra = 0) => options.onProgress?.({ phase, done: done + extra, total });
  const result: SyncResult = {
    table: plan.table,
    registered: false,
    relocated: false,
    added: 0,
    alreadyThere: 0,
    updated: 0,
    dropped: 0,
    alreadyGone: 0,
    failed,
    calls: {},
  };

  if (plan.registerTable) {
    report("register");
    try {
      if (!options.registerTable) throw new Error("no way to register the table was given");
      await options.registerTable();
      result.registered = true;
    } catch (err) {
      if (err instanceof ReadOnlyError) throw err;
      failed.push({
        phase: "register",
        values: [],
        message: `could not register ${database}.${name}: ${errorLine(err)}`,
      });
      result.calls = callDelta(callsBefore, catalog.calls);
      return result;
    }
  }

  if (plan.relocateTable) {
    report("register");
    const table = plan.relocateTable;
    try {
      await catalog.putTable(table);
      result.relocated = true;
    } catch (err) {
      if (err instanceof ReadOnlyError) throw err;
      const message = `could not re-point ${database}.${name} at ${table.location}: ${errorLine(err)}`;
      failed.push({ phase: "register", values: [], message });
    }
  }

  async function run<T extends CatalogPartition | string[]>(
    phase: SyncPhase,
    items: T[],
    call: (chunk: T[], onProgress: (p: { done: number }) => void) => Promise<BatchResult>,
  ): Promise<{ changed: number; alreadyDone: number }> {
    let changed = 0;
    let alreadyDone = 0;
    const size = CHUNK[catalog.kind];
    for (let start = 0; start < items.length; start += size) {
      const chunk = items.slice(start, start + size);
      report(phase);
      try {
        const batch = await call(chunk, (p) => report(phase, p.done));
        changed += batch.succeeded;
        alreadyDone += batch.alreadyDone;
        for (const failure of batch.failed) failed.push({ phase, ...failure });
      } catch (err) {
        if (err instanceof ReadOnlyError) throw err;
        const message = errorLine(err);
        for (const item of chunk) failed.push({ phase, values: valuesOf(item), message });
      }
      done += chunk.length;
      report(phase);
    }
    return { changed, alreadyDone };
  }

  result.updated = (
    await run("update", plan.updates, (chunk, p) => catalog.updatePartitions(database, name, chunk, p))
  ).changed;
  // Another run (a second `sync`, a crawler) may have added or dropped some since the plan was made:
  // those are counted apart, so the result says what this run changed.
  const added = await run("add", plan.adds, (chunk, p) => catalog.addPartitions(database, name, chunk, p));
  result.added = added.changed;
  result.alreadyThere = added.alreadyDone;
  const dropped = await run("drop", plan.drops, (chunk, p) =>
    catalog.deletePartitions(database, name, chunk, p),
  );
  result.dropped = dropped.changed;
  result.alreadyGone = dropped.alreadyDone;
  result.calls = callDelta(callsBefore, catalog.calls);
  return result;
}

function valuesOf(item: CatalogPartition | string[]): string[] {
  return Array.isArray(item) ? item : item.values;
}

function callDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [op, n] of Object.entries(after)) {
    const d = n - (before[op] ?? 0);
    if (d > 0) delta[op] = d;
  }
  return delta;
}

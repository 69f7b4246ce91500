import type { BatchResult, Catalog, CatalogPartition } from "../catalog/catalog.js";
import { MedallionError } from "../errors.js";
import type { ObjectStore } from "../storage/object-store.js";
import { catalogValues } from "../sync/keys.js";
import { isDone, journaled, listRuns, saveRun, stagingPrefix } from "./journal.js";
import type { OutputPartition, OutputTable, PromotionRun } from "./types.js";

/**
 * The commit of a staged run (src/promote/README.md): the catalog points each replaced partition at
 * its staged copy, the old objects are backed up, the Hive folders are rewritten one partition at a
 * time, the catalog points back at the Hive folders, and staging is deleted. Every step is journaled
 * before and after and is safe to redo, so `resume` redoes the step that was interrupted.
 */

export type CommitProgress = (step: string, done: number, total: number) => void;

const baseName = (key: string) => key.slice(key.lastIndexOf("/") + 1);
const hiveFolder = (out: OutputTable, p: OutputPartition) => `${out.path}/${p.path ? `${p.path}/` : ""}`;
const newKeys = (out: OutputTable, p: OutputPartition) =>
  p.stagedKeys.map((k) => hiveFolder(out, p) + baseName(k));
export const stagedFolder = (run: PromotionRun, out: OutputTable, p: OutputPartition) =>
  `${stagingPrefix(run.id)}new/${hiveFolder(out, p)}`;
const backupKey = (run: PromotionRun, key: string) => `${stagingPrefix(run.id)}old/${key}`;

/** Copies within the lake: the store's own copy (no bytes through Node) where it has one. */
async function copy(store: ObjectStore, from: string, to: string): Promise<void> {
  if (store.copy) await store.copy(from, to);
  else await store.put(to, await store.read(from));
}

function check(result: BatchResult, what: string): void {
  const failure = result.failed[0];
  if (failure) {
    throw new MedallionError(
      "conflict",
      `${what}: ${result.failed.length} partition(s) failed, first ${failure.values.join("/")}: ${failure.message}`,
    );
  }
}

async function deleteAll(store: ObjectStore, keys: string[]): Promise<void> {
  if (keys.length === 0) return;
  const result = await store.delete(keys);
  const error = result.errors[0];
  if (error) throw new MedallionError("conflict", `cannot delete ${error.key}: ${error.message}`);
}

/** Every object under a prefix (staging of a run). */
async function keysUnder(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of store.list(prefix)) keys.push(...page.objects.map((o) => o.key));
  return keys;
}

const partitioned = (out: OutputTable) => out.table.partitionKeys.length > 0;

/** Points partitions the catalog holds at `location(p)`; adds the missing ones when `add` is set. */
async function pointCatalog(
  catalog: Catalog,
  out: OutputTable,
  chosen: OutputPartition[],
  location: (p: OutputPartition) => string,
): Promise<void> {
  if (!partitioned(out) || chosen.length === 0) return;
  const { database, name } = out.table;
  const entries: CatalogPartition[] = chosen.map((p) => ({
    values: catalogValues(p.values),
    location: location(p),
    format: out.table.format,
  }));
  check(await catalog.updatePartitions(database, name, entries), `re-pointing partitions of ${out.path}`);
}

export async function commitRun(
  store: ObjectStore,
  catalog: Catalog,
  run: PromotionRun,
  onProgress?: CommitProgress,
): Promise<void> {
  const hiveLocation = (out: OutputTable, p: OutputPartition) => store.uri(hiveFolder(out, p));
  const replaced = (out: OutputTable) => out.partitions.filter((p) => p.oldLocation !== undefined);

  await journaled(store, run, "catalog-tables", async () => {
    for (const out of run.outputs) {
      await catalog.ensureDatabase(out.table.database);
      await catalog.putTable(out.table);
    }
  });
  // Catalog readers switch to the complete new version, one partition at a time (one call per ≤100).
  await journaled(store, run, "catalog-to-staging", async () => {
    for (const out of run.outputs) {
      await pointCatalog(catalog, out, replaced(out), (p) => store.uri(stagedFolder(run, out, p)));
    }
  });
  // The old version is kept until the commit ends, so a run can be rolled back at any step.
  await journaled(store, run, "backup", async () => {
    for (const out of run.outputs) {
      for (const p of out.partitions)
        for (const key of p.oldKeys) await copy(store, key, backupKey(run, key));
    }
  });
  const all = run.outputs.flatMap((out) => out.partitions.map((p) => [out, p] as const));
  let done = 0;
  for (const [out, p] of all) {
    await journaled(store, run, `replace ${hiveFolder(out, p)}`, async () => {
      const fresh = new Set(newKeys(out, p));
      await deleteAll(
        store,
        p.oldKeys.filter((k) => !fresh.has(k)),
      );
      for (const key of p.stagedKeys) await copy(store, key, hiveFolder(out, p) + baseName(key));
    });
    onProgress?.("replace", ++done, all.length);
  }
  await journaled(store, run, "catalog-to-hive", async () => {
    for (const out of run.outputs) {
      if (!partitioned(out)) continue;
      await pointCatalog(
        catalog,
        out,
        replaced(out).filter((p) => p.stagedKeys.length > 0),
        (p) => hiveLocation(out, p),
      );
      const { database, name } = out.table;
      const added = out.partitions.filter(
        (p) => p.oldLocation === undefined && !p.registered && p.stagedKeys.length > 0,
      );
      if (added.length > 0) {
        const entries = added.map((p) => ({
          values: catalogValues(p.values),
          location: hiveLocation(out, p),
          format: out.table.format,
        }));
        check(await catalog.addPartitions(database, name, entries), `registering partitions of ${out.path}`);
      }
      const emptied = replaced(out).filter((p) => p.stagedKeys.length === 0);
      if (emptied.length > 0) {
        const values = emptied.map((p) => catalogValues(p.values));
        check(
          await catalog.deletePartitions(database, name, values),
          `dropping emptied partitions of ${out.path}`,
        );
      }
    }
  });
  await journaled(
    store,
    run,
    "cleanup",
    async () => {
      // With a grace period the staging stays (outside every table folder) until sweepStaging runs after
      // it: the previous version, and the staged copies catalog readers were pointed at (replaced
      // partitions). A new partition's staged copy was never in the catalog: no reader can be reading it.
      if (run.gracePeriod) {
        run.sweepAfter = new Date(Date.now() + run.gracePeriod * 1000).toISOString();
        const unread = run.outputs.flatMap((out) =>
          out.partitions
            .filter((p) => !partitioned(out) || p.oldLocation === undefined)
            .flatMap((p) => p.stagedKeys),
        );
        await deleteAll(store, unread);
      } else await deleteAll(store, await keysUnder(store, stagingPrefix(run.id)));
    },
    true,
  );
  run.state = "committed";
  run.finishedAt = new Date().toISOString();
  await saveRun(store, run);
}

/**
 * Deletes the staging (previous and staged versions) of committed runs whose grace period has passed;
 * returns their ids. Safe to run at any time and again: each run's staging is deleted, then marked swept.
 */
export async function sweepStaging(store: ObjectStore, now = new Date()): Promise<string[]> {
  const swept: string[] = [];
  for (const run of await listRuns(store)) {
    if (run.state !== "committed" || !run.sweepAfter || run.sweptAt) continue;
    if (Date.parse(run.sweepAfter) > now.getTime()) continue;
    await deleteAll(store, await keysUnder(store, stagingPrefix(run.id)));
    run.sweptAt = now.toISOString();
    await saveRun(store, run);
    swept.push(run.id);
  }
  return swept;
}

/**
 * Undoes an unfinished run from its journal: the Hive folders get their old objects back, the catalog
 * its old locations, staging is deleted. Journaled too, so an interrupted rollback is simply run again.
 */
export async function rollbackRun(store: ObjectStore, catalog: Catalog, run: PromotionRun): Promise<void> {
  if (run.state === "committed") {
    throw new MedallionError(
      "conflict",
      `run ${run.id} is committed: promote again to change the data${run.sweepAfter && !run.sweptAt ? ` (its previous version stays in ${store.uri(`${stagingPrefix(run.id)}old/`)} until ${run.sweepAfter})` : ""}`,
    );
  }
  if (run.state === "rolled-back") return;
  const started = (step: string) => run.steps.some((s) => s.step === step);
  await journaled(store, run, "rollback files", async () => {
    for (const out of run.outputs) {
      for (const p of out.partitions) {
        if (!started(`replace ${hiveFolder(out, p)}`)) continue;
        const old = new Set(p.oldKeys);
        await deleteAll(
          store,
          newKeys(out, p).filter((k) => !old.has(k)),
        );
        for (const key of p.oldKeys) await copy(store, backupKey(run, key), key);
      }
    }
  });
  await journaled(store, run, "rollback catalog", async () => {
    if (!started("catalog-to-staging")) return;
    for (const out of run.outputs) {
      const replaced = out.partitions.filter((p) => p.oldLocation !== undefined);
      if (partitioned(out) && replaced.length > 0 && started("catalog-to-hive")) {
        // A partition dropped as emptied comes back (one still there counts as added), then all re-point.
        const entries = replaced.map((p) => ({
          values: catalogValues(p.values),
          location: p.oldLocation as string,
          format: out.table.format,
        }));
        check(
          await catalog.addPartitions(out.table.database, out.table.name, entries),
          `restoring ${out.path}`,
        );
      }
      await pointCatalog(catalog, out, replaced, (p) => p.oldLocation as string);
      const added = out.partitions.filter((p) => p.oldLocation === undefined && !p.registered);
      if (partitioned(out) && added.length > 0 && started("catalog-to-hive")) {
        const values = added.map((p) => catalogValues(p.values));
        check(
          await catalog.deletePartitions(out.table.database, out.table.name, values),
          `unregistering ${out.path}`,
        );
      }
      if (out.previous && started("catalog-tables")) await catalog.putTable(out.previous);
    }
  });
  await journaled(store, run, "rollback staging", async () => {
    await deleteAll(store, await keysUnder(store, stagingPrefix(run.id)));
  });
  run.state = "rolled-back";
  run.finishedAt = new Date().toISOString();
  await saveRun(store, run);
}

export { isDone };

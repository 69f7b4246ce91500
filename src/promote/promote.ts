import type { DuckDbEngineOptions } from "../engine/duckdb.js";
import type { Engine, EngineKind } from "../engine/engine.js";
import { openEngine } from "../engine/index.js";
import { MedallionError, ReadOnlyError } from "../errors.js";
import type { Lake } from "../lake/lake.js";
import { tableRef } from "../sync/table-ref.js";
import { type CommitProgress, commitRun, rollbackRun } from "./commit.js";
import { breakingChangeError, type SchemaChange, schemaChanges } from "./evolution.js";
import { isDone, journaled, loadRun, saveRun, stagingPrefix } from "./journal.js";
import { listTablePartitions } from "./partitions.js";
import { type PromotionPlan, type PromotionTarget, planPromotion, resolveTarget } from "./plan.js";
import { stagePromotion } from "./stage.js";
import type { PromotionLayer, PromotionRun } from "./types.js";

export interface PromoteOptions {
  to?: PromotionLayer;
  partitions?: string[];
  dryRun?: boolean;
  engine?: EngineKind;
  engineOptions?: DuckDbEngineOptions;
  /** An engine session to use (and leave open), e.g. one for several promotions in a row. */
  session?: Engine;
  /** What is happening now, in a few words ("validating and typing rows", "replace 3/30"). */
  onProgress?: (status: string) => void;
  /** Promote even when the spec changes the table's schema in a breaking way (evolution.ts). */
  allowBreaking?: boolean;
}

export interface PromotionResult {
  run: PromotionRun;
  dryRun: boolean;
  /** Input partitions left out as unchanged since the last committed run. */
  unchanged: number;
  /** True when nothing was new or changed: no run was made. */
  upToDate: boolean;
}

const commitProgress =
  (onProgress?: (s: string) => void): CommitProgress =>
  (step, done, total) =>
    onProgress?.(`${step} ${done}/${total}`);

async function stageAndCommit(
  lake: Lake,
  target: PromotionTarget,
  plan: PromotionPlan,
  options: PromoteOptions,
) {
  const { run } = plan;
  const catalog = await lake.catalog();
  const staging = journaled(lake.store, run, "stage", async () => {
    // A stage cut short left partial files: start it over from a clean staging folder.
    const stale = [];
    for await (const page of lake.store.list(stagingPrefix(run.id)))
      stale.push(...page.objects.map((o) => o.key));
    if (stale.length > 0) await lake.store.delete(stale);
    const engine = options.session ?? (await openEngine(run.engine, lake.store, options.engineOptions));
    try {
      await stagePromotion(lake, catalog, engine, target, plan, { onProgress: options.onProgress });
    } finally {
      if (!options.session) await engine.close();
    }
  });
  // A stage that fails (bad SQL in the spec, a missing column) has changed nothing: undo it at once.
  await staging.catch(async (err) => {
    await rollbackRun(lake.store, catalog, run).catch(() => undefined);
    throw err;
  });
  options.onProgress?.("committing");
  await commitRun(lake.store, catalog, run, commitProgress(options.onProgress));
}

/**
 * Promotes a table: plans (new or changed input partitions, or `--partitions`), stages the new versions
 * of the output partitions with the engine, and commits them under a run journal. A dry run computes the
 * counts and writes nothing. Read-only lakes refuse before anything is written.
 */
export async function promote(
  lake: Lake,
  table: string,
  options: PromoteOptions = {},
): Promise<PromotionResult> {
  if (lake.readOnly && !options.dryRun) throw new ReadOnlyError(`promote ${table}`);
  const target = resolveTarget(lake.config, table, options.to);
  const engine = options.engine ?? lake.config.engine;
  if (engine === "athena") {
    throw new MedallionError(
      "not-yet",
      "promoting with the athena engine is not yet wired: its SQL in Athena's dialect and its UNLOAD writes (≤100 partitions a statement) exist, but the engine is not opened for a promotion yet (inputs through their catalog tables); use --engine duckdb (it reads S3 lakes too, fetching only the input partitions)",
    );
  }
  const changes = await checkSchema(lake, target, options.allowBreaking === true);
  const plan = await planPromotion(lake, target, { engine, partitions: options.partitions });
  if (changes.length > 0) plan.run.schemaChanges = changes;
  const result = { run: plan.run, dryRun: options.dryRun === true, unchanged: plan.unchanged };
  if (plan.run.inputs.length === 0) return { ...result, upToDate: true };
  if (options.dryRun) {
    const session = options.session ?? (await openEngine(engine, lake.store, options.engineOptions));
    try {
      await stagePromotion(lake, await lake.catalog(), session, target, plan, {
        dryRun: true,
        onProgress: options.onProgress,
      });
    } finally {
      if (!options.session) await session.close();
    }
    return { ...result, upToDate: false };
  }
  await stageAndCommit(lake, target, plan, options);
  return { ...result, upToDate: false };
}

/**
 * A silver spec against its table in the catalog, before anything is read or written: the changes, or
 * one line naming the first breaking one (column, a partition written before, both types).
 */
async function checkSchema(
  lake: Lake,
  target: PromotionTarget,
  allowBreaking: boolean,
): Promise<SchemaChange[]> {
  if (!target.silver) return [];
  const ref = tableRef(lake, target.target);
  const table = await (await lake.catalog()).getTable(ref.database, ref.name);
  if (!table) return [];
  const changes = schemaChanges(table.columns, target.silver.columns);
  const breaking = changes.find((c) => c.breaking);
  if (breaking && !allowBreaking) {
    const [first] = await listTablePartitions(lake.store, target.target);
    throw breakingChangeError(target.target, breaking, first?.path);
  }
  return changes;
}

/** Finishes an interrupted run from the step it stopped at (a cut-short stage is staged again). */
export async function resumeRun(lake: Lake, id: string, options: PromoteOptions = {}): Promise<PromotionRun> {
  if (lake.readOnly) throw new ReadOnlyError(`resume run ${id}`);
  const run = await loadRun(lake.store, id);
  if (run.state !== "running") {
    throw new MedallionError("conflict", `run ${id} is ${run.state}: nothing to resume`);
  }
  if (isDone(run, "stage")) {
    await commitRun(lake.store, await lake.catalog(), run, commitProgress(options.onProgress));
    return run;
  }
  // Staging never finished: read the same input partitions again.
  const target = resolveTarget(lake.config, run.target);
  const inputObjects = new Map<string, Awaited<ReturnType<typeof listTablePartitions>>>();
  for (const source of run.sources) {
    const wanted = new Set(run.inputs.filter((i) => i.table === source).map((i) => i.path));
    const listed = await listTablePartitions(lake.store, source);
    inputObjects.set(
      source,
      listed.filter((p) => wanted.has(p.path)),
    );
  }
  await stageAndCommit(lake, target, { run, inputObjects, unchanged: 0, selection: run.selection }, options);
  return run;
}

/** Undoes an unfinished run (see rollbackRun). */
export async function rollback(lake: Lake, id: string): Promise<PromotionRun> {
  if (lake.readOnly) throw new ReadOnlyError(`roll back run ${id}`);
  const run = await loadRun(lake.store, id);
  await rollbackRun(lake.store, await lake.catalog(), run);
  return run;
}

export { saveRun };

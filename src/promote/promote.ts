import type { Catalog } from "../catalog/catalog.js";
import type { DuckDbEngineOptions } from "../engine/duckdb.js";
import type { Engine, EngineKind, EngineUsage } from "../engine/engine.js";
import { openEngine } from "../engine/index.js";
import { type ErrorCode, MedallionError, ReadOnlyError } from "../errors.js";
import type { Lake } from "../lake/lake.js";
import { athenaSession, checkAthenaLake } from "./athena-inputs.js";
import { type CommitProgress, commitRun, rollbackRun, sweepStaging } from "./commit.js";
import { isDone, journaled, loadRun, saveRun, stagingPrefix } from "./journal.js";
import { listTablePartitions } from "./partitions.js";
import { type PromotionPlan, type PromotionTarget, planPromotion, resolveTarget } from "./plan.js";
import { checkSchema } from "./schema-check.js";
import { stagePromotion } from "./stage.js";
import { stoppable, stopped } from "./stoppable.js";
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
  /**
   * Aborting stops the stage: Athena's running query (StopQueryExecution), DuckDB's statement (interrupt);
   * the run is left to resume, nothing of it visible. Once the commit has begun it goes to its end.
   */
  signal?: AbortSignal;
  /** The commit begins: from here a stop is no longer heard (a commit is finished, not cut halfway). */
  onCommit?: () => void;
}

export interface PromotionResult {
  run: PromotionRun;
  dryRun: boolean;
  /** Input partitions left out as unchanged since the last committed run. */
  unchanged: number;
  /** True when nothing was new or changed: no run was made. */
  upToDate: boolean;
}

/** Stage failures that leave an Athena run to resume: stopped, timed out, Athena's own failure. */
const RESUMABLE = new Set<ErrorCode>(["cancelled", "endpoint", "throttled"]);

/** The engine session of a promotion (or the caller's); Athena reads inputs through the catalog. */
async function openSession(
  lake: Lake,
  catalog: Catalog,
  kind: EngineKind,
  options: PromoteOptions,
): Promise<Engine> {
  if (options.session) return options.session;
  if (kind !== "athena") return openEngine(kind, lake.store, options.engineOptions);
  const session = athenaSession(lake, catalog, {
    signal: options.signal,
    onQuery: ({ sql, state, elapsedMs }) =>
      options.onProgress?.(
        `Athena ${sql.startsWith("UNLOAD") ? "UNLOAD" : "query"}: ${state.toLowerCase()} ${(elapsedMs / 1000).toFixed(1)} s`,
      ),
  });
  return openEngine(kind, lake.store, options.engineOptions, session);
}

/** Adds what the engine scanned and cost since `before` to the run's usage (a resumed run adds up). */
function addUsage(run: PromotionRun, before: Partial<EngineUsage>, engine: Engine): void {
  if (!engine.usage) return;
  const was = run.usage ?? { queries: 0, scannedBytes: 0, costUsd: 0 };
  run.usage = {
    queries: was.queries + engine.usage.queries - (before.queries ?? 0),
    scannedBytes: was.scannedBytes + engine.usage.scannedBytes - (before.scannedBytes ?? 0),
    costUsd: was.costUsd + engine.usage.costUsd - (before.costUsd ?? 0),
  };
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
  const staging = journaled(
    lake.store,
    run,
    "stage",
    async () => {
      // A stage cut short left partial files: start it over from a clean staging folder.
      const stale = [];
      for await (const page of lake.store.list(stagingPrefix(run.id)))
        stale.push(...page.objects.map((o) => o.key));
      if (stale.length > 0) await lake.store.delete(stale);
      const session = await openSession(lake, catalog, run.engine, options);
      const engine = stoppable(session, options.signal);
      const before = { ...engine.usage };
      try {
        await stagePromotion(lake, catalog, engine, target, plan, {
          onProgress: options.onProgress,
          allowBreaking: options.allowBreaking,
        });
      } finally {
        engine.release();
        addUsage(run, before, engine);
        if (!options.session) await session.close();
      }
    },
    true,
  );
  await staging.catch(async (err) => {
    // Stopped (Esc, Ctrl-C), or Athena timed out or failed on its side: staging is outside every table, so
    // nothing is visible; the run stays to be resumed (staged again) or rolled back.
    const aborted = options.signal?.aborted === true;
    if (aborted || (run.engine === "athena" && err instanceof MedallionError && RESUMABLE.has(err.code))) {
      const code = err instanceof MedallionError && !aborted ? err.code : "cancelled";
      // Athena's own words say which query stopped and what it had scanned; DuckDB's say "Interrupted!".
      const why = aborted && run.engine !== "athena" ? stopped(run.engine).message : (err as Error).message;
      await saveRun(lake.store, run);
      throw new MedallionError(
        code,
        `${why}; run ${run.id} is unfinished and nothing of it is visible: \`medallion runs resume ${run.id}\` stages it again, \`medallion runs rollback ${run.id}\` drops it`,
        { cause: err },
      );
    }
    // A stage that fails (bad SQL in the spec, a missing column) has changed nothing: undo it at once.
    await rollbackRun(lake.store, catalog, run).catch(() => undefined);
    throw err;
  });
  if (options.signal?.aborted) {
    throw new MedallionError(
      "cancelled",
      `stopped before the commit; run ${run.id} is staged and nothing of it is visible: \`medallion runs resume ${run.id}\` commits it, \`medallion runs rollback ${run.id}\` drops it`,
    );
  }
  options.onCommit?.();
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
  if (engine === "athena" && !options.session) checkAthenaLake(lake, await lake.catalog());
  // Gold's columns are its SELECT's: the engine knows them, so stageGold checks them.
  const changes = target.silver
    ? await checkSchema(
        lake,
        await lake.catalog(),
        target.target,
        target.silver.columns,
        options.allowBreaking === true,
      )
    : [];
  const plan = await planPromotion(lake, target, { engine, partitions: options.partitions });
  if (changes.length > 0) plan.run.schemaChanges = changes;
  const result = { run: plan.run, dryRun: options.dryRun === true, unchanged: plan.unchanged };
  // Earlier runs' previous versions whose grace period has passed (promote.gracePeriod) go now.
  if (!options.dryRun) await sweepStaging(lake.store);
  if (plan.run.inputs.length === 0) return { ...result, upToDate: true };
  if (options.signal?.aborted) throw new MedallionError("cancelled", "stopped: nothing was written");
  if (options.dryRun) {
    const catalog = await lake.catalog();
    const session = await openSession(lake, catalog, engine, options);
    const counting = stoppable(session, options.signal);
    const before = { ...session.usage };
    try {
      await stagePromotion(lake, catalog, counting, target, plan, {
        dryRun: true,
        onProgress: options.onProgress,
        allowBreaking: options.allowBreaking,
      });
    } catch (err) {
      if (!options.signal?.aborted) throw err;
      throw new MedallionError("cancelled", "dry run stopped: nothing was written", { cause: err });
    } finally {
      counting.release();
      addUsage(plan.run, before, session);
      if (!options.session) await session.close();
    }
    return { ...result, upToDate: false };
  }
  await stageAndCommit(lake, target, plan, options);
  return { ...result, upToDate: false };
}

/** Finishes an interrupted run from the step it stopped at (a cut-short stage is staged again). */
export async function resumeRun(lake: Lake, id: string, options: PromoteOptions = {}): Promise<PromotionRun> {
  if (lake.readOnly) throw new ReadOnlyError(`resume run ${id}`);
  const run = await loadRun(lake.store, id);
  if (run.state !== "running") {
    throw new MedallionError("conflict", `run ${id} is ${run.state}: nothing to resume`);
  }
  if (isDone(run, "stage")) {
    options.onCommit?.();
    await commitRun(lake.store, await lake.catalog(), run, commitProgress(options.onProgress));
    return run;
  }
  if (run.layer === "bronze") {
    // An ingest's prepared files died with its process: the missing ones are prepared again from the source.
    const { restageIngest } = await import("../ingest/restage.js");
    options.onCommit?.(); // staging what the source gives again, then the commit: both go to their end
    await journaled(lake.store, run, "stage", () => restageIngest(lake, run, options.onProgress));
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

import type { Config, GoldSpec, SilverSpec } from "../config/index.js";
import type { EngineKind } from "../engine/engine.js";
import { MedallionError } from "../errors.js";
import type { Lake } from "../lake/lake.js";
import { inCommitOrder, listRuns, newRunId } from "./journal.js";
import { fingerprint, type ListedPartition, listTablePartitions, selects } from "./partitions.js";
import type { InputPartition, PromotionLayer, PromotionRun } from "./types.js";

/** What to promote, resolved from the command line and the config. */
export interface PromotionTarget {
  target: string;
  layer: PromotionLayer;
  silver?: SilverSpec;
  gold?: GoldSpec;
  sources: string[];
}

const trimPath = (p: string) => p.replace(/^\/+|\/+$/g, "");

/**
 * The table to write: `table` itself when it has a spec (silver/sales/orders, gold/sales/daily), else
 * the one table of layer `to` built from it (`bronze/sales/orders --to silver`).
 */
/**
 * Seconds a run keeps the version it replaced (`promote.gracePeriod`). Unset: an hour with the Glue
 * catalog, whose readers are Athena queries (30 minutes at most by Athena's default DML timeout, the
 * default of athena.queryTimeout too) that may have been planned against the staged copy during the
 * commit; none with the embedded catalog, whose readers are Medallion's own short queries.
 */
export const gracePeriod = (config: Config): number =>
  config.promote?.gracePeriod ?? (config.catalog === "glue" ? 3600 : 0);

export function resolveTarget(config: Config, table: string, to?: PromotionLayer): PromotionTarget {
  const path = trimPath(table);
  const own = config.tables[path];
  const of = (p: string): PromotionTarget | undefined => {
    const t = config.tables[p];
    if (t?.silver) return { target: p, layer: "silver", silver: t.silver, sources: [t.silver.from] };
    if (t?.gold)
      return { target: p, layer: "gold", gold: t.gold, sources: t.gold.sources.map((s) => s.table) };
    return undefined;
  };
  const direct = own && of(path);
  if (direct && (to === undefined || to === direct.layer)) return direct;
  if (to === undefined) {
    throw new MedallionError(
      "usage",
      `${path} has no silver or gold spec in medallion.yaml: name the layer to promote it to (--to silver|gold)`,
    );
  }
  const built = Object.keys(config.tables)
    .map(of)
    .filter((t): t is PromotionTarget => t !== undefined && t.layer === to && t.sources.includes(path));
  if (built.length === 1) return built[0] as PromotionTarget;
  if (built.length > 1) {
    throw new MedallionError(
      "usage",
      `${path} feeds ${built.length} ${to} tables (${built.map((t) => t.target).join(", ")}): promote one of them by name`,
    );
  }
  throw new MedallionError(
    "usage",
    `no ${to} table in medallion.yaml is built from ${path}: add a \`${to}:\` spec to a ${to}/… table (see README, Configuration)`,
  );
}

/**
 * What `P` on a table promotes: its own spec, else the table of the next layer built from it (bronze →
 * silver, silver → gold).
 */
export function promotionTarget(config: Config, table: string): PromotionTarget {
  const path = trimPath(table);
  const own = config.tables[path];
  if (own?.silver || own?.gold) return resolveTarget(config, path);
  const layer = Object.entries(config.layers).find(([, name]) => path.split("/")[0] === name)?.[0];
  return resolveTarget(config, path, layer === "silver" ? "gold" : "silver");
}

export interface PlanOptions {
  engine: EngineKind;
  /** Partitions to promote (`year=2024/month=01/day=15`, or a prefix of levels); default: new or changed. */
  partitions?: string[];
}

/** A promotion's plan: the run (not yet journaled) and the input partitions it reads, with their objects. */
export interface PromotionPlan {
  run: PromotionRun;
  /** Objects of every input partition read, by table. */
  inputObjects: Map<string, ListedPartition[]>;
  /** Partitions left out: unchanged since the last committed run. */
  unchanged: number;
  /** The `--partitions` selection, for gold: the output partitions to write. */
  selection?: string[];
}

/**
 * Plans a promotion: lists the sources' partitions, fingerprints them and keeps the ones new or changed
 * since the last committed run of this target (the journal knows), or the `--partitions` selection.
 * Refuses while another run of the same target is unfinished.
 */
export async function planPromotion(
  lake: Lake,
  target: PromotionTarget,
  options: PlanOptions,
): Promise<PromotionPlan> {
  const runs = await listRuns(lake.store);
  const open = runs.find((r) => r.target === target.target && r.state === "running");
  if (open) {
    throw new MedallionError(
      "conflict",
      `run ${open.id} of ${target.target} is unfinished: \`medallion runs resume ${open.id}\` or \`medallion runs rollback ${open.id}\` first`,
    );
  }
  const last = new Map<string, string>();
  for (const run of inCommitOrder(runs)) {
    if (run.target !== target.target) continue;
    for (const input of run.inputs) last.set(`${input.table}\t${input.path}`, input.fingerprint);
  }
  const inputObjects = new Map<string, ListedPartition[]>();
  const inputs: InputPartition[] = [];
  let unchanged = 0;
  let anyChanged = false;
  for (const source of target.sources) {
    const listed = await listTablePartitions(lake.store, source);
    if (listed.length === 0) {
      throw new MedallionError("not-found", `${source} holds no data files: nothing to promote from it`);
    }
    const picked: ListedPartition[] = [];
    for (const partition of listed) {
      const fp = fingerprint(partition.objects);
      const changed = last.get(`${source}\t${partition.path}`) !== fp;
      anyChanged ||= changed;
      const chosen =
        target.layer === "gold" ||
        (options.partitions ? selects(options.partitions, partition.path) : changed);
      if (!chosen) {
        unchanged += 1;
        continue;
      }
      picked.push(partition);
      inputs.push({
        table: source,
        path: partition.path,
        fingerprint: fp,
        objects: partition.objects.length,
        bytes: partition.objects.reduce((n, o) => n + o.size, 0),
      });
    }
    inputObjects.set(source, picked);
  }
  if (options.partitions && target.layer === "silver" && inputs.length === 0) {
    throw new MedallionError(
      "not-found",
      `--partitions ${options.partitions.join(",")} names no partition of ${target.sources[0]}: \`medallion ls ${target.sources[0]}\` lists them`,
    );
  }
  // Gold reads its sources whole: rebuilt when any source changed, or for an explicit selection.
  if (target.layer === "gold" && !anyChanged && !options.partitions) {
    unchanged = inputs.length;
    inputs.length = 0;
    inputObjects.clear();
  }
  const run: PromotionRun = {
    id: newRunId(),
    layer: target.layer,
    target: target.target,
    sources: target.sources,
    engine: options.engine,
    state: "running",
    ...(options.partitions ? { selection: options.partitions } : {}),
    ...(gracePeriod(lake.config) > 0 ? { gracePeriod: gracePeriod(lake.config) } : {}),
    createdAt: new Date().toISOString(),
    inputs,
    outputs: [],
    steps: [],
  };
  return { run, inputObjects, unchanged, selection: options.partitions };
}

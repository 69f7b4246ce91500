import type { ListPage, ObjectStore } from "./object-store.js";
import { FlatGrouping, isPartitionName, placeFolders, sharedFileStart } from "./partition-grouping.js";
import {
  type DiscoveryBatch,
  type DiscoveryOptions,
  type DiscoveryPlan,
  emptyBatch,
  isEmptyBatch,
} from "./partition-types.js";
import { BatchChannel, TaskPool } from "./walk-queue.js";

export type { PrefixStats } from "./partition-stats.js";
export type {
  DiscoveredPartition,
  DiscoveryBatch,
  DiscoveryOptions,
  DiscoveryPlan,
  DiscoveryStrategy,
  OtherFolder,
  StrayFile,
} from "./partition-types.js";

/** Drops stats: a rollup or delimiter walk does not know them, and a half-known count would mislead. */
function withoutStats(batch: DiscoveryBatch): DiscoveryBatch {
  return {
    partitions: batch.partitions.map(({ prefix, segments }) => ({ prefix, segments })),
    strayFiles: batch.strayFiles,
    otherFolders: batch.otherFolders.map(({ prefix, segments }) => ({ prefix, segments })),
  };
}

class PartitionWalk {
  private readonly pool: TaskPool;
  private readonly concurrency: number;

  constructor(
    private readonly store: ObjectStore,
    private readonly table: string,
    private readonly channel: BatchChannel<DiscoveryBatch>,
    private readonly signal: AbortSignal,
    private readonly options: DiscoveryOptions,
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 16);
    this.pool = new TaskPool(this.concurrency, signal);
  }

  async run(declaredDepth: number | undefined): Promise<void> {
    if (this.signal.aborted) return;
    const depth = declaredDepth ?? (await this.inferDepth());
    if (depth === undefined || depth < 1) return; // no objects, or an unpartitioned table
    const strategy = this.options.strategy ?? "auto";
    const flat = strategy === "flat" || (strategy === "auto" && this.options.stats === true);
    if (depth === 1) {
      // One level: the table's delimiter listing names every partition (1 request per 1,000 of them).
      this.plan({ strategy: flat ? "flat" : "delimiter", depth, fanOutLevel: flat ? 0 : undefined });
      this.pool.add(() => (flat ? this.listFlat(this.table, depth) : this.listLevel(this.table, [], depth)));
      return this.pool.idle();
    }
    if (strategy === "delimiter") {
      this.plan({ strategy, depth });
      this.pool.add(() => this.listLevel(this.table, [], depth));
      return this.pool.idle();
    }
    const firsts = await this.firstLevel(depth);
    if (firsts.length === 0 || this.signal.aborted) return;
    const first = firsts[0] as string;
    const rest = firsts.slice(1);
    const sample = this.store.list(first, { pageSize: 1000 })[Symbol.asyncIterator]();
    if (flat) return this.runFlat(depth, firsts, sample);

    // Sample the first first-level prefix: how many files per partition, and what they are called.
    const grouping = new FlatGrouping(this.table, depth);
    const sampled = emptyBatch();
    const page = await sample.next();
    const objects = page.done ? [] : page.value.objects;
    grouping.add(objects, sampled);
    const filesPerPartition = objects.length / Math.max(1, grouping.partitionsIn(sampled));
    const start = sharedFileStart(grouping.fileNames, grouping.folderNames);

    const rollup = strategy === "rollup" || (strategy === "auto" && this.options.namesOnly === true);
    if (start !== undefined && rollup) {
      await sample.return?.();
      const delimiter = `/${start}`;
      this.plan({ strategy: "rollup", depth, fanOutLevel: 1, filesPerPartition, delimiter });
      grouping.flush(sampled);
      const seen = new Set(sampled.partitions.map((p) => p.prefix));
      if (!isEmptyBatch(sampled)) await this.channel.push(withoutStats(sampled));
      // A page shorter than the 1,000 asked for is the last one: the sample then covered the whole prefix.
      if (objects.length === 1000) {
        this.pool.add(() => this.listRollup(first, depth, delimiter, objects.at(-1)?.key, seen));
      }
      for (const prefix of rest) this.pool.add(() => this.listRollup(prefix, depth, delimiter));
      return this.pool.idle();
    }
    if (strategy === "auto" && filesPerPartition < (this.options.flatBelow ?? 50)) {
      return this.runFlat(depth, firsts, sample, grouping, sampled, filesPerPartition);
    }
    await sample.return?.();
    this.plan({ strategy: "delimiter", depth, filesPerPartition });
    for (const prefix of firsts) this.pool.add(() => this.listLevel(prefix, this.segmentsOf(prefix), depth));
    return this.pool.idle();
  }

  /** Parallel flat listings of the first level (or the second, when the first has too few prefixes). */
  private async runFlat(
    depth: number,
    firsts: string[],
    sample: AsyncIterator<ListPage>,
    grouping?: FlatGrouping,
    sampled?: DiscoveryBatch,
    filesPerPartition?: number,
  ): Promise<void> {
    const fanOutLevel = firsts.length < this.concurrency && depth >= 3 ? 2 : 1;
    this.plan({ strategy: "flat", depth, fanOutLevel, filesPerPartition });
    if (fanOutLevel === 2) {
      await sample.return?.();
      for (const prefix of firsts)
        this.pool.add(() => this.listLevel(prefix, this.segmentsOf(prefix), depth, 2));
      return this.pool.idle();
    }
    const [first, ...rest] = firsts as [string, ...string[]];
    this.pool.add(() => this.listFlat(first, depth, sample, grouping, sampled));
    for (const prefix of rest) this.pool.add(() => this.listFlat(prefix, depth));
    return this.pool.idle();
  }

  private plan(plan: DiscoveryPlan): void {
    this.options.onPlan?.(plan);
  }

  private segmentsOf(prefix: string): string[] {
    return prefix.slice(this.table.length, -1).split("/");
  }

  /** Depth of an undeclared table: the most leading key=value folders among its first 1,000 keys. */
  private async inferDepth(): Promise<number | undefined> {
    for await (const page of this.store.list(this.table, { pageSize: 1000 })) {
      let depth: number | undefined;
      for (const object of page.objects) {
        const folders = object.key.slice(this.table.length).split("/").slice(0, -1);
        let level = 0;
        while (level < folders.length && isPartitionName(folders[level] as string)) level += 1;
        depth = Math.max(depth ?? 0, level);
      }
      return depth;
    }
    return undefined;
  }

  /** The table's first level, listed before anything else: key=value prefixes, with strays reported. */
  private async firstLevel(depth: number): Promise<string[]> {
    const firsts: string[] = [];
    for await (const page of this.store.list(this.table, { delimiter: "/" })) {
      if (this.signal.aborted) break;
      const batch = emptyBatch();
      this.sortLevel(page, [], depth, batch, (prefix) => firsts.push(prefix));
      if (!isEmptyBatch(batch)) await this.channel.push(batch);
    }
    return firsts;
  }

  /** Splits one `/` delimiter page: stray files, other folders, partitions (at `depth`), deeper prefixes. */
  private sortLevel(
    page: ListPage,
    segments: string[],
    depth: number,
    batch: DiscoveryBatch,
    deeper: (prefix: string, segments: string[]) => void,
  ): void {
    for (const object of page.objects) batch.strayFiles.push({ object, segments });
    for (const prefix of page.prefixes) {
      const name = prefix.slice(0, -1).split("/").at(-1) as string;
      const childSegments = [...segments, name];
      if (!isPartitionName(name)) batch.otherFolders.push({ prefix, segments: childSegments });
      else if (childSegments.length === depth) batch.partitions.push({ prefix, segments: childSegments });
      else deeper(prefix, childSegments);
    }
  }

  /** One `/` delimiter listing (1 request per 1,000 children); deeper levels become new tasks. */
  private async listLevel(prefix: string, segments: string[], depth: number, flatAt?: number): Promise<void> {
    for await (const page of this.store.list(prefix, { delimiter: "/" })) {
      if (this.signal.aborted) return;
      const batch = emptyBatch();
      this.sortLevel(page, segments, depth, batch, (child, childSegments) => {
        if (childSegments.length === flatAt) this.pool.add(() => this.listFlat(child, depth));
        else this.pool.add(() => this.listLevel(child, childSegments, depth, flatAt));
      });
      if (!isEmptyBatch(batch)) await this.channel.push(batch);
    }
  }

  /** A flat listing of a prefix (1 request per 1,000 objects), grouped into partitions with their stats. */
  private async listFlat(
    prefix: string,
    depth: number,
    pages: AsyncIterator<ListPage> = this.store.list(prefix)[Symbol.asyncIterator](),
    grouping = new FlatGrouping(this.table, depth),
    pending: DiscoveryBatch = emptyBatch(),
  ): Promise<void> {
    let batch = pending;
    try {
      while (!this.signal.aborted) {
        const page = await pages.next();
        if (page.done) break;
        grouping.add(page.value.objects, batch);
        if (!isEmptyBatch(batch)) await this.channel.push(batch);
        batch = emptyBatch();
      }
    } finally {
      if (this.signal.aborted) await pages.return?.();
    }
    if (this.signal.aborted) return;
    grouping.flush(batch);
    if (!isEmptyBatch(batch)) await this.channel.push(batch);
  }

  /**
   * A rollup listing: with `/part-` as delimiter every partition's files come back as one common prefix
   * (`…/day=15/part-`). Files named otherwise come back as objects; a prefix that rolled up above the
   * partition level is listed again level by level, so nothing is missed whatever the names.
   */
  private async listRollup(
    prefix: string,
    depth: number,
    delimiter: string,
    startAfter?: string,
    seen = new Set<string>(),
  ): Promise<void> {
    const found = (batch: DiscoveryBatch, kind: "partition" | "other", segments: string[]) => {
      const at = `${this.table}${segments.join("/")}/`;
      if (seen.has(at)) return;
      seen.add(at);
      if (kind === "partition") batch.partitions.push({ prefix: at, segments });
      else batch.otherFolders.push({ prefix: at, segments });
    };
    for await (const page of this.store.list(prefix, { delimiter, startAfter })) {
      if (this.signal.aborted) return;
      const batch = emptyBatch();
      for (const common of page.prefixes) {
        const folders = common.slice(this.table.length).split("/").slice(0, -1);
        const place = placeFolders(folders, depth);
        if (place.kind === "above") this.pool.add(() => this.listLevel(common, place.segments, depth));
        else found(batch, place.kind, place.segments);
      }
      for (const object of page.objects) {
        const place = placeFolders(object.key.slice(this.table.length).split("/").slice(0, -1), depth);
        if (place.kind === "above") batch.strayFiles.push({ object, segments: place.segments });
        else found(batch, place.kind, place.segments);
      }
      if (!isEmptyBatch(batch)) await this.channel.push(batch);
    }
  }
}

/**
 * Discovers a table's partitions: `depth` key=value folder levels below `tablePrefix` (inferred from
 * the first keys when undefined). Streams batches while listings with bounded concurrency are in
 * flight, so the first partitions arrive long before the walk ends.
 *
 * `auto` lists the first level, samples one first-level prefix flat, then lists every first-level prefix
 * in parallel: flat when partitions hold few files (each partition then comes with its stats), else
 * level by level with `/`. With `namesOnly: true` it first tries a rollup by the files' shared name
 * start (one request per 1,000 partitions); with `stats: true` it always lists flat.
 */
export async function* discoverPartitions(
  store: ObjectStore,
  tablePrefix: string,
  depth: number | undefined,
  options: DiscoveryOptions = {},
): AsyncGenerator<DiscoveryBatch> {
  const table = tablePrefix === "" || tablePrefix.endsWith("/") ? tablePrefix : `${tablePrefix}/`;
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  if (options.signal?.aborted) abort.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const channel = new BatchChannel<DiscoveryBatch>();
  const walk = new PartitionWalk(store, table, channel, abort.signal, options);
  const done = walk.run(depth).then(
    () => channel.close(),
    (error: unknown) => channel.close(error),
  );
  try {
    yield* channel;
    options.signal?.throwIfAborted();
  } finally {
    abort.abort();
    channel.close();
    await done;
    options.signal?.removeEventListener("abort", onAbort);
  }
}

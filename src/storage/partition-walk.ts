import type { ListPage, ObjectInfo, ObjectStore } from "./object-store.js";
import { addObject, emptyStats, type PrefixStats } from "./partition-stats.js";
import { BatchChannel, TaskPool } from "./walk-queue.js";

export type { PrefixStats } from "./partition-stats.js";

/** How partitions are found: `flat` lists every object, `delimiter` lists one folder level at a time. */
export type DiscoveryStrategy = "auto" | "flat" | "delimiter";

export interface DiscoveredPartition {
  /** Lake key of the partition folder, ending in `/`. */
  prefix: string;
  /** Folder names below the table, exactly as stored: `["year=2024", "month=01", "day=15"]`. */
  segments: string[];
  /** Objects beneath, when the walk listed them (flat strategy); a delimiter walk does not know. */
  stats?: PrefixStats;
}

/** A file above the partition level (e.g. `_SUCCESS` next to `year=…` folders). */
export interface StrayFile {
  object: ObjectInfo;
  /** Folder names between the table and the file. */
  segments: string[];
}

/** A folder among partition folders whose name is not `key=value` (e.g. `_temporary`); not walked into. */
export interface OtherFolder {
  prefix: string;
  segments: string[];
  stats?: PrefixStats;
}

/** What one step of the walk found; the lake model classifies it (escaping, key order, unknown keys). */
export interface DiscoveryBatch {
  partitions: DiscoveredPartition[];
  strayFiles: StrayFile[];
  otherFolders: OtherFolder[];
}

/** The strategy in force, reported once it is known (auto decides after sampling). */
export interface DiscoveryPlan {
  strategy: "flat" | "delimiter";
  depth: number;
  /** Level whose prefixes are listed flat, in parallel (flat strategy). */
  fanOutLevel?: number;
  /** Files per partition seen in the sample (auto). */
  filesPerPartition?: number;
}

export interface DiscoveryOptions {
  /** Listings in flight at once (default 16). */
  concurrency?: number;
  strategy?: DiscoveryStrategy;
  signal?: AbortSignal;
  /** Auto picks flat listings when partitions hold fewer files than this on average (default 50). */
  flatBelow?: number;
  onPlan?: (plan: DiscoveryPlan) => void;
}

const isPartitionName = (name: string) => name.includes("=");

function emptyBatch(): DiscoveryBatch {
  return { partitions: [], strayFiles: [], otherFolders: [] };
}

const isEmpty = (b: DiscoveryBatch) =>
  b.partitions.length + b.strayFiles.length + b.otherFolders.length === 0;

/**
 * Groups a flat, key-ordered stream of objects into partitions (the first `depth` key=value folders),
 * other folders and stray files. Keys under one prefix are contiguous, so a group is complete as soon
 * as the listing moves past it.
 */
class FlatGrouping {
  private current: { key: string; segments: string[]; partition: boolean; stats: PrefixStats } | undefined;

  constructor(
    private readonly table: string,
    private readonly depth: number,
  ) {}

  add(objects: ObjectInfo[], batch: DiscoveryBatch): void {
    for (const object of objects) {
      const folders = object.key.slice(this.table.length).split("/").slice(0, -1);
      let level = 0;
      while (level < folders.length && level < this.depth && isPartitionName(folders[level] as string))
        level += 1;
      if (level < this.depth && level === folders.length) {
        batch.strayFiles.push({ object, segments: folders });
        continue;
      }
      const partition = level === this.depth;
      const segments = folders.slice(0, partition ? level : level + 1);
      const key = segments.join("/");
      if (this.current?.key !== key) {
        this.flush(batch);
        this.current = { key, segments, partition, stats: emptyStats() };
      }
      addObject(this.current.stats, object);
    }
  }

  flush(batch: DiscoveryBatch): void {
    const group = this.current;
    if (!group) return;
    const found = { prefix: `${this.table}${group.key}/`, segments: group.segments, stats: group.stats };
    if (group.partition) batch.partitions.push(found);
    else batch.otherFolders.push(found);
    this.current = undefined;
  }

  /** Distinct groups seen so far (for the auto sample). */
  partitionsIn(batch: DiscoveryBatch): number {
    return batch.partitions.length + (this.current?.partition ? 1 : 0);
  }
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
    if (depth === 1) {
      // One level: the table's delimiter listing names every partition (1 request per 1,000 of them).
      const flat = strategy === "flat";
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
    const sample = this.store.list(first)[Symbol.asyncIterator]();
    let grouping: FlatGrouping | undefined;
    let sampled: DiscoveryBatch | undefined;
    let filesPerPartition: number | undefined;
    if (strategy === "auto") {
      grouping = new FlatGrouping(this.table, depth);
      sampled = emptyBatch();
      const page = await sample.next();
      const objects = page.done ? [] : page.value.objects;
      grouping.add(objects, sampled);
      filesPerPartition = objects.length / Math.max(1, grouping.partitionsIn(sampled));
      if (filesPerPartition >= (this.options.flatBelow ?? 50)) {
        await sample.return?.();
        this.plan({ strategy: "delimiter", depth, filesPerPartition });
        for (const prefix of firsts)
          this.pool.add(() => this.listLevel(prefix, this.segmentsOf(prefix), depth));
        return this.pool.idle();
      }
    }
    // Few first-level prefixes for many listings in flight: list one level deeper, flat, in parallel.
    const fanOutLevel = firsts.length < this.concurrency && depth >= 3 ? 2 : 1;
    this.plan({ strategy: "flat", depth, fanOutLevel, filesPerPartition });
    if (fanOutLevel === 2) {
      await sample.return?.();
      for (const prefix of firsts)
        this.pool.add(() => this.listLevel(prefix, this.segmentsOf(prefix), depth, 2));
      return this.pool.idle();
    }
    this.pool.add(() => this.listFlat(first, depth, sample, grouping, sampled));
    for (const prefix of firsts.slice(1)) this.pool.add(() => this.listFlat(prefix, depth));
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
      if (!isEmpty(batch)) await this.channel.push(batch);
    }
    return firsts;
  }

  /** Splits one delimiter page: stray files, other folders, partitions (at `depth`), deeper prefixes. */
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

  /** One delimiter listing (1 request per 1,000 children); deeper levels become new tasks. */
  private async listLevel(prefix: string, segments: string[], depth: number, flatAt?: number): Promise<void> {
    for await (const page of this.store.list(prefix, { delimiter: "/" })) {
      if (this.signal.aborted) return;
      const batch = emptyBatch();
      this.sortLevel(page, segments, depth, batch, (child, childSegments) => {
        if (childSegments.length === flatAt) this.pool.add(() => this.listFlat(child, depth));
        else this.pool.add(() => this.listLevel(child, childSegments, depth, flatAt));
      });
      if (!isEmpty(batch)) await this.channel.push(batch);
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
        if (!isEmpty(batch)) await this.channel.push(batch);
        batch = emptyBatch();
      }
    } finally {
      if (this.signal.aborted) await pages.return?.();
    }
    if (this.signal.aborted) return;
    grouping.flush(batch);
    if (!isEmpty(batch)) await this.channel.push(batch);
  }
}

/**
 * Discovers a table's partitions: `depth` key=value folder levels below `tablePrefix` (inferred from
 * the first keys when undefined). Streams batches while listings with bounded concurrency are in
 * flight, so the first partitions arrive long before the walk ends.
 *
 * Cost: a delimiter walk makes one request per parent prefix, a flat listing one per 1,000 objects.
 * `auto` lists the first level, samples one first-level prefix flat, and then lists every first-level
 * prefix flat in parallel when partitions hold few files (with their stats), or walks the levels with
 * delimiters when they hold many.
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

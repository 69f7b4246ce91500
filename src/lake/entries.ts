// The rows under one lake path, streamed: names first (a delimiter listing, or below a table the partition
// walk), totals as the listings go by. One Map lookup per object; one batch per page, never per object.
import { NotFoundError } from "../errors.js";
import type { ObjectInfo, ObjectStore } from "../storage/object-store.js";
import { addContent, type FolderContent } from "../storage/partition-stats.js";
import {
  type DiscoveryBatch,
  type DiscoveryPlan,
  discoverPartitions,
  type PrefixStats,
} from "../storage/partition-walk.js";
import type { EntryStream, LakeEntry } from "./entry.js";
import {
  type EntrySlot,
  type ListingScope,
  listingScope,
  newEntry,
  slotOf,
  strayFileAnomaly,
} from "./entry-scope.js";
import { isHiddenName } from "./lake-path.js";
import { mergeAsync } from "./merge-async.js";
import { contentAnomalies, sameValueAnomaly, sameValueNames } from "./partition-anomalies.js";
import type { Anomaly, AnomalyKind, LakeLayout } from "./types.js";

/** Anomalies that come from what a partition holds: recomputed as its objects are counted. */
const CONTENT_KINDS: ReadonlySet<AnomalyKind> = new Set<AnomalyKind>(["no-data", "empty-file", "too-deep"]);

/** What a listing needs of a lake. */
export interface ListableLake {
  readonly store: ObjectStore;
  readonly layout: LakeLayout;
}

export interface ListEntriesOptions {
  /** Stops the listing; the stream then throws the signal's reason. */
  signal?: AbortSignal;
  /** Listings in flight at once when walking a table's partitions (default: the walk's). */
  concurrency?: number;
}

const BATCH_ROWS = 1000;

/** The tool's own state folder and its config file: at the lake root, they are not part of the lake. */
const OWN_STATE = "_medallion";
const CONFIG_FILE = "medallion.yaml";

/** True for a key (or a root-level name) under the tool's own state, or the config file at the root. */
function isOwnRootKey(key: string): boolean {
  return key === CONFIG_FILE || key === OWN_STATE || key.startsWith(`${OWN_STATE}/`);
}

/** A file at the lake root, where layer folders are expected (hidden files such as .DS_Store aside). */
function rootFileAnomaly(name: string): Anomaly[] {
  if (isHiddenName(name)) return [];
  return [
    {
      kind: "stray-file",
      segment: name,
      message: `file "${name}" sits at the lake root, where layer folders are expected`,
    },
  ];
}
const BATCH_MS = 100;

type ListingEvent =
  /** Names seen before their totals (delimiter listing), and the files at this level. */
  | { kind: "names"; slots: EntrySlot[]; files: ObjectInfo[] }
  /** Objects of a flat listing, counted towards their rows. */
  | { kind: "objects"; objects: ObjectInfo[] }
  /** A step of the table's partition walk. */
  | { kind: "discovered"; batch: DiscoveryBatch };

/**
 * Lists `location` (a lake path, `""` for the root) at any level: layers, domains (and tenants), tables,
 * partitions at full depth (plus stray files and folders that do not fit), or files. Each batch holds
 * entries that are new or whose totals changed; an entry with the same path replaces the earlier one; the
 * listing is complete when the iterable ends. Throws NotFoundError ("nothing at …") when nothing lies at
 * a path below the root.
 */
export function listEntries(
  lake: ListableLake,
  location: string,
  options: ListEntriesOptions = {},
): EntryStream {
  return {
    [Symbol.asyncIterator]: () => streamEntries(lake, listingScope(location, lake.layout), options),
  };
}

async function* namesByDelimiter(store: ObjectStore, scope: ListingScope): AsyncGenerator<ListingEvent> {
  for await (const page of store.list(scope.prefix, { delimiter: "/" })) {
    const slots = page.prefixes.map((p) => ({ name: p.slice(scope.prefix.length, -1), isFile: false }));
    yield { kind: "names", slots, files: page.objects };
  }
}

async function* objectsFlat(store: ObjectStore, prefix: string): AsyncGenerator<ListingEvent> {
  for await (const page of store.list(prefix)) yield { kind: "objects", objects: page.objects };
}

class EntryTable {
  readonly entries = new Map<string, LakeEntry>();
  /** Rows whose totals came whole from the partition walk: flat listings do not add to them. */
  private readonly final = new Set<LakeEntry>();
  private dirty = new Set<LakeEntry>();

  constructor(
    readonly scope: ListingScope,
    private readonly layout: LakeLayout,
  ) {}

  private entry(slot: EntrySlot): LakeEntry {
    let entry = this.entries.get(slot.name);
    if (entry === undefined) {
      entry = newEntry(this.scope, slot, this.layout);
      if (this.scope.level === "root" && slot.isFile) entry.anomalies = rootFileAnomaly(slot.name);
      this.entries.set(slot.name, entry);
      this.dirty.add(entry);
    }
    return entry;
  }

  name(slot: EntrySlot): LakeEntry {
    return this.entry(slot);
  }

  /** A file at this level stands for itself: set, not added, so seeing it twice counts it once. */
  file(object: ObjectInfo): void {
    const entry = this.entry({ name: object.key.slice(this.scope.prefix.length), isFile: true });
    this.setTotals(entry, {
      objects: 1,
      bytes: object.size,
      storageClasses: { [object.storageClass]: object.size },
      lastModified: object.lastModified,
    });
  }

  setTotals(entry: LakeEntry, stats: PrefixStats): void {
    if (stats.content && entry.kind === "partition") this.setContent(entry, stats.content);
    entry.objects = stats.objects;
    entry.bytes = stats.bytes;
    entry.storageClasses = { ...stats.storageClasses };
    if (stats.lastModified) entry.lastModified = stats.lastModified;
    this.final.add(entry);
    this.dirty.add(entry);
  }

  /** Adds one object to the row it belongs to (`slot` when the caller already knows it). */
  count(object: ObjectInfo, slot = slotOf(this.scope, object.key.slice(this.scope.prefix.length))): void {
    if (slot.isFile) {
      this.file(object);
      return;
    }
    const entry = this.entry(slot);
    if (this.final.has(entry)) return;
    entry.objects += 1;
    entry.bytes += object.size;
    entry.storageClasses[object.storageClass] =
      (entry.storageClasses[object.storageClass] ?? 0) + object.size;
    if (entry.lastModified === undefined || object.lastModified > entry.lastModified) {
      entry.lastModified = object.lastModified;
    }
    if (!entry.anomalies.some((a) => a.kind === "stray-file")) {
      const stray = strayFileAnomaly(this.scope, object.key, this.layout);
      if (stray) entry.anomalies = [...entry.anomalies, stray];
    }
    if (entry.kind === "partition") {
      const content = this.contents.get(entry) ?? { dataFiles: 0 };
      this.contents.set(entry, content);
      addContent(content, object.key.slice(entry.path.length + 1), object.size);
      this.setContent(entry, content);
    }
    this.dirty.add(entry);
  }

  /** What partitions hold, as counted object by object (the walk's stats carry their own). */
  private readonly contents = new Map<LakeEntry, FolderContent>();

  /** The partition's anomalies from what it holds (no data file, a 0-byte Parquet file, a level too deep). */
  private setContent(entry: LakeEntry, content: FolderContent): void {
    const where = this.scope.prefix.replace(/\/$/, "");
    const others = entry.anomalies.filter((a) => !CONTENT_KINDS.has(a.kind));
    entry.anomalies = [...others, ...contentAnomalies(content, entry.name, where)];
  }

  /** Once every row is known: partitions that name the same values as another (`day=1`, `day=01`). */
  flagSameValues(): void {
    const partitions = [...this.entries.values()].filter((e) => e.kind === "partition");
    const twins = sameValueNames(partitions.map((e) => e.name));
    const where = this.scope.prefix.replace(/\/$/, "");
    for (const entry of partitions) {
      const other = twins.get(entry.name);
      if (other === undefined) continue;
      entry.anomalies = [...entry.anomalies, sameValueAnomaly(entry.name, other, where)];
      this.dirty.add(entry);
    }
  }

  /** Set once the walk's plan is known: a flat listing of the whole prefix counts every object. */
  countsByFlat = false;
  /** Folders the walk named without totals. */
  private readonly pending = new Set<LakeEntry>();

  private folder(prefix: string, stats: PrefixStats | undefined): void {
    const entry = this.entry({ name: prefix.slice(this.scope.prefix.length, -1), isFile: false });
    if (stats) this.setTotals(entry, stats);
    else this.pending.add(entry);
  }

  discovered(batch: DiscoveryBatch): void {
    for (const partition of batch.partitions) this.folder(partition.prefix, partition.stats);
    for (const other of batch.otherFolders) this.folder(other.prefix, other.stats);
    for (const stray of batch.strayFiles) {
      if (stray.segments.length === 0) this.file(stray.object);
      else if (this.countsByFlat)
        this.name(slotOf(this.scope, stray.object.key.slice(this.scope.prefix.length)));
      else this.count(stray.object);
    }
  }

  /** Prefixes of the folders the walk named without totals, to list flat after it. */
  pendingFolders(): string[] {
    return [...this.pending].filter((e) => !this.final.has(e)).map((e) => `${e.path}/`);
  }

  /** Rows changed since the last batch. */
  get changed(): number {
    return this.dirty.size;
  }

  /** Copies of the entries changed since the last batch, so a reader may keep them as they are. */
  takeBatch(): LakeEntry[] {
    const batch = [...this.dirty].map((e) => ({ ...e, storageClasses: { ...e.storageClasses } }));
    this.dirty = new Set();
    return batch;
  }
}

/**
 * Below a table: the partition walk names the partitions (with totals when it listed them flat). When it
 * walks with delimiters instead, or finds no partition levels, one flat listing of the prefix fills the
 * totals in while the walk goes on; folders the walk named without totals are listed after it.
 */
function partitionSources(
  store: ObjectStore,
  table: EntryTable,
  options: ListEntriesOptions,
): AsyncIterable<ListingEvent>[] {
  const { scope } = table;
  let decide: (fullFlat: boolean) => void = () => {};
  const fullFlat = new Promise<boolean>((resolve) => {
    decide = resolve;
  });
  let walkEnded: () => void = () => {};
  const walked = new Promise<void>((resolve) => {
    walkEnded = resolve;
  });
  const levels = scope.keys === undefined ? undefined : scope.keys.length - scope.parsed.partition.length;
  const onPlan = (plan: DiscoveryPlan) => {
    if (scope.keys === undefined) scope.depth = plan.depth;
    table.countsByFlat = plan.strategy === "delimiter";
    decide(table.countsByFlat);
  };
  // A failed walk ends the listing: the flat listing it would hand over to is not started (on a silent
  // endpoint that would be a second full timeout before the error shows).
  let walkFailed = false;
  async function* walk(): AsyncGenerator<ListingEvent> {
    try {
      const batches = discoverPartitions(store, scope.prefix, levels, {
        signal: options.signal,
        concurrency: options.concurrency,
        onPlan,
      });
      for await (const batch of batches) yield { kind: "discovered", batch };
    } catch (err) {
      walkFailed = true;
      throw err;
    } finally {
      if (!table.countsByFlat && scope.depth === undefined && scope.keys === undefined)
        table.countsByFlat = true;
      decide(true); // no plan: no partition levels, so the flat listing names and counts everything
      walkEnded();
    }
  }
  async function* totals(): AsyncGenerator<ListingEvent> {
    if (await fullFlat) {
      if (!walkFailed) yield* objectsFlat(store, scope.prefix);
      return;
    }
    await walked;
    if (walkFailed) return;
    for (const prefix of table.pendingFolders()) yield* objectsFlat(store, prefix);
  }
  return [walk(), totals()];
}

async function* streamEntries(
  lake: ListableLake,
  scope: ListingScope,
  options: ListEntriesOptions,
): AsyncGenerator<LakeEntry[]> {
  const { store, layout } = lake;
  const { signal } = options;
  signal?.throwIfAborted();
  const table = new EntryTable(scope, layout);
  const belowTable = scope.level === "table" || scope.level === "partition-prefix";
  const sources = belowTable
    ? partitionSources(store, table, options)
    : [namesByDelimiter(store, scope), objectsFlat(store, scope.prefix)];
  let yielded = false;
  let lastYield = 0;
  // At the root, the tool's own state and config are left out: they are not the lake's data.
  const shown = scope.level === "root" ? (key: string) => !isOwnRootKey(key) : () => true;
  for await (const event of mergeAsync(sources)) {
    signal?.throwIfAborted();
    if (event.kind === "names") {
      for (const slot of event.slots) if (shown(slot.name)) table.name(slot);
      for (const object of event.files) if (shown(object.key)) table.file(object);
    } else if (event.kind === "objects") {
      for (const object of event.objects) if (shown(object.key)) table.count(object);
    } else {
      table.discovered(event.batch);
    }
    // The first rows at once; then a batch per 1,000 changed rows or 100 ms, so a reader redraws rarely.
    if (table.changed === 0 || (yielded && table.changed < BATCH_ROWS && Date.now() - lastYield < BATCH_MS))
      continue;
    yield table.takeBatch();
    yielded = true;
    lastYield = Date.now();
    signal?.throwIfAborted(); // the reader may have aborted while it held the batch
  }
  signal?.throwIfAborted();
  if (belowTable) table.flagSameValues();
  if (table.changed > 0) yield table.takeBatch();
  if (table.entries.size > 0 || scope.path === "") return;
  // Nothing beneath: the path may name one object.
  const object = await store.head(scope.path).catch((err: unknown) => {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  });
  if (object === undefined) throw new NotFoundError(scope.path, `nothing at ${scope.path}`);
  const parent = listingScope(scope.path.split("/").slice(0, -1).join("/"), layout);
  const entry = newEntry(parent, { name: scope.path.slice(parent.prefix.length), isFile: true }, layout);
  yield [
    {
      ...entry,
      objects: 1,
      bytes: object.size,
      storageClasses: { [object.storageClass]: object.size },
      lastModified: object.lastModified,
    },
  ];
}

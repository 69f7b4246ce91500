// The rows under one lake path, streamed: names first from a delimiter listing (or the table's partition
// walk), totals filled in as one flat listing of the prefix goes by. One Map lookup per object; one batch
// per page, never per object.
import { NotFoundError } from "../errors.js";
import type { ObjectInfo, ObjectStore } from "../storage/object-store.js";
import type { EntryStream, LakeEntry } from "./entry.js";
import {
  type EntrySlot,
  type ListingScope,
  listingScope,
  newEntry,
  slotOf,
  strayFileAnomaly,
} from "./entry-scope.js";
import { mergeAsync } from "./merge-async.js";
import type { LakeLayout } from "./types.js";

/** What a listing needs of a lake. */
export interface ListableLake {
  readonly store: ObjectStore;
  readonly layout: LakeLayout;
}

export interface ListEntriesOptions {
  /** Stops the listing; the stream then throws the signal's reason. */
  signal?: AbortSignal;
}

/** Names seen before their totals (delimiter listing, partition walk), or objects counted (flat listing). */
type ListingEvent =
  | { kind: "names"; slots: EntrySlot[]; files: ObjectInfo[] }
  | { kind: "objects"; objects: ObjectInfo[] };

/**
 * Lists `location` (a lake path, `""` for the root) at any level: layers, domains (and tenants), tables,
 * partitions at full depth (plus stray files), or files. Each batch holds entries that are new or whose
 * totals changed; an entry with the same path replaces the earlier one; the listing is complete when the
 * iterable ends. Throws NotFoundError ("nothing at …") when nothing lies at a path below the root.
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

async function* objectsFlat(store: ObjectStore, scope: ListingScope): AsyncGenerator<ListingEvent> {
  for await (const page of store.list(scope.prefix)) yield { kind: "objects", objects: page.objects };
}

/** Names at this level: below a table, folders are grouped to full partition depth, so the flat listing names them. */
function nameSource(store: ObjectStore, scope: ListingScope): AsyncIterable<ListingEvent>[] {
  if (scope.level === "table" || scope.level === "partition-prefix") return [];
  return [namesByDelimiter(store, scope)];
}

class EntryTable {
  readonly entries = new Map<string, LakeEntry>();
  private dirty = new Set<LakeEntry>();

  constructor(
    private readonly scope: ListingScope,
    private readonly layout: LakeLayout,
  ) {}

  private entry(slot: EntrySlot): LakeEntry {
    let entry = this.entries.get(slot.name);
    if (entry === undefined) {
      entry = newEntry(this.scope, slot, this.layout);
      this.entries.set(slot.name, entry);
      this.dirty.add(entry);
    }
    return entry;
  }

  name(slot: EntrySlot): void {
    this.entry(slot);
  }

  /** A file at this level stands for itself: set, not added, so seeing it twice counts it once. */
  file(object: ObjectInfo): void {
    const entry = this.entry({ name: object.key.slice(this.scope.prefix.length), isFile: true });
    entry.objects = 1;
    entry.bytes = object.size;
    entry.storageClasses = { [object.storageClass]: object.size };
    entry.lastModified = object.lastModified;
    this.dirty.add(entry);
  }

  count(object: ObjectInfo): void {
    const slot = slotOf(this.scope, object.key.slice(this.scope.prefix.length));
    if (slot.isFile) {
      this.file(object);
      return;
    }
    const entry = this.entry(slot);
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
    this.dirty.add(entry);
  }

  /** Copies of the entries changed since the last batch, so a reader may keep them as they are. */
  takeBatch(): LakeEntry[] {
    const batch = [...this.dirty].map((e) => ({ ...e, storageClasses: { ...e.storageClasses } }));
    this.dirty = new Set();
    return batch;
  }
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
  for await (const event of mergeAsync([...nameSource(store, scope), objectsFlat(store, scope)])) {
    signal?.throwIfAborted();
    if (event.kind === "names") {
      for (const slot of event.slots) table.name(slot);
      for (const object of event.files) table.file(object);
    } else {
      for (const object of event.objects) table.count(object);
    }
    const batch = table.takeBatch();
    if (batch.length > 0) {
      yield batch;
      signal?.throwIfAborted(); // the reader may have aborted while it held the batch
    }
  }
  signal?.throwIfAborted();
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

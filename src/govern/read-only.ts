import type { BatchResult, Catalog, CatalogTable } from "../catalog/catalog.js";
import { ReadOnlyError } from "../errors.js";
import type { ObjectStore } from "../storage/object-store.js";

/** The longest prefix, ending at a `/`, that all keys share: what a refused batch delete was about. */
function commonFolder(keys: string[]): string {
  const [first = "", ...rest] = keys;
  let prefix = first.slice(0, first.lastIndexOf("/") + 1);
  for (const key of rest) {
    while (!key.startsWith(prefix)) prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf("/") + 1);
  }
  return prefix;
}

function describeDelete(keys: string[]): string {
  if (keys.length === 1) return `delete \`${keys[0]}\``;
  const folder = commonFolder(keys);
  return `delete ${keys.length} objects ${folder ? `under \`${folder}\`` : "across the lake"}`;
}

/**
 * The store with writes refused: `put` and `delete` throw ReadOnlyError naming what they would have
 * changed, before touching anything; reads pass through and share the store's request counts.
 */
export function readOnlyStore(store: ObjectStore): ObjectStore {
  return {
    kind: store.kind,
    root: store.root,
    get requests() {
      return store.requests;
    },
    uri: (key) => store.uri(key),
    list: (prefix, options) => store.list(prefix, options),
    head: (key) => store.head(key),
    read: (key, range) => store.read(key, range),
    ...(store.readTail && { readTail: store.readTail.bind(store) }),
    put: async (key) => {
      throw new ReadOnlyError(`write \`${key}\``);
    },
    delete: async (keys) => {
      throw new ReadOnlyError(describeDelete(keys));
    },
  };
}

function refuse(action: string): Promise<never> {
  return Promise.reject(new ReadOnlyError(action));
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * The catalog with changes refused: creating databases, creating or updating tables and adding,
 * updating or deleting partitions throw ReadOnlyError; reads pass through and share the call counts.
 */
export function readOnlyCatalog(catalog: Catalog): Catalog {
  const guarded: Catalog = {
    kind: catalog.kind,
    get calls() {
      return catalog.calls;
    },
    listDatabases: () => catalog.listDatabases(),
    listTables: (database) => catalog.listTables(database),
    getTable: (database, name) => catalog.getTable(database, name),
    listPartitions: (database, table, filter) => catalog.listPartitions(database, table, filter),
    ensureDatabase: (database) => refuse(`create database \`${database}\``),
    putTable: (table: CatalogTable) => refuse(`create or update table \`${table.database}.${table.name}\``),
    deleteTable: (database, name) => refuse(`delete table \`${database}.${name}\``),
    addPartitions: (database, table, partitions): Promise<BatchResult> =>
      refuse(`add ${plural(partitions.length, "partition")} to \`${database}.${table}\``),
    updatePartitions: (database, table, partitions): Promise<BatchResult> =>
      refuse(`update ${plural(partitions.length, "partition")} of \`${database}.${table}\``),
    deletePartitions: (database, table, values): Promise<BatchResult> =>
      refuse(`delete ${plural(values.length, "partition")} from \`${database}.${table}\``),
  };
  if (catalog.close) guarded.close = () => catalog.close?.() ?? Promise.resolve();
  return guarded;
}

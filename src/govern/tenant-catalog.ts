import type { BatchResult, Catalog, CatalogPartition, CatalogTable } from "../catalog/catalog.js";
import { insideReal, OutsideTenantError, type TenantScope } from "./tenant-scope.js";

export interface TenantCatalogOptions {
  /** The key under the lake root of a catalog location (`s3://…`, a folder), undefined outside the lake. */
  keyOf(location: string): string | undefined;
  /** Catalog names of the tenant's tables that may be in a database: declared, or found in its storage. */
  tableNames(database: string): Promise<string[]>;
}

/**
 * The catalog as one tenant sees it: only tables whose location lies in the tenant's prefixes (named
 * `<tenant>_<domain>_<table>`), looked up by name, never by listing a whole database (GetTables would
 * need every table of it, and hand back other tenants'). Changes to another tenant's table, or partitions
 * pointing outside the tenant, are refused before any call.
 */
export function tenantCatalog(catalog: Catalog, scope: TenantScope, options: TenantCatalogOptions): Catalog {
  const namePrefix = `${scope.tenant.replaceAll("-", "_")}_`;
  const inside = (location: string) => {
    const key = options.keyOf(location);
    return key !== undefined && insideReal(scope, key.endsWith("/") ? key : `${key}/`);
  };
  const checkName = (action: string, database: string, name: string) => {
    if (!name.startsWith(namePrefix)) throw new OutsideTenantError(scope, action, `${database}.${name}`);
  };
  const checkPartitions = (action: string, partitions: CatalogPartition[]) => {
    const outside = partitions.find((p) => !inside(p.location));
    if (outside) throw new OutsideTenantError(scope, action, outside.location);
  };
  const getTable = async (database: string, name: string): Promise<CatalogTable | undefined> => {
    if (!name.startsWith(namePrefix)) return undefined;
    const table = await catalog.getTable(database, name);
    return table && inside(table.location) ? table : undefined;
  };
  /** A table a change may touch: the tenant's by name and by location (one lookup). */
  const own = async (action: string, database: string, name: string) => {
    checkName(action, database, name);
    const table = await catalog.getTable(database, name);
    if (table && !inside(table.location)) throw new OutsideTenantError(scope, action, `${database}.${name}`);
  };
  const scoped: Catalog = {
    kind: catalog.kind,
    get calls() {
      return catalog.calls;
    },
    listDatabases: () => catalog.listDatabases(),
    ensureDatabase: (database) => catalog.ensureDatabase(database),
    listTables: async (database) => {
      const names = [...new Set(await options.tableNames(database))].filter((n) => n.startsWith(namePrefix));
      const tables = await Promise.all(names.map((name) => getTable(database, name)));
      return tables.filter((t): t is CatalogTable => t !== undefined);
    },
    getTable,
    // The table's name and location both the tenant's, and every partition listed inside its prefixes:
    // a name like the tenant's (acme_…) over another tenant's files lists nothing.
    listPartitions: (database, table, filter) =>
      (async function* () {
        await own("list partitions of", database, table);
        for await (const page of catalog.listPartitions(database, table, filter)) {
          checkPartitions("list a partition at", page);
          yield page;
        }
      })(),
    putTable: async (table) => {
      checkName("create or update table", table.database, table.name);
      if (!inside(table.location)) throw new OutsideTenantError(scope, "register a table at", table.location);
      return catalog.putTable(table);
    },
    deleteTable: async (database, name) => {
      await own("delete table", database, name);
      return catalog.deleteTable(database, name);
    },
    addPartitions: async (database, table, partitions, onProgress): Promise<BatchResult> => {
      checkName("add partitions to", database, table);
      checkPartitions("add a partition at", partitions);
      return catalog.addPartitions(database, table, partitions, onProgress);
    },
    updatePartitions: async (database, table, partitions, onProgress): Promise<BatchResult> => {
      checkName("update partitions of", database, table);
      checkPartitions("point a partition at", partitions);
      return catalog.updatePartitions(database, table, partitions, onProgress);
    },
    deletePartitions: async (database, table, values, onProgress): Promise<BatchResult> => {
      await own("delete partitions from", database, table);
      return catalog.deletePartitions(database, table, values, onProgress);
    },
  };
  if (catalog.close) scoped.close = () => catalog.close?.() ?? Promise.resolve();
  return scoped;
}

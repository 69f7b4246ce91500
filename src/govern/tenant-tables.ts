// Wires the tenant-scoped catalog to a lake: which catalog tables may be the tenant's in each layer
// database. Loaded with the catalog (lake.ts), so commands that never touch it never load sync.
import type { Catalog } from "../catalog/catalog.js";
import { databaseName } from "../config/index.js";
import { isMedallionError } from "../errors.js";
import type { Lake } from "../lake/lake.js";
import { catalogTableName } from "../sync/table-ref.js";
import { storageTables } from "../sync/tables.js";
import { tenantCatalog } from "./tenant-catalog.js";
import type { TenantScope } from "./tenant-scope.js";

/** The tenant's catalog table names in a layer's database: its declared tables and those in its storage. */
async function tableNames(lake: Lake, database: string): Promise<string[]> {
  const layer = lake.layout.layers.find((l) => databaseName(lake.config, l) === database);
  if (layer === undefined) return [];
  const declared = Object.keys(lake.config.tables).filter((p) => p.startsWith(`${layer}/`));
  const stored = await storageTables(lake.store, layer);
  return [...declared, ...stored].flatMap((path) => {
    const p = lake.parse(`${path}/`);
    if (p.domain === undefined || p.table === undefined) return [];
    return [catalogTableName({ tenant: p.tenant, domain: p.domain, table: p.table })];
  });
}

export function scopedCatalog(lake: Lake, catalog: Catalog, scope: TenantScope): Catalog {
  return tenantCatalog(catalog, scope, {
    keyOf: (location) => {
      try {
        return lake.resolve(location);
      } catch (err) {
        if (isMedallionError(err)) return undefined;
        throw err;
      }
    },
    tableNames: (database) => tableNames(lake, database),
  });
}

/**
 * The tenant's catalog tables, for its policy: every table it may have (the config's tables as its
 * copies, with the `__rejects` table of each silver one) and every table found under its prefixes.
 */
export async function tenantTableRefs(lake: Lake): Promise<{ database: string; name: string }[]> {
  const paths = new Set<string>();
  for (const [path, table] of Object.entries(lake.config.tables)) {
    paths.add(path);
    if (table.silver) paths.add(`${path}__rejects`);
  }
  for (const layer of lake.layout.layers)
    for (const path of await storageTables(lake.store, layer)) paths.add(path);
  return [...paths].sort().flatMap((path) => {
    const p = lake.parse(`${path}/`);
    if (p.layer === undefined || p.domain === undefined || p.table === undefined) return [];
    const name = catalogTableName({ tenant: p.tenant, domain: p.domain, table: p.table });
    return [{ database: databaseName(lake.config, p.layer), name }];
  });
}

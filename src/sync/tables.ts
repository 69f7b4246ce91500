import type { Catalog, CatalogTable } from "../catalog/catalog.js";
import { databaseName } from "../config/index.js";
import { isMedallionError } from "../errors.js";
import { isHiddenName, type Lake, tablePath } from "../lake/index.js";
import type { ObjectStore } from "../storage/object-store.js";

/** Child folder names of a prefix (one delimiter listing), hidden ones (`_…`, `.…`) left out. */
async function folders(store: ObjectStore, prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of store.list(prefix, { delimiter: "/" })) {
    for (const p of page.prefixes) {
      const name = p.slice(prefix.length, -1);
      if (!isHiddenName(name)) names.push(name);
    }
  }
  return names;
}

/** Table paths found in storage under a layer: layer/domain/table and layer/tenant=…/domain/table. */
export async function storageTables(store: ObjectStore, layer: string): Promise<string[]> {
  const found: string[] = [];
  const domainsUnder = async (prefix: string) => {
    const domains = await folders(store, prefix);
    await Promise.all(
      domains
        .filter((domain) => !domain.startsWith("tenant="))
        .map(async (domain) => {
          for (const table of await folders(store, `${prefix}${domain}/`)) {
            if (!table.includes("=")) found.push(`${prefix}${domain}/${table}`);
          }
        }),
    );
  };
  const top = await folders(store, `${layer}/`);
  const tenants = top.filter((name) => name.startsWith("tenant="));
  await Promise.all([
    domainsUnder(`${layer}/`),
    ...tenants.map((tenant) => domainsUnder(`${layer}/${tenant}/`)),
  ]);
  return found;
}

/** Lake path of a catalog table from its location; undefined when it lies outside the lake. */
function catalogTablePath(lake: Lake, table: CatalogTable): string | undefined {
  try {
    const key = lake.resolve(table.location.endsWith("/") ? table.location : `${table.location}/`);
    const p = lake.parse(key);
    return p.partition.length === 0 ? tablePath(p) : undefined;
  } catch (err) {
    if (isMedallionError(err)) return undefined;
    throw err;
  }
}

export interface FoundTable {
  path: string;
  /** The catalog's table, when the layer's database holds one for this path. */
  catalogTable?: CatalogTable;
}

/**
 * Every table of some layers: declared in the config, found in storage, or registered in the layer's
 * database (matched by its location). Listed concurrently; sorted by path.
 */
export async function findTables(
  lake: Lake,
  catalog: Catalog,
  layers: readonly string[],
): Promise<FoundTable[]> {
  const found = new Map<string, FoundTable>();
  const add = (path: string, catalogTable?: CatalogTable) => {
    const seen = found.get(path);
    if (!seen) found.set(path, { path, ...(catalogTable ? { catalogTable } : {}) });
    else if (catalogTable) seen.catalogTable = catalogTable;
  };
  // A tenant's declared tables are its copies of every table the lake declares: listed where they hold
  // something (in storage or the catalog), not as empty tables of every tenant.
  for (const path of lake.tenant ? [] : Object.keys(lake.config.tables)) {
    if (layers.includes(path.split("/")[0] ?? "")) add(path);
  }
  const perLayer = await Promise.all(
    layers.map(async (layer) => {
      const [inStorage, inCatalog] = await Promise.all([
        storageTables(lake.store, layer),
        catalog.listTables(databaseName(lake.config, layer)).catch((err: unknown) => {
          if (isMedallionError(err) && err.code === "not-found") return [];
          throw err;
        }),
      ]);
      return { inStorage, inCatalog };
    }),
  );
  for (const { inStorage, inCatalog } of perLayer) {
    for (const path of inStorage) add(path);
    for (const table of inCatalog) {
      const path = catalogTablePath(lake, table);
      if (path !== undefined && layers.includes(path.split("/")[0] ?? "")) add(path, table);
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
}

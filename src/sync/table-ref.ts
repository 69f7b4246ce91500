import type { Catalog, CatalogTable } from "../catalog/catalog.js";
import { databaseName } from "../config/index.js";
import { MedallionError } from "../errors.js";
import { type Lake, tablePath } from "../lake/index.js";
import type { TableRef } from "./types.js";

/** A Glue/Athena-safe name part: lowercase letters, digits and `_`. */
function namePart(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9_]+/g, "_");
}

/**
 * The catalog table name of a lake table: `<domain>_<table>`; a tenant's table is
 * `<tenant>_<domain>_<table>` in the same layer database, so tenants never collide.
 */
export function catalogTableName(p: { tenant?: string; domain: string; table: string }): string {
  return [p.tenant, p.domain, p.table]
    .filter((s): s is string => s !== undefined)
    .map(namePart)
    .join("_");
}

/** Where a folder of the lake lives, as a full location without the trailing slash. */
export function folderLocation(lake: Lake, key: string): string {
  return lake.store.uri(key.endsWith("/") ? key : `${key}/`).replace(/\/+$/, "");
}

/**
 * The TableRef of a lake table path (`silver/sales/orders`, `bronze/tenant=acme/sales/orders`).
 * Keys and format come from the config; else from the catalog's table when there is one.
 */
export function tableRef(lake: Lake, path: string, catalogTable?: CatalogTable): TableRef {
  const p = lake.parse(path.endsWith("/") ? path : `${path}/`);
  const own = tablePath(p);
  if (
    own === undefined ||
    p.partition.length > 0 ||
    p.layer === undefined ||
    !lake.layout.layers.includes(p.layer)
  ) {
    throw new MedallionError(
      "usage",
      `\`${path}\` is not a table: give layer/domain/table (e.g. ${lake.layout.layers[1] ?? "silver"}/sales/orders)`,
    );
  }
  const config = lake.tableConfig(own);
  const keys = lake.partitionKeys(own) ?? catalogTable?.partitionKeys.map((k) => k.name) ?? [];
  return {
    path: own,
    layer: p.layer,
    ...(p.tenant === undefined ? {} : { tenant: p.tenant }),
    domain: p.domain as string,
    table: p.table as string,
    partitionKeys: keys,
    format: config?.format ?? catalogTable?.format ?? "parquet",
    // A table found in the catalog by its location keeps the name it was registered under.
    database: catalogTable?.database ?? databaseName(lake.config, p.layer),
    name:
      catalogTable?.name ??
      catalogTableName({ tenant: p.tenant, domain: p.domain as string, table: p.table as string }),
    location: folderLocation(lake, own),
  };
}

/** The catalog's table for a lake table under its conventional name, or undefined. */
export async function findCatalogTable(
  lake: Lake,
  catalog: Catalog,
  path: string,
): Promise<CatalogTable | undefined> {
  const ref = tableRef(lake, path);
  return catalog.getTable(ref.database, ref.name);
}

import type { Catalog, CatalogTable } from "../catalog/catalog.js";
import type { AthenaInputTable, AthenaSessionOptions } from "../engine/index.js";
import { MedallionError } from "../errors.js";
import { partitionSegment } from "../lake/escape.js";
import { tablePath } from "../lake/index.js";
import type { Lake } from "../lake/lake.js";
import { tableRef } from "../sync/table-ref.js";

/**
 * What Athena needs to run a promotion: it reads tables, not files, so each view of the promotion reads
 * its lake table's catalog table, and only after the catalog is found to hold the view's partitions at
 * their folders (a partition missing from Glue would be silently empty to Athena). Athena reads S3
 * through Glue, so the lake must be on S3 and catalogued in Glue.
 */
export function athenaSession(
  lake: Lake,
  catalog: Catalog,
  options: Pick<AthenaSessionOptions, "signal" | "onQuery"> = {},
): AthenaSessionOptions {
  checkAthenaLake(lake, catalog);
  const tables = new Map<string, Promise<CatalogTable>>();
  const tableOf = async (objectKeys: string[]): Promise<AthenaInputTable> => {
    const first = objectKeys[0] as string;
    const path = tablePath(lake.parse(first)) ?? first;
    const ref = tableRef(lake, path);
    if (!tables.has(path)) tables.set(path, registered(catalog, ref.database, ref.name, path));
    const table = await (tables.get(path) as Promise<CatalogTable>);
    await checkPartitions(lake, catalog, table, path, objectKeys);
    return { database: table.database, name: table.name, path, partitionKeys: table.partitionKeys };
  };
  return { config: lake.config, tableOf, ...options };
}

async function registered(
  catalog: Catalog,
  database: string,
  name: string,
  path: string,
): Promise<CatalogTable> {
  const table = await catalog.getTable(database, name);
  if (!table) {
    throw new MedallionError(
      "not-found",
      `${path} is not in the Glue catalog (no table ${database}.${name}) and Athena reads it through there: run \`medallion sync ${path} --yes\` first`,
    );
  }
  return table;
}

/** Every folder the view reads must be a partition of the catalog table, located at that folder. */
async function checkPartitions(
  lake: Lake,
  catalog: Catalog,
  table: CatalogTable,
  path: string,
  objectKeys: string[],
): Promise<void> {
  const keys = table.partitionKeys.map((k) => k.name);
  if (keys.length === 0) return;
  const located = new Map<string, string>();
  for await (const page of catalog.listPartitions(table.database, table.name)) {
    for (const p of page) {
      const folder = keys.map((k, i) => partitionSegment(k, p.values[i])).join("/");
      located.set(folder, p.location.replace(/\/+$/, ""));
    }
  }
  const folders = [...new Set(objectKeys.map((k) => k.slice(path.length + 1).replace(/\/?[^/]*$/, "")))];
  const missing = folders.filter(
    (folder) => located.get(folder) !== lake.store.uri(`${path}/${folder}/`).replace(/\/+$/, ""),
  );
  if (missing.length > 0) {
    throw new MedallionError(
      "conflict",
      `${missing.length} of the ${folders.length} partitions of ${path} to read are not in the Glue catalog at their folders (first ${missing[0]}), so Athena would not read them: run \`medallion sync ${path} --yes\` first`,
    );
  }
}

/** Athena reads S3 through Glue: refuses, before anything is written, a lake it cannot read (to `verb` it). */
export function checkAthenaLake(lake: Lake, catalog: Catalog, verb: "promote" | "profile" = "promote"): void {
  if (!lake.store.uri("").startsWith("s3://")) {
    throw new MedallionError(
      "usage",
      `the athena engine reads S3 and this lake is ${lake.location}: ${verb} it with --engine duckdb`,
    );
  }
  if (catalog.kind !== "glue") {
    throw new MedallionError(
      "usage",
      `the athena engine reads tables through the Glue catalog and this lake's catalog is local: set \`catalog: glue\` (then \`medallion sync\`), or ${verb} with --engine duckdb`,
    );
  }
}

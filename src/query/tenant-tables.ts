import { MedallionError } from "../errors.js";
import type { Lake } from "../lake/index.js";
import { parseSelect } from "./parse.js";
import { type TableName, tableNames, unqualifiedTables } from "./sql-tree.js";

/**
 * With a tenant, Athena runs the SQL on the account's tables, not through the scoped store and catalog:
 * each table the query names must be one the tenant's catalog shows (its name and its location the
 * tenant's) before anything is sent. Unqualified names are Athena's, in `database` (its default one
 * without). DuckDB reads the statement for this; one it cannot read is refused, not sent unchecked.
 */
export async function checkTenantTables(
  lake: Lake,
  sql: string,
  database: string | undefined,
): Promise<void> {
  const scope = lake.tenant;
  if (!scope) return;
  const { DuckDbEngine } = await import("../engine/duckdb.js");
  const engine = await DuckDbEngine.open(lake.store);
  let names: TableName[];
  try {
    const statement = await parseSelect(engine, sql).catch((err: Error) => {
      throw new MedallionError(
        "usage",
        `with tenant ${scope.tenant}, the tables of an Athena query are checked before it runs, and this one could not be read for that (${err.message}); write it as one SELECT DuckDB reads too`,
      );
    });
    const bare = unqualifiedTables(statement).map((table) => ({ database: database ?? "default", table }));
    names = [...tableNames(statement), ...bare];
  } finally {
    await engine.close();
  }
  const catalog = await lake.catalog();
  for (const name of names) {
    if (await catalog.getTable(name.database.toLowerCase(), name.table.toLowerCase())) continue;
    throw new MedallionError(
      "outside-tenant",
      `refused to query ${name.database}.${name.table} on Athena: not a table of tenant ${scope.tenant} (its tables are <layer database>.${scope.tenant}_<domain>_<table>, see \`medallion --tenant ${scope.tenant} ls\`)`,
    );
  }
}

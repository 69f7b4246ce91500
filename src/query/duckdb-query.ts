import type { CatalogPartition, CatalogTable, PartitionFilter } from "../catalog/index.js";
import { databaseName } from "../config/index.js";
import { type DuckDbEngine, type DuckDbEngineOptions, quoteName, quoteText } from "../engine/duckdb.js";
import { OBJECT_KEY_COLUMN } from "../engine/engine.js";
import { MedallionError } from "../errors.js";
import type { Lake } from "../lake/index.js";
import { closest, didYouMean } from "../lake/not-found.js";
import { duckType } from "../promote/sql.js";
import { filesAt } from "./files.js";
import { glueExpression } from "./glue-expression.js";
import { parseSelect } from "./parse.js";
import { prunePartitions } from "./prune.js";
import {
  qualifyTables,
  type SqlNode,
  type TableName,
  type TableShape,
  tableNames,
  tableUses,
  unqualifiedTables,
} from "./sql-tree.js";
import type { QueryOptions, QueryResult, TableRead } from "./types.js";

const keyOf = (t: TableName) => `${t.database.toLowerCase()}.${t.table.toLowerCase()}`;

/** The catalog's table for a name the query uses, or one line naming what exists near it. */
async function catalogTable(lake: Lake, name: TableName): Promise<CatalogTable> {
  const catalog = await lake.catalog();
  const found = await catalog.getTable(name.database.toLowerCase(), name.table.toLowerCase());
  if (found) return found;
  const databases = await catalog.listDatabases();
  const database = databases.includes(name.database.toLowerCase())
    ? name.database.toLowerCase()
    : closest(name.database.toLowerCase(), databases);
  const near =
    database === undefined
      ? undefined
      : closest(
          keyOf(name),
          (await catalog.listTables(database)).map((t) => `${t.database}.${t.name}`),
        );
  throw new MedallionError(
    "not-found",
    `no table ${name.database}.${name.table} in the ${catalog.kind === "glue" ? "Glue" : "lake's"} catalog${didYouMean(near)}: tables are <database>.<table> as the catalog names them (see \`medallion ls\`)`,
  );
}

/**
 * The catalog table each name without a database stands for: the one table of that name in the lake's
 * layer databases, else the one named `<domain>_<name>`; a name two tables could be is refused in one
 * line, a name none could be is left for DuckDB to report. Only the layers' databases are listed: the
 * lake's tables live there, and a Glue account's other databases (often many) are not the lake's.
 */
async function resolveUnqualified(lake: Lake, names: string[]): Promise<Map<string, TableName>> {
  const resolved = new Map<string, TableName>();
  if (names.length === 0) return resolved;
  const catalog = await lake.catalog();
  const databases = [...new Set(lake.layout.layers.map((layer) => databaseName(lake.config, layer)))];
  const listed = await Promise.all(databases.map((database) => catalog.listTables(database)));
  const all: TableName[] = listed.flat().map((t) => ({ database: t.database, table: t.name }));
  for (const name of names) {
    const wanted = name.toLowerCase();
    const exact = all.filter((t) => t.table.toLowerCase() === wanted);
    const matches =
      exact.length > 0 ? exact : all.filter((t) => t.table.toLowerCase().endsWith(`_${wanted}`));
    if (matches.length > 1) {
      throw new MedallionError(
        "usage",
        `table ${name} is ambiguous: it could be ${matches.map((t) => `${t.database}.${t.table}`).join(", ")}; name it as <database>.<table>`,
      );
    }
    const [match] = matches;
    if (match) resolved.set(wanted, match);
  }
  return resolved;
}

/**
 * The table's partitions the query may read, before DuckDB tests their values: with Glue, those its
 * partition expression matches (`filteredBy` it); otherwise, or when Glue refuses the expression, all of them.
 */
export async function listedPartitions(
  lake: Lake,
  table: CatalogTable,
  expression: string | undefined,
): Promise<{ partitions: CatalogPartition[]; filteredBy?: string }> {
  const catalog = await lake.catalog();
  const list = async (filter?: PartitionFilter) => {
    const partitions: CatalogPartition[] = [];
    for await (const page of catalog.listPartitions(table.database, table.name, filter))
      partitions.push(...page);
    return partitions;
  };
  if (expression !== undefined && catalog.kind === "glue") {
    try {
      return { partitions: await list({ expression }), filteredBy: expression };
    } catch (err) {
      // Glue cannot evaluate some expressions on some tables (a key value that does not parse as its
      // type): listing every partition gives the same result, only slower.
      if ((err as { cause?: { name?: string } }).cause?.name !== "InvalidInputException") throw err;
    }
  }
  return { partitions: await list() };
}

/** Makes `<database>.<table>` a view over only the files `read` lists, partition columns typed as the catalog types them. */
async function registerTable(engine: DuckDbEngine, table: CatalogTable, objectKeys: string[], n: number) {
  const source = `__medallion_table_${n}`;
  const keys = table.partitionKeys;
  const textFormat = table.format !== "parquet";
  await engine.register({
    name: source,
    format: table.format,
    objectKeys,
    // No file: an empty view with the catalog's columns. JSON and CSV: the catalog's columns, as text.
    ...(objectKeys.length === 0
      ? { columns: [...table.columns, ...keys].map((c) => ({ name: c.name, type: duckType(c.type) })) }
      : textFormat && table.columns.length > 0
        ? { columns: table.columns.map((c) => ({ name: c.name })) }
        : {}),
  });
  const typed = keys.filter((k) => duckType(k.type) !== "VARCHAR");
  const replace =
    objectKeys.length === 0 || typed.length === 0
      ? ""
      : ` REPLACE (${typed.map((k) => `CAST(${quoteName(k.name)} AS ${duckType(k.type)}) AS ${quoteName(k.name)}`).join(", ")})`;
  await engine.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteName(table.database)}`);
  await engine.exec(
    `CREATE OR REPLACE VIEW ${quoteName(table.database)}.${quoteName(table.name)} AS ` +
      `SELECT * EXCLUDE (${OBJECT_KEY_COLUMN})${replace} FROM temp.main.${quoteName(source)}`,
  );
}

/**
 * A DuckDB where each `<database>.<table>` the SELECT names is a view over only the files of the
 * partitions its WHERE can match (resolved through the catalog, pruned, fetched first when the lake is on
 * S3), with what it will read of each table. The caller closes the engine.
 */
export async function preparedEngine(
  lake: Lake,
  sql: string,
  options: QueryOptions,
): Promise<{ engine: DuckDbEngine; reads: TableRead[] }> {
  const { DuckDbEngine } = await import("../engine/duckdb.js");
  const engine = await DuckDbEngine.open(
    lake.store,
    options.engineOptions as DuckDbEngineOptions | undefined,
  );
  try {
    const statement = await parseSelect(engine, sql);
    const unqualified = await resolveUnqualified(lake, unqualifiedTables(statement));
    qualifyTables(statement, unqualified);
    const tables = await Promise.all(tableNames(statement).map((name) => catalogTable(lake, name)));
    const shapes = new Map<string, TableShape>(
      tables.map((t) => [
        keyOf({ database: t.database, table: t.name }),
        {
          partitionKeys: t.partitionKeys.map((k) => k.name),
          columns: [...t.columns, ...t.partitionKeys].map((c) => c.name),
        },
      ]),
    );
    const uses = tableUses(statement, shapes);
    const reads: TableRead[] = [];
    for (const [n, table] of tables.entries()) {
      const name = `${table.database}.${table.name}`;
      options.onProgress?.(`listing ${name}…`);
      let read: TableRead;
      let objectKeys: string[];
      if (table.partitionKeys.length === 0) {
        const files = await filesAt(lake, [table.location]);
        objectKeys = files.objectKeys;
        read = { name, location: table.location, files: objectKeys.length, bytes: files.bytes };
      } else {
        const filters = uses.filter(
          (u) => keyOf(u) === keyOf({ database: table.database, table: table.name }),
        );
        const expression = glueExpression(
          table.partitionKeys,
          filters.map((u) => u.filters as SqlNode[]),
        );
        const { partitions, filteredBy } = await listedPartitions(lake, table, expression);
        const chosen = await prunePartitions(
          engine,
          table.partitionKeys,
          partitions,
          filters.map((u) => u.filters as SqlNode[]),
        );
        const files = await filesAt(
          lake,
          chosen.map((p) => p.location),
        );
        objectKeys = files.objectKeys;
        read = {
          name,
          location: table.location,
          partitions: filteredBy
            ? { read: chosen.length, listed: partitions.length, glueExpression: filteredBy }
            : { read: chosen.length, total: partitions.length },
          files: objectKeys.length,
          bytes: files.bytes,
        };
      }
      options.onProgress?.(lake.store.kind === "s3" ? `fetching ${name}'s files…` : `reading ${name}…`);
      await registerTable(engine, table, objectKeys, n);
      reads.push(read);
    }
    // `orders` in the SQL: a view of that name over the catalog table it stands for.
    for (const [name, table] of unqualified) {
      await engine.exec(
        `CREATE OR REPLACE VIEW main.${quoteName(name)} AS SELECT * FROM ${quoteName(table.database)}.${quoteName(table.table)}`,
      );
    }
    return { engine, reads };
  } catch (err) {
    await engine.close();
    throw err;
  }
}

/**
 * Runs a SELECT with DuckDB over the lake: each `<database>.<table>` it names is resolved through the
 * catalog, its partitions pruned by the WHERE's tests on partition columns, and only those partitions'
 * files are read (fetched first when the lake is on S3).
 */
export async function duckDbQuery(lake: Lake, sql: string, options: QueryOptions = {}): Promise<QueryResult> {
  const started = Date.now();
  const gets = lake.store.requests.GetObject ?? 0;
  const { engine, reads } = await preparedEngine(lake, sql, options);
  try {
    options.onProgress?.("running…");
    const result = await engine.read(sql, options.maxRows ?? 10_000);
    const fetched = (lake.store.requests.GetObject ?? 0) - gets;
    return {
      columns: result.columns,
      values: result.values,
      texts: result.texts,
      more: result.more,
      stats: {
        engine: "duckdb",
        tables: reads,
        bytesScanned: reads.reduce((n, r) => n + r.bytes, 0),
        costUsd: 0,
        costBasis:
          lake.store.kind === "s3"
            ? `DuckDB on this machine: no charge per query (S3 billed ${fetched} GET request${fetched === 1 ? "" : "s"})`
            : "DuckDB on this machine: no charge per query",
        elapsedMs: Date.now() - started,
      },
    };
  } finally {
    await engine.close();
  }
}

/**
 * Writes every row of a SELECT (not only those a screen fetched) to a local file with DuckDB's COPY, in
 * `copyOptions` (`FORMAT parquet`); the tables are resolved and pruned as `duckDbQuery` does. Returns
 * the rows written.
 */
export async function duckDbCopy(
  lake: Lake,
  sql: string,
  file: string,
  copyOptions: string,
  options: QueryOptions = {},
): Promise<number> {
  const { engine } = await preparedEngine(lake, sql, options);
  try {
    options.onProgress?.("writing…");
    const select = sql.trim().replace(/;\s*$/, "");
    const [counted] = await engine.rows(`COPY (${select}) TO ${quoteText(file)} (${copyOptions})`);
    return Number(Object.values(counted ?? {})[0] ?? 0);
  } finally {
    await engine.close();
  }
}

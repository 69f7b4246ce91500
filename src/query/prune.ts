import type { CatalogPartition, Column } from "../catalog/index.js";
import type { DuckDbEngine } from "../engine/duckdb.js";
import { quoteName, quoteText } from "../engine/duckdb.js";
import { duckType } from "../promote/sql.js";
import { allOf, type SqlNode } from "./sql-tree.js";

/** Hive's folder value for a null or empty partition value. */
const DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";
/** The table of partition values the filters run against (one per table, dropped after). */
const PARTITIONS = "__medallion_partitions";

/** The key's column of the partitions table: its value typed as the catalog says (Hive's default partition, and a value that does not cast, null). */
function columnSql(key: Column, index: number): string {
  const value = `NULLIF(v[${index + 1}], ${quoteText(DEFAULT_PARTITION)})`;
  return `TRY_CAST(${value} AS ${duckType(key.type)}) AS ${quoteName(key.name.toLowerCase())}`;
}

/**
 * The partitions some use of the table may read: DuckDB evaluates each use's WHERE conjuncts on the
 * partition columns against the catalog's partition values (typed as the catalog types the keys).
 * A use without such conjuncts reads every partition; so does one DuckDB cannot evaluate this way
 * (the query itself then reports the error, at its own position).
 */
export async function prunePartitions(
  engine: DuckDbEngine,
  keys: Column[],
  partitions: CatalogPartition[],
  uses: SqlNode[][],
): Promise<CatalogPartition[]> {
  if (keys.length === 0 || uses.some((filters) => filters.length === 0)) return partitions;
  // One JSON literal for all the values: a thousand-row VALUES list takes DuckDB ten times longer to bind.
  const values = JSON.stringify(partitions.map((p) => p.values));
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE ${PARTITIONS} AS SELECT (i - 1)::INTEGER AS __i, ${keys.map(columnSql).join(", ")} ` +
      `FROM (SELECT unnest(range(1, len(l) + 1)) AS i, unnest(l) AS v FROM (SELECT CAST(json(${quoteText(values)}) AS VARCHAR[][]) AS l))`,
  );
  try {
    const [template] = await engine.rows(
      `SELECT json_serialize_sql('SELECT __i FROM ${PARTITIONS}') AS tree`,
    );
    const wheres: string[] = [];
    for (const filters of uses) {
      const tree = JSON.parse(String(template?.tree)) as { statements: { node: SqlNode }[] };
      (tree.statements[0] as { node: SqlNode }).node.where_clause = allOf(filters);
      const [row] = await engine.rows(
        `SELECT json_deserialize_sql(${quoteText(JSON.stringify(tree))}) AS sql`,
      );
      wheres.push(String(row?.sql));
    }
    const chosen = await engine.rows(wheres.join(" UNION ")).catch(() => undefined);
    if (chosen === undefined) return partitions;
    const picked = new Set(chosen.map((r) => Number(r.__i)));
    return partitions.filter((_, i) => picked.has(i));
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${PARTITIONS}`);
  }
}

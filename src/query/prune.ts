import type { CatalogPartition, Column } from "../catalog/index.js";
import type { DuckDbEngine } from "../engine/duckdb.js";
import { quoteName, quoteText } from "../engine/duckdb.js";
import { duckType } from "../promote/sql.js";
import { allOf, type SqlNode } from "./sql-tree.js";

/** Hive's folder value for a null or empty partition value. */
const DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";
/** The table of partition values the filters run against (one per table, dropped after). */
const PARTITIONS = "__medallion_partitions";
/** Rows per INSERT of partition values. */
const INSERT_ROWS = 1_000;

/** A partition value as the key's type (null for Hive's default partition; a value that does not cast, null). */
function valueSql(value: string | undefined, key: Column): string {
  if (value === undefined || value === DEFAULT_PARTITION) return "NULL";
  return `TRY_CAST(${quoteText(value)} AS ${duckType(key.type)})`;
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
  const columns = keys.map((k) => `${quoteName(k.name.toLowerCase())} ${duckType(k.type)}`);
  await engine.exec(`CREATE OR REPLACE TEMP TABLE ${PARTITIONS} (__i INTEGER, ${columns.join(", ")})`);
  try {
    for (let start = 0; start < partitions.length; start += INSERT_ROWS) {
      const rows = partitions.slice(start, start + INSERT_ROWS).map((p, i) => {
        const values = keys.map((k, j) => valueSql(p.values[j], k));
        return `(${start + i}, ${values.join(", ")})`;
      });
      await engine.exec(`INSERT INTO ${PARTITIONS} VALUES ${rows.join(", ")}`);
    }
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

import type { DuckDbEngine } from "../engine/duckdb.js";
import { quoteText } from "../engine/duckdb.js";
import { MedallionError } from "../errors.js";
import type { SqlNode } from "./sql-tree.js";

/** `at line 2, column 5` of a 0-based character offset into the statement. */
function lineAndColumn(sql: string, offset: number): string {
  const before = sql.slice(0, offset).split("\n");
  return `at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** `parser` → `Parser Error`, the words DuckDB's own messages start with. */
const errorKind = (type: string) => `${type.charAt(0).toUpperCase()}${type.slice(1)} Error`;

/**
 * The statement as DuckDB parses it (json_serialize_sql): one SELECT, or one line saying what is wrong
 * and where. Only a SELECT can be serialized, so nothing a query runs can change anything.
 */
export async function parseSelect(engine: DuckDbEngine, sql: string): Promise<SqlNode> {
  const [row] = await engine.rows(`SELECT json_serialize_sql(${quoteText(sql)}) AS tree`);
  const tree = JSON.parse(String(row?.tree)) as SqlNode;
  if (tree.error === true) {
    if (tree.error_type === "not implemented") {
      throw new MedallionError(
        "usage",
        "a query is one SELECT statement (WITH … SELECT, FROM … too): nothing else runs here",
      );
    }
    const at = tree.position === undefined ? "" : ` (${lineAndColumn(sql, Number(tree.position))})`;
    throw new MedallionError(
      "usage",
      `DuckDB: ${errorKind(String(tree.error_type))}: ${tree.error_message}${at}`,
    );
  }
  const statements = tree.statements as { node: SqlNode }[];
  if (statements.length === 0)
    throw new MedallionError("usage", "the query is empty: give one SELECT statement");
  if (statements.length !== 1) {
    throw new MedallionError("usage", `a query is one SELECT statement; this holds ${statements.length}`);
  }
  return (statements[0] as { node: SqlNode }).node;
}

import type { EngineKind } from "../engine/index.js";
import type { Lake } from "../lake/index.js";
import type { QueryOptions, QueryResult } from "./types.js";

export { prefillSql } from "./prefill.js";
export { costText, resultCsv, resultJson, resultPage, rowsLine, statsLine } from "./render.js";
export type { QueryOptions, QueryResult, QueryStats, TableRead } from "./types.js";

/** Runs one SELECT over the lake on the engine asked for; DuckDB and the Athena SDK load only here. */
export async function runQuery(
  lake: Lake,
  sql: string,
  engine: EngineKind,
  options: QueryOptions = {},
): Promise<QueryResult> {
  if (engine === "athena") {
    const { athenaQuery } = await import("./athena-query.js");
    return athenaQuery(lake, sql, options);
  }
  const { duckDbQuery } = await import("./duckdb-query.js");
  return duckDbQuery(lake, sql, options);
}

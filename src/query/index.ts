import type { EngineKind } from "../engine/index.js";
import { MedallionError } from "../errors.js";
import type { Lake } from "../lake/index.js";
import type { QueryOptions, QueryResult } from "./types.js";

export { costText, resultCsv, resultJson, resultPage, rowsLine, statsLine } from "./render.js";
export type { QueryOptions, QueryResult, QueryStats, TableRead } from "./types.js";

/** Runs one SELECT over the lake on the engine asked for; DuckDB loads only here. */
export async function runQuery(
  lake: Lake,
  sql: string,
  engine: EngineKind,
  options: QueryOptions = {},
): Promise<QueryResult> {
  if (engine === "athena") {
    throw new MedallionError("not-yet", "queries on Athena are not yet built: use --engine duckdb");
  }
  const { duckDbQuery } = await import("./duckdb-query.js");
  return duckDbQuery(lake, sql, options);
}

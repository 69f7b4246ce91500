import type { AthenaColumn, AthenaRow } from "../engine/index.js";
import { openAthenaQueries } from "../engine/index.js";
import { MedallionError } from "../errors.js";
import type { Lake } from "../lake/index.js";
import { checkTenantTables } from "./tenant-tables.js";
import type { QueryOptions, QueryResult } from "./types.js";

/** Athena's types whose text is a JSON number (within JavaScript's exact range for integers). */
const INTEGER = new Set(["tinyint", "smallint", "integer", "int", "bigint"]);
const FLOATING = new Set(["double", "float", "real"]);

/** A value of Athena's text for JSON: integers and floats as numbers, booleans as booleans, the rest as text. */
function jsonValue(text: string | null, column: AthenaColumn | undefined): unknown {
  if (text === null || column === undefined) return text;
  const type = column.type.toLowerCase();
  if (INTEGER.has(type)) return Number.isSafeInteger(Number(text)) ? Number(text) : text;
  if (FLOATING.has(type)) return Number.isFinite(Number(text)) ? Number(text) : text;
  if (type === "boolean") return text === "true" ? true : text === "false" ? false : text;
  return text;
}

/** Statements that only read, as their first word says (comments skipped): all `medallion query` sends Athena. */
const READING = /^(select|with|values|table|show|describe|explain)\b/i;

/** One line refusing anything but a query: DDL and writes go through `catalog`, `sync` and `promote`. */
function checkReadOnly(sql: string): void {
  const start = sql.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)+/, "");
  if (!READING.test(start)) {
    throw new MedallionError(
      "usage",
      `a query is one SELECT (or WITH, SHOW, DESCRIBE, EXPLAIN): \`${start.split(/\s/)[0] ?? ""}\` is not run here; change tables with medallion catalog, sync or promote`,
    );
  }
}

/**
 * Runs a SELECT on Athena (workgroup and output location from `athena:`): its states as progress,
 * cancelled through the signal, results read page by page up to `maxRows`, its own statistics and cost.
 */
export async function athenaQuery(lake: Lake, sql: string, options: QueryOptions = {}): Promise<QueryResult> {
  checkReadOnly(sql);
  await checkTenantTables(lake, sql, lake.config.athena.database);
  const maxRows = options.maxRows ?? 10_000;
  const athena = await openAthenaQueries(lake.config);
  try {
    const result = await athena.run(sql, {
      ...(options.signal ? { signal: options.signal } : {}),
      onState: (state, ms) =>
        options.onProgress?.(
          `Athena (${athena.workgroup}): ${state.toLowerCase()} ${(ms / 1000).toFixed(1)} s`,
        ),
    });
    const rows: AthenaRow[] = [];
    let more = false;
    for await (const page of result.pages()) {
      rows.push(...page);
      if (rows.length > maxRows) {
        more = true;
        break;
      }
      options.onProgress?.(`reading results: ${rows.length} rows`);
    }
    const kept = rows.slice(0, maxRows);
    const { statistics } = result;
    return {
      columns: result.columns,
      values: kept.map((row) => row.map((v, i) => jsonValue(v, result.columns[i]))),
      texts: kept,
      more,
      stats: {
        engine: "athena",
        tables: [],
        bytesScanned: statistics.dataScannedBytes,
        costUsd: statistics.costUsd,
        costBasis: `Athena's statistics: bytes scanned, billed by the MiB, 10 MiB at least; query ${result.queryExecutionId}`,
        elapsedMs: statistics.totalExecutionMs,
        queryId: result.queryExecutionId,
      },
    };
  } finally {
    athena.close();
  }
}

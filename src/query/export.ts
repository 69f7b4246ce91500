// A query's rows into a local file: CSV, JSON lines or Parquet. With DuckDB the query runs again as a
// COPY, so the file holds every row (not only those a screen fetched); an Athena result is written as
// fetched. Either way the file appears whole or not at all (written beside it, then renamed).
import { rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { MedallionError } from "../errors.js";
import { plural } from "../lake/human.js";
import type { Lake } from "../lake/index.js";
import { duckType } from "../promote/sql.js";
import { resultCsv, resultJson } from "./render.js";
import type { QueryOptions, QueryResult } from "./types.js";

export const EXPORT_FORMATS = ["csv", "jsonl", "parquet"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EXTENSIONS: Record<string, ExportFormat> = {
  ".csv": "csv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".json": "jsonl",
  ".parquet": "parquet",
};

/** The format a file name asks for by its extension, if any. */
export function exportFormatOf(file: string): ExportFormat | undefined {
  return EXTENSIONS[path.extname(file).toLowerCase()];
}

/** DuckDB's COPY options for a format. */
const COPY_OPTIONS: Record<ExportFormat, string> = {
  csv: "FORMAT csv, HEADER true",
  jsonl: "FORMAT json",
  parquet: "FORMAT parquet, COMPRESSION zstd",
};

export interface ExportSummary {
  file: string;
  format: ExportFormat;
  rows: number;
  /** True when every row of the query is in the file; false when only the rows fetched are. */
  whole: boolean;
}

/** `1,234 rows written to out.parquet (every row of the query)`. */
export function exportLine(summary: ExportSummary): string {
  return `${plural(summary.rows, "row")} written to ${summary.file} (${summary.whole ? "every row of the query" : "the rows fetched"})`;
}

/** The rows as JSON lines: one object per row, by column name, as `--format json` has them. */
function resultJsonLines(result: QueryResult): string {
  const rows = (resultJson(result) as { rows: unknown[] }).rows;
  return rows.map((row) => `${JSON.stringify(row)}\n`).join("");
}

async function whole(file: string, write: (temporary: string) => Promise<void>): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  try {
    await write(temporary);
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

/** DuckDB's type for a column type Athena names (`varchar`, `integer`, `real`, `decimal(10,2)`). */
function athenaDuckType(type: string): string {
  const t = type.toLowerCase();
  const hive: Record<string, string> = { varchar: "string", integer: "int", real: "float", char: "string" };
  return duckType(hive[t.replace(/\(.*$/, "")] ?? t);
}

/** Writes fetched rows as Parquet through DuckDB: their JSON lines read back with the engine's column types. */
async function fetchedParquet(lake: Lake, result: QueryResult, file: string): Promise<void> {
  const { DuckDbEngine, quoteText } = await import("../engine/duckdb.js");
  const engine = await DuckDbEngine.open(lake.store);
  const lines = `${file}.jsonl`;
  try {
    await writeFile(lines, resultJsonLines(result));
    const columns = result.columns
      .map((c) => `${quoteText(c.name)}: ${quoteText(athenaDuckType(c.type))}`)
      .join(", ");
    await engine.exec(
      `COPY (SELECT * FROM read_json(${quoteText(lines)}, format = 'newline_delimited', columns = {${columns}})) TO ${quoteText(file)} (${COPY_OPTIONS.parquet})`,
    );
  } finally {
    await rm(lines, { force: true });
    await engine.close();
  }
}

/**
 * Writes the rows of `sql` (whose `result` a screen holds) to `file` in `format`: DuckDB runs the query
 * again into the file; Athena's rows are written as fetched.
 */
export async function exportResult(
  lake: Lake,
  sql: string,
  result: QueryResult,
  file: string,
  format: ExportFormat,
  options: QueryOptions = {},
): Promise<ExportSummary> {
  if (file.trim() === "") throw new MedallionError("usage", "no file name: type where to write the rows");
  const target = path.resolve(file);
  if (result.stats.engine === "duckdb") {
    const { duckDbCopy } = await import("./duckdb-query.js");
    let rows = 0;
    await whole(target, async (temporary) => {
      rows = await duckDbCopy(lake, sql, temporary, COPY_OPTIONS[format], options);
    });
    return { file: target, format, rows, whole: true };
  }
  await whole(target, async (temporary) => {
    if (format === "csv") await writeFile(temporary, resultCsv(result));
    else if (format === "jsonl") await writeFile(temporary, resultJsonLines(result));
    else await fetchedParquet(lake, result, temporary);
  });
  return { file: target, format, rows: result.values.length, whole: !result.more };
}

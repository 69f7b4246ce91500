import { createHash } from "node:crypto";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import type { TableFormat } from "../catalog/catalog.js";
import type { IngestSpec } from "../config/index.js";
import type { Engine } from "../engine/engine.js";
import { MedallionError } from "../errors.js";
import { partitionSegment } from "../lake/escape.js";
import { q, text } from "../promote/sql.js";
import { pathValues } from "./path-values.js";
import type { SourceFile } from "./sources.js";

/** The two columns ingest adds to every row: when it landed (UTC) and the file it came from. */
export const INGESTION_TIMESTAMP = "_ingestion_timestamp";
export const SOURCE_FILE = "_source_file";

/** One bronze file a source file becomes: the rows of one partition, written to a local file first. */
export interface PreparedPartition {
  values: (string | null)[];
  /** Below the table, Hive-escaped: `year=2024/month=01/day=15`. */
  path: string;
  rows: number;
  /** The object's name in the partition folder: the source's, tagged with its location's hash. */
  name: string;
  file: string;
  bytes: number;
}

export interface PreparedSource {
  source: SourceFile;
  rows: number;
  partitions: PreparedPartition[];
  /** Rows whose partitionFrom value is not a date or timestamp: in Hive's default partition. */
  undated: number;
}

export interface PrepareContext {
  engine: Engine;
  /** A local folder: fetched sources and the files written. */
  scratch: string;
  keys: string[];
  spec?: IngestSpec;
  /** The run's time, the same in every row it writes. */
  ingestedAt: Date;
  /** Copies a source file to a local file (S3 sources); local sources are read where they are. */
  fetch(source: SourceFile, file: string): Promise<void>;
  localPath(source: SourceFile): string | undefined;
}

const EXTENSION = /\.(csv|jsonl|ndjson|json|parquet|parq)(\.gz|\.gzip)?$/i;

/**
 * The bronze object name of a source file: its own name (extension kept, as delivered) with a tag of its
 * full location, so two sources named alike never collide and the same source always lands under one name.
 */
export function bronzeName(source: Pick<SourceFile, "uri">): string {
  const base = source.uri.slice(source.uri.lastIndexOf("/") + 1);
  const ext = EXTENSION.exec(base)?.[0] ?? "";
  const tag = createHash("sha256").update(source.uri).digest("hex").slice(0, 8);
  return `${base.slice(0, base.length - ext.length)}-${tag}${ext}`;
}

const DATE_FORMATS: Record<string, string> = { year: "%Y", month: "%m", day: "%d", hour: "%H" };

interface Reader {
  sql: string;
  columns: string[];
  /** CSV only: the dialect to write back. */
  csv?: { delimiter: string; quote: string; escape: string };
}

/** No columns from the source's `key=value` folders: partition values go in bronze's folder names only. */
const AS_IS = "hive_partitioning = false";

const unset = (v: unknown, fallback: string) => (v === "(empty)" || typeof v !== "string" ? fallback : v);

/** A DuckDB reader that keeps every value as delivered: CSV fields as text, JSON values as JSON. */
async function reader(engine: Engine, file: string, format: TableFormat): Promise<Reader> {
  const at = text(file);
  if (format === "parquet") {
    const sql = `read_parquet(${at}, ${AS_IS})`;
    const columns = (await engine.rows(`DESCRIBE SELECT * FROM ${sql}`)).map((r) => String(r.column_name));
    return { sql, columns };
  }
  if (format === "csv") {
    const [sniffed] = await engine.rows(
      `SELECT Delimiter AS d, Quote AS q, Escape AS e, Columns AS c FROM sniff_csv(${at}, header = true, hive_partitioning = false)`,
    );
    const csv = {
      delimiter: unset(sniffed?.d, ","),
      quote: unset(sniffed?.q, '"'),
      escape: unset(sniffed?.e, '"'),
    };
    let columns = ((sniffed?.c ?? []) as { name: string }[]).map((c) => c.name);
    // A file whose rows disagree with its header misleads the sniffer: the header's fields are the columns.
    const header = await headerFields(engine, at, csv);
    if (header.length !== columns.length) columns = header;
    const typed = columns.map((c) => `${text(c)}: 'VARCHAR'`).join(", ");
    const sql =
      `read_csv(${at}, ${AS_IS}, header = true, auto_detect = false, delim = ${text(csv.delimiter)}, quote = ${text(csv.quote)}, ` +
      `escape = ${text(csv.escape)}, allow_quoted_nulls = false, columns = {${typed}})`;
    return { sql, columns, csv };
  }
  // Every line's keys (the whole file, not a sample: a key first seen late must not be dropped).
  const described = await engine.rows(
    `DESCRIBE SELECT * FROM read_json(${at}, ${AS_IS}, format = 'newline_delimited', sample_size = -1)`,
  );
  const columns = described.map((r) => String(r.column_name));
  const typed = columns.map((c) => `${text(c)}: 'JSON'`).join(", ");
  return { sql: `read_json(${at}, ${AS_IS}, format = 'newline_delimited', columns = {${typed}})`, columns };
}

/** The fields of a CSV file's first line, split at the delimiter outside quotes. */
async function headerFields(engine: Engine, at: string, csv: NonNullable<Reader["csv"]>): Promise<string[]> {
  const [first] = await engine.rows(
    `SELECT line FROM read_csv(${at}, ${AS_IS}, header = false, auto_detect = false, columns = {'line': 'VARCHAR'}, delim = '\x01', quote = '', escape = '', strict_mode = false) LIMIT 1`,
  );
  const line = String(first?.line ?? "").replace(/\r$/, "");
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted && ch === csv.escape && line[i + 1] === csv.quote) {
      field += csv.quote;
      i++;
    } else if (ch === csv.quote) quoted = !quoted;
    else if (!quoted && line.startsWith(csv.delimiter, i)) {
      fields.push(field);
      field = "";
      i += csv.delimiter.length - 1;
    } else field += ch;
  }
  return [...fields, field];
}

/** A partition key's value for each row: a date part of `partitionFrom`, else the file's path value. */
function keyExpressions(ctx: PrepareContext, source: SourceFile, r: Reader): string[] {
  const from = ctx.spec?.partitionFrom;
  if (from === undefined) {
    return pathValues(source.uri, ctx.keys, ctx.spec?.path).map((v) => (v === null ? "NULL" : text(v)));
  }
  if (!r.columns.includes(from)) {
    throw new MedallionError(
      "usage",
      `${source.uri} has no column ${from} (the table's ingest.partitionFrom): its columns are ${r.columns.join(", ")}`,
    );
  }
  const value =
    source.format === "json" ? `json_extract_string(${q(from)}, '$')` : `CAST(${q(from)} AS VARCHAR)`;
  // The same cast silver uses to partition by the column, so a row lands on the same day in both layers.
  const at =
    source.format === "parquet" ? `TRY_CAST(${q(from)} AS TIMESTAMP)` : `TRY_CAST(${value} AS TIMESTAMP)`;
  return ctx.keys.map((k) => `strftime(${at}, ${text(DATE_FORMATS[k] as string)})`);
}

function copyOptions(source: SourceFile, r: Reader): string {
  const gzip = source.gzip ? "gzip" : "none";
  if (source.format === "parquet") return "FORMAT parquet, COMPRESSION zstd";
  if (source.format === "json") return `FORMAT json, COMPRESSION ${gzip}`;
  const csv = r.csv as NonNullable<Reader["csv"]>;
  return `FORMAT csv, HEADER true, DELIMITER ${text(csv.delimiter)}, QUOTE ${text(csv.quote)}, ESCAPE ${text(csv.escape)}, COMPRESSION ${gzip}`;
}

const timestampLiteral = (at: Date) =>
  `TIMESTAMP ${text(at.toISOString().replace("T", " ").replace("Z", ""))}`;

/**
 * Reads one source file with DuckDB, adds `_ingestion_timestamp` and `_source_file`, and writes one
 * local file per partition its rows land in, in the source's format (gzip kept). Nothing reaches the
 * lake here: a malformed source fails before the run starts.
 */
export async function prepareSource(
  ctx: PrepareContext,
  source: SourceFile,
  n: number,
): Promise<PreparedSource> {
  let file = ctx.localPath(source);
  if (file === undefined) {
    file = path.join(ctx.scratch, `source-${n}`, source.uri.slice(source.uri.lastIndexOf("/") + 1));
    await mkdir(path.dirname(file), { recursive: true });
    await ctx.fetch(source, file);
  }
  const { engine } = ctx;
  const r = await reader(engine, file, source.format).catch((err) => {
    throw located(source, err);
  });
  const taken = [INGESTION_TIMESTAMP, SOURCE_FILE].filter((c) => r.columns.includes(c));
  if (taken.length > 0) {
    throw new MedallionError(
      "usage",
      `${source.uri} already has a ${taken.join(" and a ")} column: ingest adds it; rename it in the file first`,
    );
  }
  const parts = keyExpressions(ctx, source, r).map((expr, i) => `${expr} AS ${q(`_part_${i}`)}`);
  await engine
    .exec(
      `CREATE OR REPLACE TEMP TABLE ingest_rows AS SELECT *, ${timestampLiteral(ctx.ingestedAt)} AS ${INGESTION_TIMESTAMP}, ` +
        `${text(source.uri)} AS ${SOURCE_FILE}${parts.map((p) => `, ${p}`).join("")} FROM ${r.sql}`,
    )
    .catch((err) => {
      throw located(source, err);
    });
  const partCols = ctx.keys.map((_, i) => q(`_part_${i}`));
  const groups = await engine.rows(
    `SELECT ${[...partCols, "count(*) AS n"].join(", ")} FROM ingest_rows${partCols.length ? ` GROUP BY ALL ORDER BY ALL` : ""}`,
  );
  const name = bronzeName(source);
  const prepared: PreparedSource = { source, rows: 0, partitions: [], undated: 0 };
  for (const [g, group] of groups.entries()) {
    const rows = Number(group.n);
    if (rows === 0) continue;
    const values = ctx.keys.map((_, i) => {
      const v = group[`_part_${i}`];
      return v === null || v === undefined || v === "" ? null : String(v);
    });
    const where = values.map(
      (v, i) => `${partCols[i]} IS NOT DISTINCT FROM ${v === null ? "NULL" : text(v)}`,
    );
    const out = path.join(ctx.scratch, `out-${n}-${g}`, name);
    await mkdir(path.dirname(out), { recursive: true });
    const columns = partCols.length > 0 ? `* EXCLUDE (${partCols.join(", ")})` : "*";
    await engine.exec(
      `COPY (SELECT ${columns} FROM ingest_rows${where.length ? ` WHERE ${where.join(" AND ")}` : ""}) TO ${text(out)} (${copyOptions(source, r)})`,
    );
    const folder = ctx.keys.map((k, i) => partitionSegment(k, values[i])).join("/");
    prepared.partitions.push({ values, path: folder, rows, name, file: out, bytes: (await stat(out)).size });
    prepared.rows += rows;
    if (ctx.spec?.partitionFrom && values.some((v) => v === null)) prepared.undated += rows;
  }
  await engine.exec("DROP TABLE IF EXISTS ingest_rows");
  return prepared;
}

/** DuckDB's one line about a file, with the file named. */
function located(source: SourceFile, err: unknown): Error {
  if (!(err instanceof MedallionError)) return err as Error;
  const full = String((err.cause as Error | undefined)?.message ?? "");
  // The line that says what is wrong with a CSV row; DuckDB's own file name is our temp copy's, left out.
  const expected = full.split("\n").find((l) => l.startsWith("Expected Number of Columns"));
  const line =
    err.message
      .replace(/^DuckDB: /, "")
      .replace(/ \(at line \d+.*\)$/, "")
      .replace(/ in file "[^"]*"/, "")
      .replace(/[\s.]+$/, "") + (expected ? ` (${expected.trim()})` : "");
  const how =
    source.format === "csv"
      ? "CSV with a header"
      : source.format === "json"
        ? "JSON lines (one object a line)"
        : "Parquet";
  return new MedallionError("corrupt", `${source.uri} is not readable as ${how}: ${line}`, { cause: err });
}

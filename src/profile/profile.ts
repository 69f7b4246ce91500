// A profile of what a lake path holds (a table, a partition or one file): per column the nulls, the
// distinct count, min and max, and a histogram (numbers, dates, timestamps) or the top values (text,
// booleans). DuckDB computes every figure over only that path's files; Athena, with `engine: "athena"`,
// through the path's Glue table (athena.ts).
import type { DuckDbEngine } from "../engine/duckdb.js";
import { quoteName } from "../engine/duckdb.js";
import { type EngineKind, OBJECT_KEY_COLUMN } from "../engine/engine.js";
import { MedallionError, NotFoundError } from "../errors.js";
import type { Lake } from "../lake/index.js";
import { formatFromKey } from "../preview/detect.js";
import { filesUnder } from "../query/files.js";

export interface ColumnProfile {
  name: string;
  /** DuckDB's type of the column. */
  type: string;
  nulls: number;
  distinct: number;
  /** False: HyperLogLog's estimate (`approx_count_distinct`), within a few percent. */
  distinctExact: boolean;
  /** DuckDB's text of the smallest and largest value; null when every value is null or the type has no order. */
  min: string | null;
  max: string | null;
  /** Numbers, dates and timestamps: rows per bin, each bin's upper bound (DuckDB's `histogram_values`). */
  histogram?: { upTo: string; count: number }[];
  /** Text and booleans: the most frequent values, most first. */
  top?: { value: string | null; count: number }[];
}

export interface Profile {
  /** The lake path profiled (`silver/sales/orders/year=2026`). */
  path: string;
  /** Data files read by DuckDB; absent on Athena, which does not say. */
  files?: number;
  /** Bytes of those files: all DuckDB may read of them (it reads only the column chunks it needs); on Athena, what it scanned. */
  bytesRead: number;
  rows: number;
  columns: ColumnProfile[];
  elapsedMs: number;
  /** Computed by Athena: the workgroup, its queries and what they cost (`bytesRead` is what they scanned). */
  athena?: { workgroup: string; queries: string[]; costUsd: number };
}

export interface ProfileOptions {
  /** Distinct counts are exact up to this many rows, HyperLogLog estimates beyond (default 1,000,000). */
  exactDistinctRows?: number;
  /** Bins of a histogram (default 10); values shown of a top list (default 5). */
  bins?: number;
  top?: number;
  /** Only these columns (`a` on a column of the grid); default every column. */
  columns?: string[];
  onProgress?: (text: string) => void;
  /** DuckDB (default) over the files, or Athena through the Glue table; Athena's distinct counts are estimates. */
  engine?: EngineKind;
  /** Stops the work (Athena: StopQueryExecution). */
  signal?: AbortSignal;
  /** Athena, profiling a query's rows: its result columns as Athena typed them. */
  resultColumns?: { name: string; type: string }[];
}

const PROFILED = "__medallion_profiled";
const HISTOGRAM_TYPE =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U\w*INT|FLOAT|DOUBLE|DECIMAL|DATE|TIMESTAMP)/;
const TOP_TYPE = /^(VARCHAR|BOOLEAN|UUID|ENUM)/;
/** Nested types have no min/max worth showing (DuckDB orders them, but their text is the whole value). */
const NESTED_TYPE = /(\[\]|^STRUCT|^MAP|^UNION)/;

/** The files a lake path names: the file itself, or every data file below the folder. */
async function pathFiles(
  lake: Lake,
  location: string,
): Promise<{ key: string; objectKeys: string[]; bytes: number }> {
  const key = lake.resolve(location).replace(/\/+$/, "");
  const below = await filesUnder(lake, [key === "" ? "" : `${key}/`]);
  if (below.objectKeys.length > 0) return { key, ...below };
  const file = await lake.store.head(key).catch(() => undefined);
  if (file && file.size > 0) return { key, objectKeys: [key], bytes: file.size };
  throw new NotFoundError(
    location,
    `nothing to profile at ${location}: no data file there (see \`medallion ls\`)`,
  );
}

/** Parquet, JSON lines or CSV: one format for all the files, from their names. */
function formatOf(objectKeys: string[], location: string): "parquet" | "json" | "csv" {
  const formats = new Set(
    objectKeys.map((k) => {
      const named = formatFromKey(k).format;
      return named === "jsonl" ? "json" : named;
    }),
  );
  const [format] = formats;
  if (formats.size !== 1 || format === undefined) {
    throw new MedallionError(
      "usage",
      `cannot profile ${location}: its files are ${[...formats].map((f) => f ?? "of no known format").join(" and ")}; profile a partition or a file of one format (Parquet, JSON lines or CSV)`,
    );
  }
  return format;
}

const num = (v: unknown) => Number(v ?? 0);
const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

async function histogram(engine: DuckDbEngine, column: string, bins: number) {
  const rows = await engine.rows(
    `SELECT bin::VARCHAR AS up_to, count FROM histogram_values(${PROFILED}, ${quoteName(column)}, bin_count := ${bins})`,
  );
  return rows.map((r) => ({ upTo: String(r.up_to), count: num(r.count) }));
}

async function topValues(engine: DuckDbEngine, column: string, top: number) {
  const c = quoteName(column);
  const rows = await engine.rows(
    `SELECT ${c}::VARCHAR AS value, count(*) AS n FROM ${PROFILED} GROUP BY ${c} ORDER BY n DESC, value NULLS LAST LIMIT ${top}`,
  );
  return rows.map((r) => ({ value: text(r.value), count: num(r.n) }));
}

/** The figures of every column (or those asked for) of the relation PROFILED in `engine`. */
async function profileRelation(
  engine: DuckDbEngine,
  what: string,
  options: ProfileOptions,
): Promise<{ rows: number; columns: ColumnProfile[] }> {
  const described = await engine.rows(`DESCRIBE ${PROFILED}`);
  const all = described
    .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }))
    .filter((c) => c.name !== OBJECT_KEY_COLUMN);
  const wanted = options.columns;
  const unknown = wanted?.find((name) => !all.some((c) => c.name === name));
  if (unknown !== undefined) {
    throw new NotFoundError(
      unknown,
      `no column ${unknown} in ${what} (columns: ${all.map((c) => c.name).join(", ")})`,
    );
  }
  const columns = wanted ? all.filter((c) => wanted.includes(c.name)) : all;
  const [counted] = await engine.rows(`SELECT count(*) AS n FROM ${PROFILED}`);
  const rows = num(counted?.n);
  const exact = rows <= (options.exactDistinctRows ?? 1_000_000);
  options.onProgress?.("counting…");
  const figures = columns.flatMap((c, i) => {
    const q = quoteName(c.name);
    const ordered = !NESTED_TYPE.test(c.type);
    return [
      `count(${q}) AS nonnull_${i}`,
      exact ? `count(DISTINCT ${q}) AS distinct_${i}` : `approx_count_distinct(${q}) AS distinct_${i}`,
      ordered ? `min(${q})::VARCHAR AS min_${i}` : `NULL AS min_${i}`,
      ordered ? `max(${q})::VARCHAR AS max_${i}` : `NULL AS max_${i}`,
    ];
  });
  const [stats = {}] =
    columns.length > 0 ? await engine.rows(`SELECT ${figures.join(", ")} FROM ${PROFILED}`) : [];
  const profiles: ColumnProfile[] = [];
  for (const [i, c] of columns.entries()) {
    const profile: ColumnProfile = {
      name: c.name,
      type: c.type,
      nulls: rows - num(stats[`nonnull_${i}`]),
      distinct: num(stats[`distinct_${i}`]),
      distinctExact: exact,
      min: text(stats[`min_${i}`]),
      max: text(stats[`max_${i}`]),
    };
    if (profile.nulls < rows) {
      options.onProgress?.(`${c.name}…`);
      if (HISTOGRAM_TYPE.test(c.type))
        profile.histogram = await histogram(engine, c.name, options.bins ?? 10);
      // A column whose every value differs (an id) has no top values worth a chart.
      else if (TOP_TYPE.test(c.type) && profile.distinct < rows - profile.nulls)
        profile.top = await topValues(engine, c.name, options.top ?? 5);
    }
    profiles.push(profile);
  }
  return { rows, columns: profiles };
}

/** Profiles the data files of a lake path (a table, a partition, a file) with DuckDB. */
export async function profilePath(
  lake: Lake,
  location: string,
  options: ProfileOptions = {},
): Promise<Profile> {
  if (options.engine === "athena") {
    const athena = await import("./athena.js");
    options.onProgress?.(`finding ${location} in Glue…`);
    return athena.profileOnAthena(lake, await athena.athenaPathSource(lake, location), options);
  }
  const started = Date.now();
  options.onProgress?.(`listing ${location}…`);
  const files = await pathFiles(lake, location);
  const format = formatOf(files.objectKeys, location);
  const { DuckDbEngine } = await import("../engine/duckdb.js");
  const engine = await DuckDbEngine.open(lake.store);
  try {
    options.onProgress?.(lake.store.kind === "s3" ? "fetching the files…" : "reading…");
    await engine.register({ name: PROFILED, format, objectKeys: files.objectKeys });
    const { rows, columns } = await profileRelation(engine, location, options);
    return {
      path: files.key,
      files: files.objectKeys.length,
      bytesRead: files.bytes,
      rows,
      columns,
      elapsedMs: Date.now() - started,
    };
  } finally {
    await engine.close();
  }
}

/**
 * Profiles the rows of a SELECT over the lake (`a` on a column of the query screen's results): its
 * tables resolved and pruned as `medallion query` does, every row of it counted, not only those shown.
 */
export async function profileQuery(lake: Lake, sql: string, options: ProfileOptions = {}): Promise<Profile> {
  if (options.engine === "athena") {
    if (!options.resultColumns)
      throw new MedallionError(
        "usage",
        "profiling a query on Athena needs its result's columns: run it first",
      );
    const [{ profileOnAthena }, { checkTenantTables }] = await Promise.all([
      import("./athena.js"),
      import("../query/tenant-tables.js"),
    ]);
    await checkTenantTables(lake, sql, lake.config.athena.database);
    const source = { path: "the query's rows", sql, columns: options.resultColumns };
    return profileOnAthena(lake, source, options);
  }
  const started = Date.now();
  const { preparedEngine } = await import("../query/duckdb-query.js");
  const { engine, reads } = await preparedEngine(lake, sql, options);
  try {
    options.onProgress?.("running the query…");
    await engine.exec(`CREATE TEMP TABLE ${PROFILED} AS ${sql.trim().replace(/;\s*$/, "")}`);
    const { rows, columns } = await profileRelation(engine, "the query's rows", options);
    return {
      path: "the query's rows",
      files: reads.reduce((n, r) => n + r.files, 0),
      bytesRead: reads.reduce((n, r) => n + r.bytes, 0),
      rows,
      columns,
      elapsedMs: Date.now() - started,
    };
  } finally {
    await engine.close();
  }
}

// A profile computed by Athena: a lake path's rows read through its Glue table (the partition's values
// and, for a file, its "$path" as the WHERE), or a query's rows. Two statements (athena-sql.ts) run through
// the query runner of src/engine (states as progress, cancelled through the signal); bytes scanned and
// cost are Athena's own.
import type { CatalogTable } from "../catalog/index.js";
import type { AthenaQueries } from "../engine/index.js";
import { MedallionError, NotFoundError } from "../errors.js";
import { HIVE_DEFAULT_PARTITION } from "../lake/escape.js";
import { type Lake, tablePath } from "../lake/index.js";
import type { PartitionValue } from "../lake/types.js";
import { checkAthenaLake } from "../promote/athena-inputs.js";
import { q, text } from "../promote/sql.js";
import { listedPartitions } from "../query/duckdb-query.js";
import { tableRef } from "../sync/table-ref.js";
import {
  type Chart,
  type ColumnStats,
  chartsSql,
  histogramBins,
  readCharts,
  readStats,
  statsSql,
  type TypedColumn,
} from "./athena-sql.js";
import type { ColumnProfile, Profile, ProfileOptions } from "./profile.js";

/** What Athena profiles: a SELECT of the rows, its columns as typed, and what to call it. */
export interface AthenaSource {
  path: string;
  sql: string;
  columns: TypedColumn[];
}

/**
 * HyperLogLog's estimate of an id column lands within a few percent of its rows: no top values are
 * grouped for a column whose estimate reaches this share of its non-null values (it would group every row).
 */
const ALL_DIFFERENT = 0.95;

/** `year = 2024` for an integer key, `day = '02'` for text, a NULL partition `IS NULL`; other types as text. */
function partitionTest(value: PartitionValue, table: CatalogTable): string {
  const key = table.partitionKeys.find((k) => k.name === value.key);
  const column = q(value.key);
  if (value.value === null) return `${column} IS NULL`;
  const type = key?.type.toLowerCase() ?? "string";
  if (/^(tinyint|smallint|int|integer|bigint)$/.test(type) && /^-?\d+$/.test(value.value))
    return `${column} = ${value.value}`;
  if (/^(string|varchar|char)/.test(type)) return `${column} = ${text(value.value)}`;
  return `CAST(${column} AS varchar) = ${text(value.value)}`;
}

/** Glue's expression for the partition's values, when each is one Glue compares as Athena does; else none. */
function glueTest(values: PartitionValue[], table: CatalogTable): string | undefined {
  const tests = values.map((v) => {
    const type = table.partitionKeys.find((k) => k.name === v.key)?.type.toLowerCase();
    if (v.value === null || v.value.includes("'") || !/^[a-z_][a-z0-9_]*$/.test(v.key)) return undefined;
    if (type === "string") return `${v.key} = '${v.value}'`;
    if (/^(tinyint|smallint|int|integer|bigint)$/.test(type ?? "") && /^-?\d+$/.test(v.value))
      return `${v.key} = ${v.value}`;
    return undefined;
  });
  return tests.every((t) => t !== undefined) ? tests.join(" AND ") : undefined;
}

/** Athena reads only partitions Glue holds: a partition path Glue does not know would profile as empty. */
async function checkRegistered(lake: Lake, table: CatalogTable, values: PartitionValue[], path: string) {
  const keys = table.partitionKeys.map((k) => k.name);
  const wanted = values.map((v) => ({ at: keys.indexOf(v.key), value: v.value ?? HIVE_DEFAULT_PARTITION }));
  const { partitions } = await listedPartitions(lake, table, glueTest(values, table));
  if (!partitions.some((p) => wanted.every((w) => p.values[w.at] === w.value))) {
    const own = tablePath(lake.parse(`${path}/`)) ?? path;
    throw new NotFoundError(
      path,
      `${path} is not a partition of ${table.database}.${table.name} in the Glue catalog, so Athena would read nothing there: run \`medallion sync ${own} --yes\` first`,
    );
  }
}

/** The SELECT of a lake path's rows on Athena: its Glue table, narrowed to the partition or the file. */
export async function athenaPathSource(lake: Lake, location: string): Promise<AthenaSource> {
  const key = lake.resolve(location).replace(/\/+$/, "");
  const catalog = await lake.catalog();
  checkAthenaLake(lake, catalog, "profile");
  const file = await lake.store.head(key).catch(() => undefined);
  const parsed = lake.parse(file ? key : `${key}/`);
  const table = tablePath(parsed);
  if (table === undefined) {
    throw new MedallionError(
      "usage",
      `cannot profile ${location} on Athena: it reads a table's rows, so give a table, a partition or a file of one (e.g. ${lake.layout.layers[1] ?? "silver"}/sales/orders)`,
    );
  }
  const ref = tableRef(lake, table);
  const glue = await catalog.getTable(ref.database, ref.name);
  if (!glue) {
    throw new MedallionError(
      "not-found",
      `${table} is not in the Glue catalog (no table ${ref.database}.${ref.name}) and Athena reads it through there: run \`medallion sync ${table} --yes\` first, or profile with --engine duckdb`,
    );
  }
  if (parsed.partition.length > 0) await checkRegistered(lake, glue, parsed.partition, key);
  const tests = parsed.partition.map((p) => partitionTest(p, glue));
  if (file) tests.push(`"$path" = ${text(lake.store.uri(key))}`);
  return {
    path: key,
    sql: `SELECT * FROM ${q(glue.database)}.${q(glue.name)}${tests.length > 0 ? ` WHERE ${tests.join(" AND ")}` : ""}`,
    columns: [...glue.columns, ...glue.partitionKeys],
  };
}

/** Runs one statement to its end and reads every row; its statistics go into `spent`. */
async function allRows(
  athena: AthenaQueries,
  sql: string,
  step: string,
  spent: NonNullable<Profile["athena"]> & { bytes: number },
  options: ProfileOptions,
): Promise<(string | null)[][]> {
  const result = await athena.run(sql, {
    ...(options.signal ? { signal: options.signal } : {}),
    onState: (state, ms) =>
      options.onProgress?.(
        `${step}: Athena (${athena.workgroup}) ${state.toLowerCase()} ${(ms / 1000).toFixed(1)} s`,
      ),
  });
  spent.queries.push(result.queryExecutionId);
  spent.bytes += result.statistics.dataScannedBytes;
  spent.costUsd += result.statistics.costUsd;
  const rows: (string | null)[][] = [];
  for await (const page of result.pages()) rows.push(...page);
  return rows;
}

/** The charts a column gets: a histogram over its range, or its top values; none when all null or all different. */
function chartOf(stats: ColumnStats, rows: number, options: ProfileOptions): Chart | undefined {
  const { profile, kind, range } = stats;
  const present = rows - profile.nulls;
  if (present === 0) return undefined;
  if (range && range.hi > range.lo)
    return { column: profile.name, kind, bins: histogramBins(kind, range.lo, range.hi, options.bins ?? 10) };
  if (kind === "text" && profile.distinct < present * ALL_DIFFERENT)
    return { column: profile.name, kind, top: options.top ?? 5 };
  return undefined;
}

/** Profiles `source` on Athena: the figures of every column (or those asked for), two statements at most. */
export async function profileOnAthena(
  lake: Lake,
  source: AthenaSource,
  options: ProfileOptions = {},
): Promise<Profile> {
  const started = Date.now();
  const wanted = options.columns;
  const unknown = wanted?.find((name) => !source.columns.some((c) => c.name === name));
  if (unknown !== undefined) {
    throw new NotFoundError(
      unknown,
      `no column ${unknown} in ${source.path} (columns: ${source.columns.map((c) => c.name).join(", ")})`,
    );
  }
  const columns = wanted ? source.columns.filter((c) => wanted.includes(c.name)) : source.columns;
  const { openAthenaQueries } = await import("../engine/index.js");
  const athena = await openAthenaQueries(lake.config);
  const spent = { workgroup: athena.workgroup, queries: [] as string[], costUsd: 0, bytes: 0 };
  try {
    const [first] = await allRows(athena, statsSql(source.sql, columns), "counting", spent, options);
    const stats = readStats(first ?? [], columns);
    const charts: Chart[] = [];
    const profiles: ColumnProfile[] = stats.columns.map((s) => {
      const chart = chartOf(s, stats.rows, options);
      if (chart) charts.push(chart);
      // One value only: one bin, no statement needed.
      else if (s.range && s.range.hi === s.range.lo && s.profile.max !== null)
        return { ...s.profile, histogram: [{ upTo: s.profile.max, count: stats.rows - s.profile.nulls }] };
      return s.profile;
    });
    if (charts.length > 0) {
      const drawn = readCharts(
        await allRows(athena, chartsSql(source.sql, charts), "charts", spent, options),
        charts,
      );
      for (const [i, p] of profiles.entries()) profiles[i] = { ...p, ...drawn.get(p.name) };
    }
    const { bytes, ...used } = spent;
    return {
      path: source.path,
      bytesRead: bytes,
      rows: stats.rows,
      columns: profiles,
      elapsedMs: Date.now() - started,
      athena: used,
    };
  } finally {
    athena.close();
  }
}

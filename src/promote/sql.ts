import type { GoldSpec, SilverSpec } from "../config/index.js";
import { DATE_PARTS } from "../config/index.js";
import { OBJECT_KEY_COLUMN } from "../engine/engine.js";
import { MedallionError } from "../errors.js";

/**
 * The promotion SQL, rendered from the pipeline spec in the engine's dialect: DuckDB's, or Athena's
 * (Trino). Most of it is SQL both accept (quoted names, TRY_CAST, CASE, window functions, VALUES with
 * column aliases); where they differ the dialect picks: type names, the date part of a timestamp
 * (`strftime` / `date_format`, the same `%Y %m %d %H`), the rejected row as JSON. Spec snippets (`sql`,
 * `check`, `on`, `where`) are pasted as written: they are the user's SQL, in the functions both share.
 */

export type Dialect = "duckdb" | "athena";

export const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const text = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The lineage column every silver row keeps: the bronze object it came from. */
export const BRONZE_FILE = "_bronze_file";

/** DuckDB's type for a Hive type of the spec. */
export function duckType(hive: string): string {
  const t = hive.replaceAll(" ", "").toLowerCase();
  if (t.startsWith("decimal(")) return t.toUpperCase();
  const map: Record<string, string> = {
    string: "VARCHAR",
    boolean: "BOOLEAN",
    tinyint: "TINYINT",
    smallint: "SMALLINT",
    int: "INTEGER",
    bigint: "BIGINT",
    float: "FLOAT",
    double: "DOUBLE",
    date: "DATE",
    timestamp: "TIMESTAMP",
  };
  return map[t] ?? "VARCHAR";
}

/** Athena's (Trino's) type in a query for a Hive type of the spec: DDL says string/int/float, DML varchar/integer/real. */
export function athenaType(hive: string): string {
  const t = hive.replaceAll(" ", "").toLowerCase();
  const map: Record<string, string> = { string: "varchar", int: "integer", float: "real" };
  return map[t] ?? t;
}

/** The type to cast to for a Hive type of the spec, in the dialect's words. */
export function sqlType(hive: string, dialect: Dialect): string {
  return dialect === "athena" ? athenaType(hive) : duckType(hive);
}

/** The Hive type of a DuckDB column type (gold's columns, from DESCRIBE). */
export function hiveType(duck: string): string {
  const t = duck.toUpperCase();
  if (t.startsWith("DECIMAL")) return t.toLowerCase().replaceAll(" ", "");
  const map: Record<string, string> = {
    VARCHAR: "string",
    BOOLEAN: "boolean",
    TINYINT: "tinyint",
    SMALLINT: "smallint",
    INTEGER: "int",
    BIGINT: "bigint",
    HUGEINT: "decimal(38,0)",
    UBIGINT: "decimal(20,0)",
    UINTEGER: "bigint",
    FLOAT: "float",
    DOUBLE: "double",
    DATE: "date",
    TIMESTAMP: "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamp",
  };
  return map[t] ?? "string";
}

/** The Hive type of an Athena result column type (gold's columns on Athena, from DESCRIBE). */
export function hiveTypeOfAthena(athena: string): string | undefined {
  const t = athena.toLowerCase().replaceAll(" ", "");
  if (/^decimal\(\d+,\d+\)$/.test(t)) return t;
  if (t.startsWith("varchar") || t.startsWith("char") || t === "json") return "string";
  if (t.startsWith("timestamp")) return "timestamp";
  const map: Record<string, string> = {
    boolean: "boolean",
    tinyint: "tinyint",
    smallint: "smallint",
    integer: "int",
    int: "int",
    bigint: "bigint",
    real: "float",
    double: "double",
    date: "date",
    varbinary: "binary",
  };
  // array, map and row come without their element types; time and intervals have no Hive type.
  return map[t];
}

/** The Hive type of a column type in the engine's words; one line naming the column when there is none. */
export function hiveTypeIn(dialect: Dialect, type: string, column: string): string {
  if (dialect === "duckdb") return hiveType(type);
  const hive = hiveTypeOfAthena(type);
  if (hive === undefined) {
    throw new MedallionError(
      "usage",
      `${column} is ${type} on Athena, which has no Hive type Medallion can name for the catalog: cast it in the spec (e.g. to varchar or a json string)`,
    );
  }
  return hive;
}

/** A partition key's value as text: year/month/day/hour from `partitionFrom`, else the column; '' is null. */
function partitionExpr(spec: SilverSpec, key: string, dialect: Dialect): string {
  const parts: Record<string, string> = { year: "%Y", month: "%m", day: "%d", hour: "%H" };
  if (spec.partitionFrom && (DATE_PARTS as readonly string[]).includes(key)) {
    const fn = dialect === "athena" ? "date_format" : "strftime";
    return `${fn}(${q(spec.partitionFrom)}, ${text(parts[key] as string)})`;
  }
  return `NULLIF(CAST(${q(key)} AS VARCHAR), '')`;
}

/**
 * `checked`: every bronze row, typed, with `_rule` naming the first rule it fails (null: valid) and, for a
 * failing row only, `_row`: the row as read, before casting. Order of rules: a value that does not cast,
 * a required value that is null, then the spec's checks. The values before casting are not kept past
 * this query: the table is as narrow as the silver rows plus lineage (at 10M rows it spills to disk, so
 * every column kept is read and written again).
 */
export function silverCheckedSql(
  spec: SilverSpec,
  bronzeView: string,
  bronzeKeys: string[],
  bronzeColumns: Set<string>,
  dialect: Dialect = "duckdb",
): string {
  // A column not yet delivered in these files (added later to the feed) is null, not an error.
  const source = (c: SilverSpec["columns"][number]) =>
    c.sql ?? (bronzeColumns.has(c.name) ? q(c.name) : "NULL");
  const raw = spec.columns.map((c) => `(${source(c)}) AS ${q(`_raw_${c.name}`)}`);
  const bronzeParts = bronzeKeys.map((k) => q(`_bronze_${k}`));
  const typed = spec.columns.map(
    (c) => `TRY_CAST(${q(`_raw_${c.name}`)} AS ${sqlType(c.type, dialect)}) AS ${q(c.name)}`,
  );
  const failures = [
    ...spec.columns.map(
      (c) =>
        `WHEN ${q(`_raw_${c.name}`)} IS NOT NULL AND ${q(c.name)} IS NULL THEN ${text(`type:${c.name}`)}`,
    ),
    ...spec.columns
      .filter((c) => !c.nullable)
      .map((c) => `WHEN ${q(c.name)} IS NULL THEN ${text(`required:${c.name}`)}`),
    ...spec.rules.map((r) => `WHEN NOT coalesce((${r.check}), false) THEN ${text(`rule:${r.name}`)}`),
  ];
  const rule = failures.length > 0 ? `CASE ${failures.join(" ")} ELSE NULL END` : "CAST(NULL AS VARCHAR)";
  // The row as read: each silver column's source value (its transform applied).
  // Athena casts a ROW to a JSON array, not an object: a map of the values as text gives the object.
  const row =
    dialect === "athena"
      ? `json_format(CAST(MAP(ARRAY[${spec.columns.map((c) => text(c.name)).join(", ")}], ARRAY[${spec.columns.map((c) => `CAST(${q(`_raw_${c.name}`)} AS VARCHAR)`).join(", ")}]) AS JSON))`
      : `to_json(struct_pack(${spec.columns.map((c) => `${q(c.name)} := ${q(`_raw_${c.name}`)}`).join(", ")}))`;
  const kept = [...spec.columns.map((c) => q(c.name)), BRONZE_FILE, ...bronzeParts, "_rule"];
  return `SELECT ${kept.join(", ")}, CASE WHEN _rule IS NULL THEN NULL ELSE ${row} END AS _row FROM (
  SELECT *, ${rule} AS _rule FROM (
    SELECT *, ${typed.join(", ")} FROM (
      SELECT ${[...raw, `b.${OBJECT_KEY_COLUMN} AS ${BRONZE_FILE}`, ...bronzeKeys.map((k) => `b.${q(k)} AS ${q(`_bronze_${k}`)}`)].join(", ")}
      FROM ${q(bronzeView)} AS b)))`;
}

/** `fresh`: the valid rows of `checked`, in silver's columns, with their partition values. */
export function silverFreshSql(spec: SilverSpec, keys: string[], dialect: Dialect = "duckdb"): string {
  const columns = [
    ...spec.columns.map((c) => q(c.name)),
    BRONZE_FILE,
    ...keys.map((k) => `${partitionExpr(spec, k, dialect)} AS ${q(k)}`),
  ];
  return `SELECT ${columns.join(", ")} FROM checked WHERE _rule IS NULL`;
}

/** `kept`: rows of the current version of the affected partitions that did not come from this run's inputs. */
export function silverKeptSql(
  spec: SilverSpec,
  keys: string[],
  currentView: string,
  dialect: Dialect = "duckdb",
): string {
  const columns = [
    ...spec.columns.map((c) => `CAST(${q(c.name)} AS ${sqlType(c.type, dialect)}) AS ${q(c.name)}`),
    BRONZE_FILE,
    ...keys.map(q),
  ];
  return `SELECT ${columns.join(", ")} FROM ${q(currentView)}
  WHERE regexp_replace(${BRONZE_FILE}, '[^/]*$', '') NOT IN (SELECT prefix FROM input_partitions)`;
}

/** The new version of each affected partition: fresh and kept rows, the latest per dedupe key. */
export function silverOutputSql(spec: SilverSpec, keys: string[]): string {
  // fresh and kept have the same columns in the same order (silverFreshSql, silverKeptSql).
  const columns = [...spec.columns.map((c) => q(c.name)), BRONZE_FILE, ...keys.map(q)].join(", ");
  const union = `SELECT ${columns} FROM fresh UNION ALL SELECT ${columns} FROM kept`;
  if (!spec.dedupe) return union;
  const by = [...keys, ...spec.dedupe.keys].map(q).join(", ");
  // Ties on `latest` go to the later bronze file, then to the row's values: the same rows every run.
  const order = [
    `${q(spec.dedupe.latest)} DESC NULLS LAST`,
    `${BRONZE_FILE} DESC`,
    ...spec.columns.map((c) => q(c.name)),
  ].join(", ");
  // A subquery rather than DuckDB's QUALIFY, which Athena lacks.
  return `SELECT ${columns} FROM (SELECT *, row_number() OVER (PARTITION BY ${by} ORDER BY ${order}) AS _rank FROM (${union})) WHERE _rank = 1`;
}

/** The rejected rows, in the partition of the bronze partition they came from. */
export function silverRejectsSql(runId: string, bronzeKeys: string[]): string {
  const columns = [
    "_rule",
    "_row",
    BRONZE_FILE,
    `${text(runId)} AS _run_id`,
    ...bronzeKeys.map((k) => `${q(`_bronze_${k}`)} AS ${q(k)}`),
  ];
  return `SELECT ${columns.join(", ")} FROM checked WHERE _rule IS NOT NULL`;
}

export const REJECT_COLUMNS = ["_rule", "_row", BRONZE_FILE, "_run_id"];

/**
 * Gold: the sources joined, grouped and measured (or the spec's own SELECT), partition keys as text and
 * last (Athena's UNLOAD and CTAS want them last). A spec's own SELECT on Athena needs its `columns`
 * (DuckDB replaces the keys in `*`, which Athena cannot).
 */
export function goldSql(
  spec: GoldSpec,
  keys: string[],
  viewOf: (alias: string) => string,
  dialect: Dialect = "duckdb",
  columns?: string[],
): string {
  const [first, ...rest] = spec.sources;
  let select: string;
  if (spec.sql !== undefined) {
    select = spec.sql;
  } else {
    const from = [
      `${q(viewOf(first?.as ?? ""))} AS ${q(first?.as ?? "")}`,
      ...rest.map(
        (s) => `${s.join === "left" ? "LEFT JOIN" : "JOIN"} ${q(viewOf(s.as))} AS ${q(s.as)} ON ${s.on}`,
      ),
    ].join("\n  ");
    const fn = (m: GoldSpec["measures"][number]) => {
      const arg = m.sql ?? "*";
      return m.fn === "count_distinct" ? `count(DISTINCT ${arg})` : `${m.fn}(${arg})`;
    };
    const selected = [
      ...spec.groupBy.map((g) => `${g.sql} AS ${q(g.name)}`),
      ...spec.measures.map((m) => `${fn(m)} AS ${q(m.name)}`),
    ];
    const groupBy =
      spec.groupBy.length > 0 ? `\nGROUP BY ${spec.groupBy.map((_, i) => i + 1).join(", ")}` : "";
    select = `SELECT ${selected.join(", ")}\nFROM ${from}${spec.where ? `\nWHERE ${spec.where}` : ""}${groupBy}`;
  }
  if (keys.length === 0) return select;
  const asText = keys.map((k) => `NULLIF(CAST(${q(k)} AS VARCHAR), '') AS ${q(k)}`);
  const names =
    columns ??
    (spec.sql === undefined
      ? [...spec.groupBy.map((g) => g.name), ...spec.measures.map((m) => m.name)]
      : undefined);
  if (names === undefined) {
    if (dialect === "athena") throw new Error("goldSql: a gold sql SELECT on Athena needs its columns");
    return `SELECT * REPLACE (${asText.join(", ")}) FROM (${select})`;
  }
  const others = names.filter((n) => !keys.includes(n)).map(q);
  return `SELECT ${[...others, ...asText].join(", ")} FROM (${select})`;
}

import type { GoldSpec, SilverSpec } from "../config/index.js";
import { DATE_PARTS } from "../config/index.js";
import { OBJECT_KEY_COLUMN } from "../engine/engine.js";

/**
 * The promotion SQL, rendered from the pipeline spec in DuckDB's dialect. Spec snippets (`sql`,
 * `check`, `on`, `where`) are pasted as written: they are the user's SQL.
 */

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

/** A partition key's value as text: year/month/day/hour from `partitionFrom`, else the column; '' is null. */
function partitionExpr(spec: SilverSpec, key: string): string {
  const parts: Record<string, string> = { year: "%Y", month: "%m", day: "%d", hour: "%H" };
  if (spec.partitionFrom && (DATE_PARTS as readonly string[]).includes(key)) {
    return `strftime(${q(spec.partitionFrom)}, ${text(parts[key] as string)})`;
  }
  return `NULLIF(CAST(${q(key)} AS VARCHAR), '')`;
}

/**
 * `checked`: every bronze row, typed, with `_rule` naming the first rule it fails (null: valid).
 * Order of rules: a value that does not cast, a required value that is null, then the spec's checks.
 */
export function silverCheckedSql(
  spec: SilverSpec,
  bronzeView: string,
  bronzeKeys: string[],
  bronzeColumns: Set<string>,
): string {
  // A column not yet delivered in these files (added later to the feed) is null, not an error.
  const source = (c: SilverSpec["columns"][number]) =>
    c.sql ?? (bronzeColumns.has(c.name) ? q(c.name) : "NULL");
  const raw = spec.columns.map((c) => `(${source(c)}) AS ${q(`_raw_${c.name}`)}`);
  const bronzeParts = bronzeKeys.map((k) => `b.${q(k)} AS ${q(`_bronze_${k}`)}`);
  const typed = spec.columns.map(
    (c) => `TRY_CAST(${q(`_raw_${c.name}`)} AS ${duckType(c.type)}) AS ${q(c.name)}`,
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
  const rule = failures.length > 0 ? `CASE ${failures.join(" ")} ELSE NULL END` : "NULL::VARCHAR";
  return `SELECT *, ${rule} AS _rule FROM (
  SELECT *, ${typed.join(", ")} FROM (
    SELECT ${[...raw, `b.${OBJECT_KEY_COLUMN} AS ${BRONZE_FILE}`, ...bronzeParts].join(", ")}
    FROM ${q(bronzeView)} AS b))`;
}

/** `fresh`: the valid rows of `checked`, in silver's columns, with their partition values. */
export function silverFreshSql(spec: SilverSpec, keys: string[]): string {
  const columns = [
    ...spec.columns.map((c) => q(c.name)),
    BRONZE_FILE,
    ...keys.map((k) => `${partitionExpr(spec, k)} AS ${q(k)}`),
  ];
  return `SELECT ${columns.join(", ")} FROM checked WHERE _rule IS NULL`;
}

/** `kept`: rows of the current version of the affected partitions that did not come from this run's inputs. */
export function silverKeptSql(spec: SilverSpec, keys: string[], currentView: string): string {
  const columns = [
    ...spec.columns.map((c) => `CAST(${q(c.name)} AS ${duckType(c.type)}) AS ${q(c.name)}`),
    BRONZE_FILE,
    ...keys.map(q),
  ];
  return `SELECT ${columns.join(", ")} FROM ${q(currentView)}
  WHERE regexp_replace(${BRONZE_FILE}, '[^/]*$', '') NOT IN (SELECT prefix FROM input_partitions)`;
}

/** The new version of each affected partition: fresh and kept rows, the latest per dedupe key. */
export function silverOutputSql(spec: SilverSpec, keys: string[]): string {
  const union = "SELECT * FROM fresh UNION ALL BY NAME SELECT * FROM kept";
  if (!spec.dedupe) return union;
  const by = [...keys, ...spec.dedupe.keys].map(q).join(", ");
  // Ties on `latest` go to the later bronze file, then to the row's values: the same rows every run.
  const order = [
    `${q(spec.dedupe.latest)} DESC NULLS LAST`,
    `${BRONZE_FILE} DESC`,
    ...spec.columns.map((c) => q(c.name)),
  ].join(", ");
  return `SELECT * FROM (${union}) QUALIFY row_number() OVER (PARTITION BY ${by} ORDER BY ${order}) = 1`;
}

/** The rejected rows, in the partition of the bronze partition they came from. */
export function silverRejectsSql(spec: SilverSpec, runId: string, bronzeKeys: string[]): string {
  // The row as read, before casting: each silver column's source value (its transform applied).
  const row = `to_json(struct_pack(${spec.columns.map((c) => `${q(c.name)} := ${q(`_raw_${c.name}`)}`).join(", ")}))`;
  const columns = [
    "_rule",
    `${row} AS _row`,
    BRONZE_FILE,
    `${text(runId)} AS _run_id`,
    ...bronzeKeys.map((k) => `${q(`_bronze_${k}`)} AS ${q(k)}`),
  ];
  return `SELECT ${columns.join(", ")} FROM checked WHERE _rule IS NOT NULL`;
}

export const REJECT_COLUMNS = ["_rule", "_row", BRONZE_FILE, "_run_id"];

/** Gold: the sources joined, grouped and measured (or the spec's own SELECT), partition keys as text. */
export function goldSql(spec: GoldSpec, keys: string[], viewOf: (alias: string) => string): string {
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
    const columns = [
      ...spec.groupBy.map((g) => `${g.sql} AS ${q(g.name)}`),
      ...spec.measures.map((m) => `${fn(m)} AS ${q(m.name)}`),
    ];
    const groupBy =
      spec.groupBy.length > 0 ? `\nGROUP BY ${spec.groupBy.map((_, i) => i + 1).join(", ")}` : "";
    select = `SELECT ${columns.join(", ")}\nFROM ${from}${spec.where ? `\nWHERE ${spec.where}` : ""}${groupBy}`;
  }
  if (keys.length === 0) return select;
  return `SELECT * REPLACE (${keys.map((k) => `NULLIF(CAST(${q(k)} AS VARCHAR), '') AS ${q(k)}`).join(", ")}) FROM (${select})`;
}

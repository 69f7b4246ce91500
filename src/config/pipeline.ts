import * as z from "zod";

/**
 * Pipeline specs: how a silver table is built from a bronze one, and a gold table from silver ones.
 * Types are Hive's (what the catalog holds); SQL snippets are expressions both engines accept
 * (DuckDB and Athena/Trino share `lower`, `trim`, `try_cast`, `coalesce`, `CASE`, comparisons).
 */

/** A table path: `layer/domain/table` (optionally with a `tenant=id` level). */
export const TABLE_PATH = /^[^/=]+\/(tenant=[^/]+\/)?[^/=]+\/[^/=]+$/;
const tableRef = z.string().regex(TABLE_PATH, "a table path like silver/sales/orders (layer/domain/table)");

/** A SQL identifier we can quote in both dialects without surprises. */
const identifier = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*$/, "a lowercase name of letters, digits and _ (Hive lowercases names)");

/** The Hive types a silver column may have. */
export const SILVER_TYPE =
  /^(string|boolean|tinyint|smallint|int|bigint|float|double|date|timestamp|decimal\(\d{1,2},\s*\d{1,2}\))$/;

export const SilverColumnSchema = z.strictObject({
  name: identifier,
  type: z
    .string()
    .regex(
      SILVER_TYPE,
      "a Hive type: string, boolean, tinyint, smallint, int, bigint, float, double, date, timestamp or decimal(p,s)",
    ),
  /** false: a row whose value is null (after transform and cast) is rejected by rule `required:<name>`. */
  nullable: z.boolean().default(true),
  /** SQL over the bronze row; default: the bronze column of the same name. A failed cast rejects the row. */
  sql: z.string().min(1).optional(),
});

export const RuleSchema = z.strictObject({
  name: identifier,
  /** A condition every silver row must satisfy, over the silver columns; rows failing it go to rejects. */
  check: z.string().min(1),
});

export const SilverSpecSchema = z.strictObject({
  /** The bronze table read. */
  from: tableRef,
  columns: z.array(SilverColumnSchema).min(1),
  rules: z.array(RuleSchema).default([]),
  /** Rows with the same keys keep only the latest (greatest `latest`), within an output partition. */
  dedupe: z.strictObject({ keys: z.array(identifier).min(1), latest: identifier }).optional(),
  /** A date or timestamp column the table's year/month/day/hour partition keys are derived from. */
  partitionFrom: identifier.optional(),
});

export const GOLD_FUNCTIONS = ["sum", "count", "count_distinct", "min", "max", "avg"] as const;

export const GoldSourceSchema = z.strictObject({
  table: tableRef,
  /** The alias the SQL uses for it. */
  as: identifier,
  /** How it joins the sources before it (every source after the first). */
  join: z.enum(["inner", "left"]).optional(),
  on: z.string().min(1).optional(),
});

export const MeasureSchema = z.strictObject({
  name: identifier,
  fn: z.enum(GOLD_FUNCTIONS),
  /** The expression aggregated; `count` without it counts rows. */
  sql: z.string().min(1).optional(),
});

export const GoldSpecSchema = z.strictObject({
  sources: z.array(GoldSourceSchema).min(1),
  where: z.string().min(1).optional(),
  groupBy: z.array(z.strictObject({ name: identifier, sql: z.string().min(1) })).default([]),
  measures: z.array(MeasureSchema).default([]),
  /** A whole SELECT over the sources' aliases instead of groupBy/measures; its columns are the table's. */
  sql: z.string().min(1).optional(),
});

/**
 * `ingest:` how raw files land in a bronze table (`medallion ingest`). Partition values come from a
 * column (`partitionFrom`), or from the source file's path: a `path` pattern, else its Hive
 * `key=value` folders.
 */
export const IngestSpecSchema = z.strictObject({
  /** A date or timestamp column of the rows the year/month/day/hour partition keys are derived from. */
  partitionFrom: identifier.optional(),
  /**
   * A pattern the end of each source file's path matches, `{key}` for a partition value and `*` for
   * any text within a folder name: `{year}/{month}/{day}/*.csv.gz`, `orders_{year:4}{month:2}{day:2}.json`.
   */
  path: z.string().min(1).optional(),
});

export type SilverColumn = z.infer<typeof SilverColumnSchema>;
export type SilverRule = z.infer<typeof RuleSchema>;
export type SilverSpec = z.infer<typeof SilverSpecSchema>;
export type GoldSource = z.infer<typeof GoldSourceSchema>;
export type GoldMeasure = z.infer<typeof MeasureSchema>;
export type GoldSpec = z.infer<typeof GoldSpecSchema>;
export type IngestSpec = z.infer<typeof IngestSpecSchema>;

/** Partition keys a date or timestamp column can give. */
export const DATE_PARTS = ["year", "month", "day", "hour"] as const;

interface SpecTable {
  partitionKeys: string[];
  ingest?: IngestSpec;
  silver?: SilverSpec;
  gold?: GoldSpec;
}

type Issue = { path: (string | number)[]; message: string };

/** Checks across fields of one table's spec: what zod's shape alone cannot say. */
export function pipelineIssues(path: string, table: SpecTable, tables: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const layer = path.split("/")[0];
  const { silver, gold } = table;
  if (table.ingest) issues.push(...ingestIssues(layer, table.partitionKeys, table.ingest));
  if (silver && gold)
    issues.push({ path: ["gold"], message: "a table has a silver or a gold spec, not both" });
  if (silver) {
    if (layer !== "silver")
      issues.push({ path: ["silver"], message: `a silver spec belongs to a silver/… table` });
    if (!tables[silver.from])
      issues.push({ path: ["silver", "from"], message: `${silver.from} is not a table in tables:` });
    const names = new Set(silver.columns.map((c) => c.name));
    silver.columns.forEach((c, i) => {
      if (silver.columns.findIndex((d) => d.name === c.name) !== i)
        issues.push({ path: ["silver", "columns", i, "name"], message: `${c.name} is listed twice` });
    });
    const need = (field: (string | number)[], name: string) => {
      if (!names.has(name))
        issues.push({ path: ["silver", ...field], message: `${name} is not a silver column` });
    };
    silver.dedupe?.keys.forEach((k, i) => {
      need(["dedupe", "keys", i], k);
    });
    if (silver.dedupe) need(["dedupe", "latest"], silver.dedupe.latest);
    if (silver.partitionFrom) need(["partitionFrom"], silver.partitionFrom);
    table.partitionKeys.forEach((key, i) => {
      const derived = silver.partitionFrom && (DATE_PARTS as readonly string[]).includes(key);
      if (!derived && !names.has(key))
        issues.push({
          path: ["partitionKeys", i],
          message: `${key} is neither a silver column nor derived from partitionFrom (year, month, day, hour)`,
        });
      if (derived && names.has(key))
        issues.push({
          path: ["partitionKeys", i],
          message: `${key} is derived from partitionFrom and also a column`,
        });
    });
  }
  if (gold) {
    if (layer !== "gold") issues.push({ path: ["gold"], message: "a gold spec belongs to a gold/… table" });
    gold.sources.forEach((s, i) => {
      if (!tables[s.table])
        issues.push({
          path: ["gold", "sources", i, "table"],
          message: `${s.table} is not a table in tables:`,
        });
      if (i > 0 && (!s.join || !s.on))
        issues.push({
          path: ["gold", "sources", i],
          message: "every source after the first needs join and on",
        });
    });
    if (gold.sql === undefined) {
      if (gold.measures.length === 0)
        issues.push({ path: ["gold", "measures"], message: "give measures (or a whole sql SELECT)" });
      const names = new Set(gold.groupBy.map((g) => g.name));
      table.partitionKeys.forEach((key, i) => {
        if (!names.has(key))
          issues.push({ path: ["partitionKeys", i], message: `${key} is not a groupBy name` });
      });
    }
  }
  return issues;
}

/** `{key}` or `{key:width}` in an ingest path pattern. */
export const PATH_PLACEHOLDER = /\{([a-z_][a-z0-9_]*)(?::(\d{1,2}))?\}/g;

function ingestIssues(layer: string | undefined, keys: string[], ingest: IngestSpec): Issue[] {
  const issues: Issue[] = [];
  if (layer !== "bronze")
    issues.push({ path: ["ingest"], message: "an ingest spec belongs to a bronze/… table" });
  if (ingest.partitionFrom && ingest.path)
    issues.push({ path: ["ingest", "path"], message: "give partitionFrom or path, not both" });
  if (ingest.partitionFrom) {
    keys.forEach((key, i) => {
      if (!(DATE_PARTS as readonly string[]).includes(key))
        issues.push({
          path: ["partitionKeys", i],
          message: `${key} cannot be derived from partitionFrom (year, month, day, hour can)`,
        });
    });
  }
  if (ingest.path) {
    const named = [...ingest.path.matchAll(PATH_PLACEHOLDER)].map((m) => m[1] as string);
    const missing = keys.filter((k) => !named.includes(k));
    if (missing.length > 0)
      issues.push({
        path: ["ingest", "path"],
        message: `has no {${missing.join("}, {")}}: every partition key needs its placeholder`,
      });
    const unknown = named.filter((k) => !keys.includes(k));
    if (unknown.length > 0)
      issues.push({
        path: ["ingest", "path"],
        message: `{${unknown.join("}, {")}} is not a partition key of the table`,
      });
  }
  return issues;
}

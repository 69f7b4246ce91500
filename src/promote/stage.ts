import type { Catalog, CatalogTable } from "../catalog/catalog.js";
import type { SilverSpec } from "../config/index.js";
import { type Engine, OBJECT_KEY_COLUMN, type WrittenPartition } from "../engine/engine.js";
import { MedallionError } from "../errors.js";
import { partitionSegment } from "../lake/escape.js";
import type { Lake } from "../lake/lake.js";
import { columnNames } from "../query/sql-tree.js";
import { tableRef } from "../sync/table-ref.js";
import { REQUIRED_COMMENT } from "./evolution.js";
import { stagingPrefix } from "./journal.js";
import { listTablePartitions, selects } from "./partitions.js";
import type { PromotionPlan, PromotionTarget } from "./plan.js";
import { checkSchema } from "./schema-check.js";
import {
  BRONZE_FILE,
  duckType,
  goldSql,
  hiveTypeIn,
  q,
  REJECT_COLUMNS,
  silverCheckedSql,
  silverFreshSql,
  silverKeptSql,
  silverOutputSql,
  silverRejectsSql,
  text,
} from "./sql.js";
import type { OutputPartition, OutputTable } from "./types.js";

export interface StageOptions {
  /** Count what would be written, write nothing. */
  dryRun?: boolean;
  onProgress?: (stage: string) => void;
  /** Write gold even when its SELECT changes the table's columns in a breaking way. */
  allowBreaking?: boolean;
}

const folderOf = (keys: string[], values: (string | null)[]) =>
  keys.map((k, i) => partitionSegment(k, values[i])).join("/");

/** Keys of a table: the config's, else the folder levels of its first partition. */
function keysOf(lake: Lake, table: string, firstPath: string | undefined): string[] {
  return (
    lake.partitionKeys(table) ??
    (firstPath ? firstPath.split("/").map((s) => s.slice(0, s.indexOf("="))) : [])
  );
}

/** The catalog's partitions of a table by folder path, with their locations (none when the table is new). */
export async function catalogLocations(catalog: Catalog, table: CatalogTable): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const existing = await catalog.getTable(table.database, table.name);
  if (!existing) return out;
  const keys = existing.partitionKeys.map((k) => k.name);
  for await (const page of catalog.listPartitions(table.database, table.name)) {
    for (const p of page) out.set(folderOf(keys, p.values), p.location);
  }
  return out;
}

/**
 * The bronze fields a silver spec reads: its plain columns and the columns its `sql:` expressions name
 * (DuckDB parses them; no file is read). Sampling JSON files for their fields instead read most of each
 * file at once: 6 s and ~1 GB of memory for 10M rows. A field no file has is null, as a plain column
 * not yet delivered is.
 */
async function fieldsRead(engine: Engine, spec: SilverSpec, bronzeKeys: string[]): Promise<string[]> {
  const names = new Set(spec.columns.filter((c) => c.sql === undefined).map((c) => c.name));
  const expressions = spec.columns.flatMap((c) => (c.sql === undefined ? [] : [c.sql]));
  if (expressions.length > 0) {
    const [row] = await engine.rows(
      `SELECT json_serialize_sql(${text(`SELECT ${expressions.join(", ")}`)}) AS tree`,
    );
    // A spec that does not parse fails when it runs, with DuckDB's message.
    for (const name of columnNames(JSON.parse(String(row?.tree)))) names.add(name);
  }
  for (const key of [...bronzeKeys, OBJECT_KEY_COLUMN]) names.delete(key);
  return [...names];
}

/** Runs a write, or in a dry run counts its rows per partition without writing. */
async function writeOrCount(
  engine: Engine,
  sql: string,
  keys: string[],
  prefix: string,
  fileStem: string,
  dryRun: boolean | undefined,
): Promise<WrittenPartition[]> {
  if (!dryRun) return engine.write(sql, { prefix, partitionKeys: keys, fileStem });
  const group = keys.length > 0 ? ` GROUP BY ${keys.map((_, i) => i + 1).join(", ")}` : "";
  const rows = await engine.rows(
    `SELECT ${[...keys.map(q), "count(*) AS n"].join(", ")} FROM (${sql})${group}`,
  );
  return rows
    .filter((r) => Number(r.n) > 0)
    .map((r) => {
      const values = keys.map((k) => (r[k] === null ? null : String(r[k])));
      return { values, path: folderOf(keys, values), objectKeys: [], rows: Number(r.n), bytes: 0 };
    });
}

/** Partitions as the journal records them, with what they replace at the Hive path and in the catalog. */
async function outputTable(
  lake: Lake,
  catalog: Catalog,
  path: string,
  role: OutputTable["role"],
  table: CatalogTable,
  written: WrittenPartition[],
  alsoReplace: string[],
): Promise<OutputTable> {
  const current = new Map((await listTablePartitions(lake.store, path)).map((p) => [p.path, p.objects]));
  const locations = await catalogLocations(catalog, table);
  const keys = table.partitionKeys.map((k) => k.name);
  const byPath = new Map(written.map((w) => [w.path, w]));
  for (const extra of alsoReplace) {
    if (!byPath.has(extra) && (current.has(extra) || locations.has(extra))) {
      const values = extra === "" ? [] : extra.split("/").map((s) => s.slice(s.indexOf("=") + 1));
      byPath.set(extra, { values, path: extra, objectKeys: [], rows: 0, bytes: 0 });
    }
  }
  const partitions = [...byPath.values()].map(
    (w): OutputPartition => ({
      path: w.path,
      values: w.values,
      stagedKeys: w.objectKeys,
      oldKeys: (current.get(w.path) ?? []).map((o) => o.key),
      ...(locations.has(w.path) ? { oldLocation: locations.get(w.path) } : {}),
      rows: w.rows,
      bytes: w.bytes,
    }),
  );
  if (keys.length === 0 && partitions.length > 1) throw new Error("an unpartitioned table has one folder");
  const previous = await catalog.getTable(table.database, table.name);
  return { path, role, table, ...(previous ? { previous } : {}), partitions };
}

function catalogTable(
  lake: Lake,
  path: string,
  keys: string[],
  columns: CatalogTable["columns"],
  description: string,
) {
  const ref = tableRef(lake, path);
  return {
    database: ref.database,
    name: ref.name,
    location: `${ref.location}/`,
    format: "parquet" as const,
    columns,
    partitionKeys: keys.map((name) => ({ name, type: "string" })),
    description,
  };
}

/**
 * Computes the new versions of the output partitions with the engine and writes them under
 * `_medallion/staging/<run>/new/` (nothing in a dry run); fills `run.outputs` and `run.counts`.
 */
export async function stagePromotion(
  lake: Lake,
  catalog: Catalog,
  engine: Engine,
  target: PromotionTarget,
  plan: PromotionPlan,
  options: StageOptions = {},
): Promise<void> {
  if (target.silver) await stageSilver(lake, catalog, engine, target, plan, options);
  else await stageGold(lake, catalog, engine, target, plan, options);
}

async function stageSilver(
  lake: Lake,
  catalog: Catalog,
  engine: Engine,
  target: PromotionTarget,
  plan: PromotionPlan,
  options: StageOptions,
): Promise<void> {
  const spec = target.silver as NonNullable<PromotionTarget["silver"]>;
  const { run } = plan;
  const source = spec.from;
  const listed = plan.inputObjects.get(source) ?? [];
  const bronzeKeys = keysOf(lake, source, listed[0]?.path);
  const keys = lake.partitionKeys(target.target) ?? [];
  const format = lake.tableConfig(source)?.format ?? "parquet";
  options.onProgress?.(`reading ${listed.length} partitions of ${source}`);
  await engine.register({
    name: "bronze",
    format,
    objectKeys: listed.flatMap((p) => p.objects.map((o) => o.key)),
    ...(format === "json" && engine.kind === "duckdb"
      ? { columns: (await fieldsRead(engine, spec, bronzeKeys)).map((name) => ({ name })) }
      : {}),
  });
  const prefixes = listed.map((p) => text(`${source}/${p.path ? `${p.path}/` : ""}`));
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE input_partitions AS SELECT * FROM (VALUES (${prefixes.join("), (")})) t(prefix)`,
  );
  options.onProgress?.("validating and typing rows");
  const bronzeColumns = new Set((await engine.rows("DESCRIBE bronze")).map((r) => String(r.column_name)));
  await engine.exec(
    `CREATE OR REPLACE TEMP TABLE checked AS ${silverCheckedSql(spec, "bronze", bronzeKeys, bronzeColumns, engine.kind)}`,
  );
  // A view, not a third copy of the rows: it is read twice (partitions with their counts, the write).
  await engine.exec(`CREATE OR REPLACE TEMP VIEW fresh AS ${silverFreshSql(spec, keys, engine.kind)}`);

  const perPartition = async (sql: string) =>
    new Map(
      (
        await engine.rows(
          `SELECT ${[...keys.map(q), "count(*) AS n"].join(", ")} FROM ${sql}${keys.length ? ` GROUP BY ${keys.map((_, i) => i + 1).join(", ")}` : ""}`,
        )
      )
        .filter((r) => Number(r.n) > 0)
        .map(
          (r) =>
            [
              folderOf(
                keys,
                keys.map((k) => (r[k] === null ? null : String(r[k]))),
              ),
              Number(r.n),
            ] as const,
        ),
    );
  // The silver partitions these rows land in, with their counts: their current rows are merged with the new ones.
  const fresh = await perPartition("fresh");
  const current = (await listTablePartitions(lake.store, target.target)).filter((p) => fresh.has(p.path));
  await engine.register({
    name: "current",
    format: "parquet",
    objectKeys: current.flatMap((p) => p.objects.map((o) => o.key)),
    columns: [
      ...spec.columns.map((c) => ({ name: c.name, type: duckType(c.type) })),
      { name: BRONZE_FILE },
      ...keys.map((name) => ({ name })),
    ],
  });
  await engine.exec(
    `CREATE OR REPLACE TEMP VIEW kept AS ${silverKeptSql(spec, keys, "current", engine.kind)}`,
  );

  options.onProgress?.(`writing ${target.target}`);
  const stem = `part-${run.id}`;
  const written = await writeOrCount(
    engine,
    silverOutputSql(spec, keys),
    keys,
    `${stagingPrefix(run.id)}new/${target.target}/`,
    stem,
    options.dryRun,
  );
  const rejectsPath = `${target.target}__rejects`;
  const rejected = await writeOrCount(
    engine,
    silverRejectsSql(run.id, bronzeKeys),
    bronzeKeys,
    `${stagingPrefix(run.id)}new/${rejectsPath}/`,
    stem,
    options.dryRun,
  );

  const kept = await perPartition("kept");
  const [totals] = await engine.rows(
    "SELECT count(*) AS rows_in, count(*) FILTER (WHERE _rule IS NOT NULL) AS rejected FROM checked",
  );
  const byRule = await engine.rows(
    "SELECT _rule, count(*) AS n FROM checked WHERE _rule IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1",
  );

  const columns = [
    // A later run's schema check knows a column was required from its comment (evolution.ts).
    ...spec.columns.map((c) => ({
      name: c.name,
      type: c.type,
      ...(c.nullable ? {} : { comment: REQUIRED_COMMENT }),
    })),
    { name: BRONZE_FILE, type: "string" },
  ];
  const targetTable = await outputTable(
    lake,
    catalog,
    target.target,
    "target",
    catalogTable(
      lake,
      target.target,
      keys,
      columns,
      `${target.target}: silver from ${source} (promoted by Medallion)`,
    ),
    written,
    [],
  );
  for (const p of targetTable.partitions) {
    p.fresh = fresh.get(p.path) ?? 0;
    p.kept = kept.get(p.path) ?? 0;
    p.deduplicated = p.fresh + p.kept - p.rows;
  }
  const rejectsTable = await outputTable(
    lake,
    catalog,
    rejectsPath,
    "rejects",
    catalogTable(
      lake,
      rejectsPath,
      bronzeKeys,
      REJECT_COLUMNS.map((name) => ({ name, type: "string" })),
      `${rejectsPath}: rows of ${source} that failed ${target.target}'s rules (_rule), as delivered (_row)`,
    ),
    rejected,
    listed.map((p) => p.path),
  );
  run.outputs = [targetTable, rejectsTable];
  const rowsOut = targetTable.partitions.reduce((n, p) => n + p.rows, 0);
  run.counts = {
    rowsIn: Number(totals?.rows_in ?? 0),
    rejected: Number(totals?.rejected ?? 0),
    deduplicated: targetTable.partitions.reduce((n, p) => n + (p.deduplicated ?? 0), 0),
    rowsOut,
    byRule: byRule.map((r) => [String(r._rule), Number(r.n)]),
  };
}

async function stageGold(
  lake: Lake,
  catalog: Catalog,
  engine: Engine,
  target: PromotionTarget,
  plan: PromotionPlan,
  options: StageOptions,
): Promise<void> {
  const spec = target.gold as NonNullable<PromotionTarget["gold"]>;
  const { run } = plan;
  const keys = lake.partitionKeys(target.target) ?? [];
  const view = (alias: string) => `src_${alias}`;
  let rowsIn = 0;
  for (const source of spec.sources) {
    const listed = plan.inputObjects.get(source.table) ?? [];
    options.onProgress?.(`reading ${source.table}`);
    await engine.register({
      name: view(source.as),
      format: lake.tableConfig(source.table)?.format ?? "parquet",
      objectKeys: listed.flatMap((p) => p.objects.map((o) => o.key)),
    });
    const [count] = await engine.rows(`SELECT count(*) AS n FROM ${q(view(source.as))}`);
    rowsIn += Number(count?.n ?? 0);
  }
  // Athena cannot replace the keys in a `*`: a gold spec's own SELECT names its columns first.
  const own =
    engine.kind === "athena" && spec.sql !== undefined && keys.length > 0
      ? (await engine.rows(`DESCRIBE ${spec.sql}`)).map((d) => String(d.column_name))
      : undefined;
  let sql = goldSql(spec, keys, view, engine.kind, own);
  const described = await engine.rows(`DESCRIBE ${sql}`);
  const missing = keys.filter((k) => !described.some((d) => d.column_name === k));
  if (missing.length > 0) {
    throw new MedallionError(
      "config",
      `${target.target}: its gold SELECT has no column ${missing.join(", ")} (a partition key)`,
    );
  }
  const columns = described
    .filter((d) => !keys.includes(String(d.column_name)))
    .map((d) => ({
      name: String(d.column_name),
      type: hiveTypeIn(engine.kind, String(d.column_type), `${target.target}.${String(d.column_name)}`),
    }));
  // Gold columns have no nullability: a new one is never breaking, a type change is.
  const changes = await checkSchema(
    lake,
    catalog,
    target.target,
    columns.map((c) => ({ ...c, nullable: true })),
    options.allowBreaking === true,
  );
  if (changes.length > 0) run.schemaChanges = changes;
  if (plan.selection && keys.length > 0) {
    // Only the selected gold partitions are rewritten; the others keep their current version.
    const paths = await engine.rows(`SELECT DISTINCT ${keys.map(q).join(", ")} FROM (${sql})`);
    const wanted = paths
      .map((r) => keys.map((k) => (r[k] === null ? null : String(r[k]))))
      .filter((values) => selects(plan.selection as string[], folderOf(keys, values)));
    const match = wanted.map(
      (values) =>
        `(${keys.map((k, i) => (values[i] === null ? `${q(k)} IS NULL` : `${q(k)} = ${text(values[i] as string)}`)).join(" AND ")})`,
    );
    sql = `SELECT * FROM (${sql}) WHERE ${match.length > 0 ? match.join(" OR ") : "false"}`;
  }
  options.onProgress?.(`writing ${target.target}`);
  const written = await writeOrCount(
    engine,
    sql,
    keys,
    `${stagingPrefix(run.id)}new/${target.target}/`,
    `part-${run.id}`,
    options.dryRun,
  );
  const table = await outputTable(
    lake,
    catalog,
    target.target,
    "target",
    catalogTable(
      lake,
      target.target,
      keys,
      columns,
      `${target.target}: gold from ${target.sources.join(", ")} (promoted by Medallion)`,
    ),
    written,
    [],
  );
  run.outputs = [table];
  const rowsOut = table.partitions.reduce((n, p) => n + p.rows, 0);
  run.counts = { rowsIn, rejected: 0, deduplicated: 0, rowsOut, byRule: [] };
}

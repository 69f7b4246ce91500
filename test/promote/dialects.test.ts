// One spec, both engines: every step of a silver and a gold promotion rendered in DuckDB's and in
// Athena's dialect. DuckDB's runs for real; Athena's runs on DuckDB too, through the documented
// translation below (two Trino functions DuckDB names otherwise), and must give the same rows.
// Athena's text is also checked against what Athena (Trino) documents: none of DuckDB's own syntax.
import { describe, expect, it } from "vitest";
import type { GoldSpec, SilverSpec } from "../../src/config/index.js";
import {
  type Dialect,
  goldSql,
  silverCheckedSql,
  silverFreshSql,
  silverKeptSql,
  silverOutputSql,
  silverRejectsSql,
} from "../../src/promote/sql.js";
import { duck } from "./shop-lake.js";

/**
 * Trino functions DuckDB spells otherwise: `date_format` takes the same `%Y %m %d %H` as DuckDB's
 * `strftime`; `json_format` turns a JSON value into its text, as a cast to VARCHAR does in DuckDB.
 */
const TRINO_ON_DUCKDB = [
  "CREATE MACRO date_format(ts, fmt) AS strftime(ts, fmt)",
  "CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)",
];

/** DuckDB's own syntax, which Athena (Trino) does not accept. */
const DUCKDB_ONLY = [
  /::/, // casts are CAST(x AS t) in Trino
  /\bQUALIFY\b/i,
  /\bBY NAME\b/i,
  /\bREPLACE\s*\(/i, // SELECT * REPLACE (…)
  /\bEXCLUDE\b/i,
  /\bstrftime\(/i,
  /\bstruct_pack\(/i,
  /\bto_json\(/i,
  /\bVARCHAR\[\]/i,
];

const spec: SilverSpec = {
  from: "bronze/shop/orders",
  columns: [
    { name: "order_id", type: "bigint", nullable: false },
    { name: "email", type: "string", nullable: true, sql: "lower(trim(email))" },
    { name: "amount", type: "decimal(10,2)", nullable: true },
    { name: "ratio", type: "float", nullable: true },
    { name: "qty", type: "int", nullable: true },
    { name: "order_ts", type: "timestamp", nullable: false },
  ],
  rules: [{ name: "positive_amount", check: "amount > 0" }],
  dedupe: { keys: ["order_id"], latest: "order_ts" },
  partitionFrom: "order_ts",
};
const keys = ["year", "month"];

// The demo's kinds of dirt: a duplicate (order 1 twice, the later kept), mixed case and null emails,
// a malformed timestamp, a missing required id, a negative amount.
const bronze = `CREATE TEMP TABLE bronze AS SELECT * FROM (VALUES
  ('1', ' A@X.IO ', '10.50', '0.5', '2', '2024-01-05 10:00:00', 'bronze/shop/orders/day=05/a.json', '05'),
  ('1', 'a@x.io',   '11.00', '0.5', '2', '2024-01-05 12:00:00', 'bronze/shop/orders/day=05/b.json', '05'),
  ('2', NULL,       '3',     NULL,  '1', '2024-02-01 00:00:00', 'bronze/shop/orders/day=05/a.json', '05'),
  ('3', 'c@x.io',   '4',     '1',   '1', '2024-13-45 99:00:00', 'bronze/shop/orders/day=05/a.json', '05'),
  (NULL, 'd@x.io',  '5',     '1',   '1', '2024-01-06 00:00:00', 'bronze/shop/orders/day=05/a.json', '05'),
  ('5', 'e@x.io',   '-1',    '1',   '1', '2024-01-07 00:00:00', 'bronze/shop/orders/day=05/a.json', '05')
) t(order_id, email, amount, ratio, qty, order_ts, _object_key, day)`;
// The current silver version of the partitions these rows land in: a row from another bronze
// partition (kept) and one from this input (replaced).
const current = `CREATE TEMP TABLE current AS SELECT * FROM (VALUES
  (7, 'old@x.io', 1.00, 0.25, 1, TIMESTAMP '2024-01-01 00:00:00', 'bronze/shop/orders/day=01/z.json', '2024', '01'),
  (1, 'stale@x.io', 9.00, 0.25, 1, TIMESTAMP '2024-01-01 00:00:00', 'bronze/shop/orders/day=05/a.json', '2024', '01')
) t(order_id, email, amount, ratio, qty, order_ts, _bronze_file, year, month)`;
const inputs =
  "CREATE TEMP TABLE input_partitions AS SELECT * FROM (VALUES ('bronze/shop/orders/day=05/')) AS t(prefix)";

/** Every silver step of the spec, in one dialect, as the statements that build it. */
function silverSteps(dialect: Dialect): { statements: string[]; output: string; rejects: string } {
  const columns = new Set(["order_id", "email", "amount", "ratio", "qty", "order_ts", "day"]);
  return {
    statements: [
      `CREATE TEMP TABLE checked AS ${silverCheckedSql(spec, "bronze", ["day"], columns, dialect)}`,
      `CREATE TEMP TABLE fresh AS ${silverFreshSql(spec, keys, dialect)}`,
      `CREATE TEMP VIEW kept AS ${silverKeptSql(spec, keys, "current", dialect)}`,
    ],
    output: silverOutputSql(spec, keys),
    rejects: silverRejectsSql("run-1", ["day"]),
  };
}

async function runSilver(dialect: Dialect) {
  const steps = silverSteps(dialect);
  const setup = [
    ...(dialect === "athena" ? TRINO_ON_DUCKDB : []),
    bronze,
    current,
    inputs,
    ...steps.statements,
  ];
  const output = await duck(`${setup.join(";\n")};\nSELECT * FROM (${steps.output}) ORDER BY order_id`);
  const rejects = await duck(`${setup.join(";\n")};\nSELECT * FROM (${steps.rejects}) ORDER BY _rule`);
  const parsed = rejects.map((r): Record<string, unknown> => ({ ...r, _row: JSON.parse(String(r._row)) }));
  return { output, rejects: parsed };
}

describe("one silver spec, both dialects", () => {
  it("gives the same typed, validated, deduplicated rows and the same rejects on DuckDB and Athena", async () => {
    const duckdb = await runSilver("duckdb");
    const athena = await runSilver("athena");
    expect(duckdb.output.map((r) => [r.order_id, r.email, r.amount, r.year, r.month])).toEqual([
      ["1", "a@x.io", "11.00", "2024", "01"],
      ["2", null, "3.00", "2024", "02"],
      ["7", "old@x.io", "1.00", "2024", "01"],
    ]);
    expect(duckdb.rejects.map((r) => r._rule)).toEqual([
      "required:order_id",
      "rule:positive_amount",
      "type:order_ts",
    ]);
    expect(athena.output).toEqual(duckdb.output);
    expect(athena.rejects).toEqual(duckdb.rejects);
  });

  it("writes Athena's statements in the SQL Athena documents, none of DuckDB's own syntax", () => {
    const steps = silverSteps("athena");
    for (const sql of [...steps.statements, steps.output, steps.rejects]) {
      for (const pattern of DUCKDB_ONLY) expect(sql).not.toMatch(pattern);
    }
    const checked = steps.statements[0] as string;
    // Athena's type names in a query: varchar, integer, real (string, int, float are DDL words).
    expect(checked).toContain('TRY_CAST("_raw_email" AS varchar)');
    expect(checked).toContain('TRY_CAST("_raw_qty" AS integer)');
    expect(checked).toContain('TRY_CAST("_raw_ratio" AS real)');
    expect(checked).toContain('TRY_CAST("_raw_amount" AS decimal(10,2))');
    expect(steps.statements[1]).toContain(`date_format("order_ts", '%Y') AS "year"`);
    // The row as read, for a rejected row only: the values before casting are not kept past `checked`.
    expect(checked).toContain(
      `CASE WHEN _rule IS NULL THEN NULL ELSE json_format(CAST(MAP(ARRAY['order_id', 'email', 'amount', 'ratio', 'qty', 'order_ts'], ARRAY[CAST("_raw_order_id" AS VARCHAR)`,
    );
  });
});

describe("one gold spec, both dialects", () => {
  const gold: GoldSpec = {
    sources: [
      { table: "silver/shop/orders", as: "o" },
      { table: "silver/shop/payments", as: "p", join: "left", on: "p.order_id = o.order_id" },
    ],
    where: "o.status <> 'cancelled'",
    groupBy: [
      { name: "day", sql: "CAST(o.order_ts AS DATE)" },
      { name: "year", sql: "o.year" },
    ],
    measures: [
      { name: "orders", fn: "count_distinct", sql: "o.order_id" },
      { name: "revenue", fn: "sum", sql: "o.amount" },
      { name: "average", fn: "avg", sql: "o.amount" },
      { name: "payments", fn: "count", sql: "p.payment_id" },
    ],
  };
  const views = `
    CREATE TEMP VIEW v_o AS SELECT * FROM (VALUES (1, 10.00, 'paid', TIMESTAMP '2024-01-05 10:00:00', '2024'), (2, 5.00, 'cancelled', TIMESTAMP '2024-01-05 11:00:00', '2024'), (3, 2.50, 'paid', TIMESTAMP '2025-02-01 00:00:00', '2025')) AS t(order_id, amount, status, order_ts, year);
    CREATE TEMP VIEW v_p AS SELECT * FROM (VALUES ('P1', 1), ('P2', 1)) AS t(payment_id, order_id)`;

  it("measures the same rows on DuckDB and Athena, partition keys as text and last", async () => {
    const run = async (dialect: Dialect) => {
      const sql = goldSql(gold, ["year"], (alias) => `v_${alias}`, dialect);
      const setup = [...(dialect === "athena" ? TRINO_ON_DUCKDB : []), views];
      return duck(`${setup.join(";\n")};\n${sql} ORDER BY year`);
    };
    const duckdb = await run("duckdb");
    expect(duckdb).toEqual([
      { day: "2024-01-05", orders: "1", revenue: "20.00", average: 10, payments: "2", year: "2024" },
      { day: "2025-02-01", orders: "1", revenue: "2.50", average: 2.5, payments: "0", year: "2025" },
    ]);
    expect(Object.keys(duckdb[0] ?? {}).at(-1)).toBe("year");
    expect(await run("athena")).toEqual(duckdb);
    const athena = goldSql(gold, ["year"], (alias) => `v_${alias}`, "athena");
    for (const pattern of DUCKDB_ONLY) expect(athena).not.toMatch(pattern);
  });

  it("asks for the columns of a gold sql SELECT on Athena (it cannot replace keys inside *)", () => {
    const own: GoldSpec = { ...gold, sql: "SELECT o.year, count(*) AS n FROM v_o AS o GROUP BY 1" };
    expect(() => goldSql(own, ["year"], (a) => a, "athena")).toThrow(/needs its columns/);
    expect(goldSql(own, ["year"], (a) => a, "athena", ["year", "n"])).toBe(
      `SELECT "n", NULLIF(CAST("year" AS VARCHAR), '') AS "year" FROM (${own.sql})`,
    );
  });
});

describe("dedupe", () => {
  // A nullable key (null keys are one group), ties on `latest` broken by the later bronze file, then by
  // the row's values; keys in two partitions deduplicated in each. Fresh rows only (kept is empty).
  const tied: SilverSpec = {
    ...spec,
    columns: [
      { name: "sku", type: "string", nullable: true },
      { name: "qty", type: "int", nullable: true },
      { name: "ts", type: "timestamp", nullable: true },
    ],
    dedupe: { keys: ["sku"], latest: "ts" },
  };
  const rows = `CREATE TEMP TABLE fresh AS SELECT * FROM (VALUES
    ('a', 1, TIMESTAMP '2024-01-01 10:00:00', 'b/x/1.json', '01'),
    ('a', 2, TIMESTAMP '2024-01-01 10:00:00', 'b/x/2.json', '01'),
    ('a', 3, TIMESTAMP '2024-01-01 09:00:00', 'b/x/3.json', '01'),
    ('b', 5, TIMESTAMP '2024-01-01 10:00:00', 'b/x/1.json', '01'),
    ('b', 4, TIMESTAMP '2024-01-01 10:00:00', 'b/x/1.json', '01'),
    ('b', 9, NULL,                            'b/x/9.json', '01'),
    (NULL, 7, TIMESTAMP '2024-01-01 08:00:00', 'b/x/1.json', '01'),
    (NULL, 8, TIMESTAMP '2024-01-01 11:00:00', 'b/x/1.json', '01'),
    ('a', 6, TIMESTAMP '2024-01-01 10:00:00', 'b/x/1.json', '02'),
    ('c', 1, NULL,                            'b/x/1.json', '02')
  ) t(sku, qty, ts, _bronze_file, month);
  CREATE TEMP TABLE kept AS SELECT * FROM fresh LIMIT 0`;
  it("keeps the latest per key and partition, ties to the later file, then the smaller values", async () => {
    const kept = await duck(
      `${rows};\nSELECT month, sku, qty FROM (${silverOutputSql(tied, ["month"])}) ORDER BY month, sku NULLS FIRST`,
    );
    expect(kept.map((r) => [r.month, r.sku, r.qty])).toEqual([
      ["01", null, 8],
      ["01", "a", 2],
      ["01", "b", 4],
      ["02", "a", 6],
      ["02", "c", 1],
    ]);
  });
});

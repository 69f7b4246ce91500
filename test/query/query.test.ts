import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lake } from "../../src/lake/index.js";
import { exportResult } from "../../src/query/export.js";
import { type QueryResult, runQuery } from "../../src/query/index.js";
import { duck } from "../promote/shop-lake.js";
import { demoLake } from "./_lake.js";

let dir: string;
let lake: Lake;

beforeAll(async () => {
  ({ dir, lake } = await demoLake());
}, 120_000);
afterAll(async () => {
  await lake?.close();
});

const query = (sql: string) => runQuery(lake, sql, "duckdb");
const silver = () => `${dir}/silver/sales/orders`;

/** Bytes of the Parquet files DuckDB's glob finds under a folder. */
async function bytesUnder(glob: string): Promise<number> {
  const files = await duck(`SELECT file FROM glob('${glob}')`);
  return files.reduce((n, f) => n + statSync(String(f.file)).size, 0);
}

describe("medallion query on DuckDB over the demo lake", () => {
  it("counts the rows DuckDB reads from the silver files directly, reading every partition", async () => {
    const result = await query("select count(*) as n from silver.sales_orders");
    const [direct] = await duck(`SELECT count(*) AS n FROM read_parquet('${silver()}/**/*.parquet')`);
    expect(result.values).toEqual([[String(direct?.n)]]);
    const [read] = result.stats.tables;
    expect(read?.partitions).toEqual({ read: 4, total: 4 });
    expect(result.stats.bytesScanned).toBe(await bytesUnder(`${silver()}/**/*.parquet`));
    expect(result.stats.costUsd).toBe(0);
  });

  it("reads only the partition a WHERE names: its rows, and its bytes scanned", async () => {
    const [day] = await duck(
      `SELECT day FROM read_parquet('${silver()}/**/*.parquet', hive_partitioning = true) GROUP BY day ORDER BY day LIMIT 1`,
    );
    const result = await query(
      `select status, count(*) as n from silver.sales_orders o where o.year = '2024' and month = '01' and day = '${day?.day}' group by all order by all`,
    );
    const direct = await duck(
      `SELECT status, count(*) AS n FROM read_parquet('${silver()}/**/*.parquet', hive_partitioning = true) WHERE day = '${day?.day}' GROUP BY ALL ORDER BY ALL`,
    );
    expect(result.values).toEqual(direct.map((r) => [r.status, String(r.n)]));
    expect(result.stats.tables[0]?.partitions).toEqual({ read: 1, total: 4 });
    const oneDay = await bytesUnder(`${silver()}/year=2024/month=01/day=${day?.day}/*.parquet`);
    expect(result.stats.bytesScanned).toBe(oneDay);
    expect(oneDay).toBeLessThan((await bytesUnder(`${silver()}/**/*.parquet`)) / 2);
  });

  it("prunes by IN and by ranges, and keeps every partition for tests it cannot pin to one table", async () => {
    const counted = async (sql: string) => (await query(sql)).stats.tables.map((t) => t.partitions?.read);
    expect(await counted("select * from silver.sales_orders where day in ('28', '29') limit 1")).toEqual([2]);
    expect(await counted("select * from silver.sales_orders where day >= '30' limit 1")).toEqual([2]);
    expect(
      await counted("select * from silver.sales_orders where day between '29' and '30' limit 1"),
    ).toEqual([2]);
    expect(
      await counted("select * from silver.sales_orders where day = '31' or amount > 100 limit 1"),
    ).toEqual([4]);
    // The outer side of a LEFT JOIN: a WHERE on it keeps null-extended rows, so it is read whole.
    expect(
      await counted(
        "select count(*) from silver.sales_orders o left join silver.sales_customers c on c.customer_id = o.customer_id and c.day = '31' where o.day = '31'",
      ),
    ).toEqual([1, 4]);
  });

  it("gives the partition columns the catalog's values, and reads a partition the catalog does not list not at all", async () => {
    const catalog = await lake.catalog();
    const [first] = (await catalog.listPartitions("silver", "sales_orders")[Symbol.asyncIterator]().next())
      .value;
    const result = await query("select count(distinct day) as days from silver.sales_orders");
    expect(result.values).toEqual([["4"]]);
    await catalog.deletePartitions("silver", "sales_orders", [first.values]);
    try {
      const after = await query("select count(distinct day) as days from silver.sales_orders");
      expect(after.values).toEqual([["3"]]);
      expect(after.stats.tables[0]?.partitions).toEqual({ read: 3, total: 3 });
    } finally {
      await catalog.addPartitions("silver", "sales_orders", [first]);
    }
  });

  it("fails with DuckDB's message and where in the statement, for bad SQL, a table not in the catalog or not a SELECT", async () => {
    await expect(query("select nosuch from silver.sales_orders")).rejects.toThrow(
      /^DuckDB: Binder Error: Referenced column "nosuch" not found in FROM clause! \(at line 1, column 8\)$/,
    );
    await expect(query("select *\nfrom silver.sales_orders where (")).rejects.toThrow(
      /^DuckDB: Parser Error: syntax error at end of input \(at line 2, column 33\)$/,
    );
    await expect(query("select * from silver.sales_ordrs")).rejects.toThrow(
      /no table silver.sales_ordrs in the lake's catalog \(did you mean silver.sales_orders\?\)/,
    );
    await expect(query(`copy (select 1) to '${path.join(dir, "x.csv")}'`)).rejects.toThrow(
      /one SELECT statement/,
    );
    await expect(query("select 1; select 2")).rejects.toThrow(/holds 2/);
  });
});

describe("a query's rows written to a file", () => {
  it("COPYs every row of a DuckDB query (not only those fetched), in CSV, JSON lines and Parquet", async () => {
    const sql = "select order_id, amount from silver.sales_orders where day = '28'";
    const fetched = await runQuery(lake, sql, "duckdb", { maxRows: 5 });
    expect(fetched.more).toBe(true);
    const [direct] = await duck(
      `SELECT count(*) AS n, sum(amount)::VARCHAR AS total FROM read_parquet('${silver()}/year=2024/month=01/day=28/*.parquet')`,
    );
    const out = mkdtempSync(path.join(tmpdir(), "medallion-export-"));
    for (const [format, reader] of [
      ["csv", "read_csv"],
      ["jsonl", "read_json"],
      ["parquet", "read_parquet"],
    ] as const) {
      const file = path.join(out, `orders.${format}`);
      const summary = await exportResult(lake, sql, fetched, file, format);
      expect(summary).toEqual({ file, format, rows: Number(direct?.n), whole: true });
      const [back] = await duck(
        `SELECT count(*) AS n, sum(amount::DECIMAL(10,2))::VARCHAR AS total FROM ${reader}('${file}')`,
      );
      expect(back).toEqual(direct);
    }
    expect(readdirSync(out).sort()).toEqual(["orders.csv", "orders.jsonl", "orders.parquet"]);
  });

  it("writes an Athena result as fetched, typed by Athena's column types in Parquet", async () => {
    const athena: QueryResult = {
      columns: [
        { name: "order_id", type: "varchar" },
        { name: "items", type: "integer" },
        { name: "amount", type: "decimal(10,2)" },
        { name: "at", type: "timestamp" },
      ],
      values: [
        ["A-1", "3", "10.50", "2024-01-28 10:00:00.000"],
        ["A-2", null, "9.99", null],
      ],
      texts: [
        ["A-1", "3", "10.50", "2024-01-28 10:00:00.000"],
        ["A-2", null, "9.99", null],
      ],
      more: true,
      stats: { engine: "athena", tables: [], bytesScanned: 0, costUsd: 0, costBasis: "", elapsedMs: 0 },
    };
    const out = mkdtempSync(path.join(tmpdir(), "medallion-export-"));
    const parquet = path.join(out, "athena.parquet");
    expect(await exportResult(lake, "select …", athena, parquet, "parquet")).toMatchObject({
      rows: 2,
      whole: false,
    });
    const rows = await duck(
      `SELECT order_id, items, amount::VARCHAR AS amount, "at"::VARCHAR AS "at", typeof(items) AS t FROM read_parquet('${parquet}') ORDER BY order_id`,
    );
    expect(rows).toEqual([
      { order_id: "A-1", items: 3, amount: "10.50", at: "2024-01-28 10:00:00", t: "INTEGER" },
      { order_id: "A-2", items: null, amount: "9.99", at: null, t: "INTEGER" },
    ]);
    const csv = path.join(out, "athena.csv");
    await exportResult(lake, "select …", athena, csv, "csv");
    expect(readFileSync(csv, "utf8")).toBe(
      "order_id,items,amount,at\r\nA-1,3,10.50,2024-01-28 10:00:00.000\r\nA-2,,9.99,\r\n",
    );
    const jsonl = path.join(out, "athena.jsonl");
    await exportResult(lake, "select …", athena, jsonl, "jsonl");
    expect(readFileSync(jsonl, "utf8").split("\n")[1]).toBe(
      '{"order_id":"A-2","items":null,"amount":"9.99","at":null}',
    );
    expect(readdirSync(out).sort()).toEqual(["athena.csv", "athena.jsonl", "athena.parquet"]);
  });

  it("writes nothing on an SQL error", async () => {
    const out = mkdtempSync(path.join(tmpdir(), "medallion-export-"));
    const fetched = await runQuery(lake, "select 1 as x", "duckdb");
    await expect(
      exportResult(lake, "select nope from silver.sales_orders", fetched, path.join(out, "x.csv"), "csv"),
    ).rejects.toThrow(/nope/);
    expect(readdirSync(out)).toEqual([]);
  });
});

describe("table names without a database", () => {
  it("reads the one catalog table a name can be (daily_revenue is gold.sales_daily_revenue), pruned alike", async () => {
    const [qualified] = (await query("select sum(orders) as n from gold.sales_daily_revenue")).values;
    const short = await query("select sum(orders) as n from daily_revenue");
    expect(short.values).toEqual([qualified]);
    expect(short.stats.tables.map((t) => t.name)).toEqual(["gold.sales_daily_revenue"]);
    const none = await query("select count(*) as n from sales_daily_revenue d where d.year = '1999'");
    expect(none.stats.tables[0]?.partitions?.read).toBe(0);
  });

  it("refuses a name two catalog tables could be, naming both, and leaves WITH names alone", async () => {
    await expect(query("select count(*) from sales_orders")).rejects.toThrow(
      "table sales_orders is ambiguous: it could be bronze.sales_orders, silver.sales_orders; name it as <database>.<table>",
    );
    const cte = await query("with sales_orders as (select 41 + 1 as x) select x from sales_orders");
    expect(cte.values).toEqual([[42]]);
  });
});

import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { createDemoLake, type DemoLakeSummary, ensureDemoLake } from "../../src/demo/index.js";

const root = mkdtempSync(path.join(tmpdir(), "medallion-demo-"));
const lake = path.join(root, "lake");
let summary: DemoLakeSummary;
let db: DuckDBConnection;

async function rows(sql: string): Promise<unknown[][]> {
  return (await db.runAndReadAll(sql)).getRows();
}
async function one(sql: string): Promise<number> {
  return Number((await rows(sql))[0]?.[0]);
}
const orders = () =>
  `read_json('${lake}/bronze/sales/orders/*/*/*/*.json', format = 'newline_delimited', union_by_name = true, columns = {order_id: 'VARCHAR', customer_email: 'VARCHAR', created_at: 'VARCHAR', updated_at: 'VARCHAR', coupon_code: 'VARCHAR'}, filename = true)`;

beforeAll(async () => {
  // A window across a month end, so partitions of two months exist.
  summary = await createDemoLake(lake, { endDate: new Date("2024-02-14T12:00:00Z") });
  console.log(
    `demo lake: ${summary.rows} rows, ${summary.files} files, ${summary.bytes} bytes in ${summary.ms} ms`,
  );
  db = await (await DuckDBInstance.create(":memory:")).connect();
});

afterAll(() => db?.closeSync());

describe("createDemoLake", () => {
  it("writes ~200k rows in three bronze tables", () => {
    expect(summary.tables.map((t) => [t.path, t.format])).toEqual([
      ["bronze/sales/orders", "json"],
      ["bronze/sales/customers", "csv"],
      ["bronze/sales/payments", "parquet"],
    ]);
    expect(summary.rows).toBeGreaterThan(150_000);
    expect(summary.rows).toBeLessThan(260_000);
    expect(summary.firstDay).toBe("2024-01-16");
    expect(summary.lastDay).toBe("2024-02-14");
  });

  it("lays out Hive partitions year=YYYY/month=MM/day=DD with part-NNNNN files, several per partition on some days", () => {
    const ordersDir = path.join(lake, "bronze/sales/orders");
    expect(readdirSync(ordersDir)).toEqual(["year=2024"]);
    expect(readdirSync(path.join(ordersDir, "year=2024")).sort()).toEqual(["month=01", "month=02"]);
    const jan = readdirSync(path.join(ordersDir, "year=2024/month=01")).sort();
    expect(jan[0]).toBe("day=16");
    const feb = readdirSync(path.join(ordersDir, "year=2024/month=02")).sort();
    expect(feb[0]).toBe("day=01");
    expect(jan.length + feb.length).toBe(30);
    const fileCounts = [...jan.map((d) => `month=01/${d}`), ...feb.map((d) => `month=02/${d}`)].map(
      (d) => readdirSync(path.join(ordersDir, "year=2024", d)).length,
    );
    expect(Math.max(...fileCounts)).toBeGreaterThan(1);
    expect(readdirSync(path.join(ordersDir, "year=2024/month=01/day=16"))).toContain("part-00000.json");
    expect(readdirSync(path.join(lake, "bronze/sales/customers/year=2024/month=02/day=14"))).toEqual([
      "part-00000.csv",
    ]);
    const payments = readdirSync(path.join(lake, "bronze/sales/payments/year=2024/month=02"));
    expect(payments.length).toBe(4);
    for (const file of payments) expect(file).toMatch(/^part-0000\d-[0-9a-f-]{36}-c000\.snappy\.parquet$/);
    expect(existsSync(path.join(root, ".medallion-tmp"))).toBe(false);
  });

  it("gives two tenants the shop's orders of the last 7 days between them, each order once", async () => {
    const tenantOrders = (tenant: string) =>
      `read_json('${lake}/bronze/tenant=${tenant}/sales/orders/*/*/*/*.json', format = 'newline_delimited', union_by_name = true, columns = {order_id: 'VARCHAR'}, hive_partitioning = true)`;
    expect(summary.tenants.map((t) => [t.path, t.partitions])).toEqual([
      ["bronze/tenant=acme/sales/orders", 7],
      ["bronze/tenant=globex/sales/orders", 7],
    ]);
    const both = `SELECT order_id, day FROM ${tenantOrders("acme")} UNION ALL SELECT order_id, day FROM ${tenantOrders("globex")}`;
    const lastWeek = `SELECT order_id FROM ${orders()} WHERE filename >= '${lake}/bronze/sales/orders/year=2024/month=02/day=08/'`;
    expect(await one(`SELECT count(*) FROM (${both})`)).toBe(await one(`SELECT count(*) FROM (${lastWeek})`));
    expect(await one(`SELECT count(*) FROM (${both})`)).toBe(summary.tenants.reduce((n, t) => n + t.rows, 0));
    // No order in both tenants' files.
    expect(
      await one(
        `SELECT count(*) FROM ${tenantOrders("acme")} a JOIN ${tenantOrders("globex")} g USING (order_id)`,
      ),
    ).toBe(0);
  });

  it("holds as many rows on disk as the summary says", async () => {
    const byTable = Object.fromEntries(summary.tables.map((t) => [t.path, t.rows]));
    expect(await one(`SELECT count(*) FROM ${orders()}`)).toBe(byTable["bronze/sales/orders"]);
    expect(
      await one(`SELECT count(*) FROM read_csv('${lake}/bronze/sales/customers/*/*/*/*.csv', header = true)`),
    ).toBe(byTable["bronze/sales/customers"]);
    expect(
      await one(`SELECT count(*) FROM read_parquet('${lake}/bronze/sales/payments/*/*/*.parquet')`),
    ).toBe(byTable["bronze/sales/payments"]);
  });

  it("re-delivers some orders: the same order_id twice, some with a later updated_at", async () => {
    const duplicated = await one(
      `SELECT count(*) FROM (SELECT order_id FROM ${orders()} GROUP BY 1 HAVING count(*) > 1)`,
    );
    expect(duplicated).toBeGreaterThan(100);
    const updatedLater = await one(
      `SELECT count(*) FROM (SELECT order_id FROM ${orders()} GROUP BY 1 HAVING count(DISTINCT updated_at) > 1)`,
    );
    expect(updatedLater).toBeGreaterThan(0);
    expect(updatedLater).toBeLessThan(duplicated);
  });

  it("has null and mixed-case emails in orders and customers", async () => {
    expect(await one(`SELECT count(*) FROM ${orders()} WHERE customer_email IS NULL`)).toBeGreaterThan(0);
    expect(
      await one(`SELECT count(*) FROM ${orders()} WHERE customer_email <> lower(customer_email)`),
    ).toBeGreaterThan(0);
    const customers = `read_csv('${lake}/bronze/sales/customers/*/*/*/*.csv', header = true)`;
    expect(await one(`SELECT count(*) FROM ${customers} WHERE email IS NULL`)).toBeGreaterThan(0);
    expect(await one(`SELECT count(*) FROM ${customers} WHERE email <> lower(email)`)).toBeGreaterThan(0);
  });

  it("has malformed created_at values next to ISO timestamps", async () => {
    const bad = await rows(
      `SELECT DISTINCT created_at FROM ${orders()} WHERE try_strptime(created_at, '%Y-%m-%dT%H:%M:%SZ') IS NULL ORDER BY 1`,
    );
    expect(bad.map((r) => r[0])).toEqual(expect.arrayContaining(["", "2024/13/45 25:61", "yesterday"]));
    expect(
      await one(
        `SELECT count(*) FROM ${orders()} WHERE try_strptime(created_at, '%Y-%m-%dT%H:%M:%SZ') IS NOT NULL`,
      ),
    ).toBeGreaterThan(100_000);
  });

  it("adds coupon_code to order files from mid-month on only", () => {
    const keysOf = (rel: string) =>
      Object.keys(JSON.parse(readFileSync(path.join(lake, rel), "utf8").split("\n")[0] ?? "{}"));
    expect(keysOf("bronze/sales/orders/year=2024/month=01/day=16/part-00000.json")).not.toContain(
      "coupon_code",
    );
    expect(keysOf("bronze/sales/orders/year=2024/month=01/day=30/part-00000.json")).not.toContain(
      "coupon_code",
    );
    expect(keysOf("bronze/sales/orders/year=2024/month=01/day=31/part-00000.json")).toContain("coupon_code");
    expect(keysOf("bronze/sales/orders/year=2024/month=02/day=14/part-00000.json")).toContain("coupon_code");
    expect(summary.couponFrom).toBe("2024-01-31");
  });

  it("writes payments as snappy Parquet with several row groups, decimals, timestamps and nested columns", async () => {
    const file = `${lake}/bronze/sales/payments/year=2024/month=02/*.parquet`;
    const meta = await rows(
      `SELECT file_name, count(DISTINCT row_group_id), any_value(compression) FROM parquet_metadata('${file}') GROUP BY 1`,
    );
    expect(meta.length).toBe(4);
    for (const [, groups, codec] of meta) {
      expect(Number(groups)).toBeGreaterThan(2);
      expect(codec).toBe("SNAPPY");
    }
    const types = Object.fromEntries(
      (
        await rows(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${file}'))`)
      ).map((r) => [r[0], r[1]]),
    );
    expect(types.amount).toBe("DECIMAL(12,2)");
    expect(types.paid_at).toBe("TIMESTAMP WITH TIME ZONE");
    expect(types.method).toMatch(/^STRUCT\(kind VARCHAR, brand VARCHAR, last4 VARCHAR\)$/);
    expect(types.tags).toBe("VARCHAR[]");
  });

  it("writes a medallion.yaml that loadConfig accepts, describing the lake in its own folder", () => {
    const config = loadConfig({}, lake);
    expect(config.root).toEqual({ kind: "local", path: lake });
    expect(config.tables["bronze/sales/orders"]).toMatchObject({
      partitionKeys: ["year", "month", "day"],
      format: "json",
    });
    expect(config.tables["bronze/sales/customers"]).toMatchObject({
      partitionKeys: ["year", "month", "day"],
      format: "csv",
    });
    expect(config.tables["bronze/sales/payments"]).toMatchObject({
      partitionKeys: ["year", "month"],
      format: "parquet",
    });
  });

  it("refuses a folder that is not empty, and leaves it as it was", async () => {
    const busy = path.join(root, "busy");
    mkdirSync(busy);
    writeFileSync(path.join(busy, "notes.txt"), "mine");
    await expect(createDemoLake(busy)).rejects.toThrow(/busy already exists and is not empty/);
    expect(readdirSync(busy)).toEqual(["notes.txt"]);
  });

  it("fills an empty existing folder, and ensureDemoLake keeps a lake that is already there", async () => {
    const empty = path.join(root, "empty");
    mkdirSync(empty);
    const first = await ensureDemoLake(empty, { days: 3, endDate: new Date(Date.UTC(2026, 0, 15)) });
    expect(first.created).toBe(true);
    expect(first.summary?.tables[0]?.partitions).toBe(3);
    // Each bronze file is dated as delivered: 01:00 UTC the day after its partition's day (what lifecycle reads).
    const day = path.join(empty, "bronze/sales/customers/year=2026/month=01/day=13");
    for (const name of readdirSync(day)) {
      expect(statSync(path.join(day, name)).mtime.toISOString()).toBe("2026-01-14T01:00:00.000Z");
    }
    const again = await ensureDemoLake(empty);
    expect(again).toEqual({ created: false, dir: empty });
  });

  it("refuses a --days that is not 1 to 1100, writing nothing", () => {
    const target = path.join(root, "bad-days");
    const run = spawnSync(process.execPath, ["dist/commands/medallion.js", "demo", target, "--days", "0"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      "--days 0: expected a whole number of days from 1 to 1100 (730 is two years)",
    );
    expect(existsSync(target)).toBe(false);
  });

  it("leaves nothing at the target when the process is killed half-way", () => {
    const target = path.join(root, "killed");
    const demo = path.resolve("dist/src/demo/index.js");
    const script = `import(${JSON.stringify(demo)}).then((m) => m.createDemoLake(${JSON.stringify(target)}, { onProgress: (p) => { if (p.phase === "write" && p.filesWritten === 20) process.kill(process.pid, "SIGKILL"); } }))`;
    const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(run.signal).toBe("SIGKILL");
    expect(existsSync(target)).toBe(false);
  });
});

import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lake } from "../../src/lake/index.js";
import { buildCli, cli } from "../preview/_cli.js";
import { duck } from "../promote/shop-lake.js";
import { demoLake } from "./_lake.js";

let dir: string;
let lake: Lake;
const settings = mkdtempSync(path.join(tmpdir(), "medallion-query-settings-"));

beforeAll(async () => {
  await buildCli();
  ({ dir, lake } = await demoLake());
}, 180_000);
afterAll(async () => {
  await lake?.close();
});

async function medallion(...args: string[]) {
  const { execFile } = await import("node:child_process");
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: dir, env: { ...process.env, NO_COLOR: "1", MEDALLION_SETTINGS_DIR: settings } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe("medallion query on the command line", () => {
  it("returns the row count DuckDB reads from the silver files directly, as JSON, with what it scanned", async () => {
    const run = await medallion("query", "select count(*) from silver.sales_orders", "--format", "json");
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout);
    const [direct] = await duck(
      `SELECT count(*) AS n FROM read_parquet('${dir}/silver/sales/orders/**/*.parquet')`,
    );
    expect(doc.rows).toEqual([{ "count_star()": Number(direct?.n) }]);
    expect(doc.stats.tables[0]).toMatchObject({
      name: "silver.sales_orders",
      partitions: { read: 4, total: 4 },
    });
    expect(run.stderr).toMatch(
      /^read 4 of 4 partitions of silver\.sales_orders \(4 files, [\d.]+ KiB\) · [\d.]+ KiB scanned · \$0\.00 \(DuckDB on this machine: no charge per query\)/m,
    );
  });

  it("prints the rows as the preview's grid, then the partitions read and the cost, and keeps the query in the history", async () => {
    const sql = "select day, count(*) as n from silver.sales_orders where day = '31' group by day";
    const run = await medallion("query", sql);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^#\s+day\s+n$/);
    expect(lines[2]).toMatch(/^1\s+31\s+[\d,]+$/);
    expect(lines.at(-2)).toBe("1 row");
    expect(lines.at(-1)).toMatch(/^read 1 of 4 partitions of silver\.sales_orders \(1 file, /);
    const history = JSON.parse(readFileSync(path.join(settings, "settings.json"), "utf8")).queryHistory;
    expect(history[0]).toBe(sql);
  });

  it("writes CSV to a file whole, and on an SQL error writes nothing, exits 2 with one line", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "medallion-query-out-")), "status.csv");
    const run = await medallion(
      "query",
      "select status, count(*) as n from silver.sales_orders group by status order by status",
      "--format",
      "csv",
      "--output",
      out,
    );
    expect(run.code, run.stderr).toBe(0);
    const direct = await duck(
      `SELECT status, count(*) AS n FROM read_parquet('${dir}/silver/sales/orders/**/*.parquet') GROUP BY status ORDER BY status`,
    );
    expect(readFileSync(out, "utf8")).toBe(
      `status,n\r\n${direct.map((r) => `${r.status},${r.n}\r\n`).join("")}`,
    );
    const bad = await medallion("query", "select amount + from silver.sales_orders", "--output", `${out}.2`);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^medallion: DuckDB: Parser Error: syntax error at or near "from" \(at line 1, column 17\)$/,
      ),
    ]);
    expect(readdirSync(path.dirname(out))).toEqual(["status.csv"]);
    const json = await medallion("query", "select nope from silver.sales_orders", "--format", "json");
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.message).toMatch(/Binder Error: Referenced column "nope"/);
  });
});

describe("medallion profile on the command line", () => {
  it("prints each column's figures, then its chart as bars; --json the same figures; a path with nothing, exit 2", async () => {
    const partition = "silver/sales/orders/year=2024/month=01/day=31";
    const run = await medallion("profile", partition);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^silver\/sales\/orders\/year=2024\/month=01\/day=31 · 1 file, [\d.]+ KiB read · [\d,]+ rows · \d+ columns · distinct counts exact/,
    );
    expect(run.stdout).toMatch(/^column\s+type\s+nulls\s+distinct\s+min\s+max$/m);
    expect(run.stdout).toMatch(/^status {2}varchar · top 5 values$/m);
    expect(run.stdout).toMatch(/^amount {2}decimal\(10,2\) · histogram, \d+ bins$/m);
    expect(run.stdout).toMatch(/^≤ \S+\s+[\d,]+\s+\d+%\s+█/m);
    const json = await medallion("profile", partition, "--json");
    const doc = JSON.parse(json.stdout);
    const [direct] = await duck(
      `SELECT count(*) AS n FROM read_parquet('${dir}/${partition}/*.parquet') WHERE status = 'shipped'`,
    );
    const status = doc.columns.find((c: { name: string }) => c.name === "status");
    expect(status.top).toContainEqual({ value: "shipped", count: Number(direct?.n) });
    const missing = await medallion("profile", "silver/sales/ordres");
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
  });
});

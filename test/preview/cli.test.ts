import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parquetWriter } from "../parquet/_duckdb.js";
import { buildCli, cli } from "./_cli.js";

let duck: Awaited<ReturnType<typeof parquetWriter>>;

function medallion(args: string[], cwd: string, env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, COLUMNS: "100", MEDALLION_CONFIG: "", ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  await buildCli();
  expect(readFileSync(cli, "utf8")).toContain("buildProgram");
  duck = await parquetWriter();
  await duck.write(
    "orders.parquet",
    `SELECT i AS order_id, 'customer-' || (i % 7) AS customer, (i * 1.25)::DECIMAL(10,2) AS amount,
       DATE '2024-03-01' + (i % 30)::INT AS day, {'sku': 'S' || i, 'qty': i % 3} AS item
     FROM range(500) t(i)`,
    "ROW_GROUP_SIZE 2048",
  );
}, 180_000);
afterAll(() => duck.close());

describe("medallion preview", () => {
  it("shows the first rows of a local Parquet file outside any lake, fitted to the terminal", () => {
    const run = medallion(["preview", "orders.parquet", "--rows", "3"], duck.dir);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(/orders\.parquet {2}parquet · 500 rows · /);
    expect(lines[2]).toMatch(/^#\s+order_id\s+customer\s+amount\s+day\s+item$/);
    expect(lines[4]).toMatch(/^1\s+0\s+customer-0\s+0\.00\s+2024-03-01\s+\{sku: "S0", qty: 0\}$/);
    expect(lines[6]).toMatch(/^3\s+2\s+customer-2\s+2\.50\s+2024-03-03/);
    expect(run.stdout).toMatch(/rows 1–3 of 500 · row group 1\/1 · fetched [\d.]+ KiB in 1 request/);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it("cuts wide cells with … to fit a narrow terminal", () => {
    const columns = "item,customer,order_id";
    const args = ["preview", "orders.parquet", "--rows", "2", "--offset", "10", "--columns", columns];
    const run = medallion(args, duck.dir, { COLUMNS: "40" });
    expect(run.code).toBe(0);
    const grid = run.stdout.split("\n\n")[1]?.split("\n") ?? [];
    expect(grid).toHaveLength(4); // header, rule, two rows
    expect(Math.max(...grid.map((l) => l.length))).toBeLessThanOrEqual(40);
    expect(grid.join("\n")).toContain("…");
    expect(run.stdout).toMatch(/^11\s+\{sku: "S10", …\s+customer-3\s+10$/m);
  });

  it("prints JSON with the columns asked for, in their order", () => {
    const run = medallion(
      ["preview", "orders.parquet", "--json", "--offset", "498", "--columns", "amount,order_id"],
      duck.dir,
    );
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.columns).toEqual([
      { name: "amount", type: "decimal(10,2)" },
      { name: "order_id", type: "int64" },
    ]);
    expect(doc.rows).toEqual([
      { amount: "622.50", order_id: 498 },
      { amount: "623.75", order_id: 499 },
    ]);
    expect(doc).toMatchObject({ format: "parquet", totalRows: 500, offset: 498, hasMore: false });
    expect(doc.fetched.requests).toBe(1);
  });

  it("previews a gzip CSV and flags its malformed line", () => {
    const dir = path.join(duck.dir, "bronze-drop");
    mkdirSync(dir, { recursive: true });
    spawnSync("sh", ["-c", `printf 'id,city\\n1,Lyon\\n2,"Porto, PT"\\n3\\n' | gzip > ${dir}/cities.csv.gz`]);
    const run = medallion(["preview", "bronze-drop/cities.csv.gz"], duck.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/cities\.csv\.gz {2}csv \(gzip\) · 3 rows/);
    expect(run.stdout).toMatch(/^2\s+2\s+Porto, PT$/m);
    expect(run.stdout).toContain("row 3: line 4: 1 fields, the header has 2");
  });

  it("fails in one line with exit code 2 on a truncated file, a bad flag and a missing file", () => {
    const bytes = readFileSync(path.join(duck.dir, "orders.parquet"));
    writeFileSync(path.join(duck.dir, "cut.parquet"), bytes.subarray(0, 1000));
    const cut = medallion(["preview", "cut.parquet"], duck.dir);
    expect(cut).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "medallion: cut.parquet: footer: truncated (the file starts like Parquet but its footer is missing)\n",
    });
    const bad = medallion(["preview", "orders.parquet", "--rows", "ten"], duck.dir);
    expect(bad.stderr).toBe('medallion: --rows expects a whole number, got "ten"\n');
    expect(bad.code).toBe(2);
    const column = medallion(["preview", "orders.parquet", "--columns", "nope"], duck.dir);
    expect(column.stderr).toMatch(
      /^medallion: no column "nope" in orders\.parquet \(columns: order_id, customer/,
    );
    const missing = medallion(["schema", "nowhere.parquet"], duck.dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/^medallion: not found: nowhere\.parquet/);
  });

  it("previews a table by its lake path: its first file", async () => {
    const lake = path.join(duck.dir, "lake");
    const partition = path.join(lake, "silver/sales/orders/year=2024/month=03");
    mkdirSync(partition, { recursive: true });
    writeFileSync(path.join(lake, "medallion.yaml"), "lake: .\n");
    writeFileSync(path.join(partition, "_SUCCESS"), "");
    writeFileSync(
      path.join(partition, "part-0.parquet"),
      readFileSync(path.join(duck.dir, "orders.parquet")),
    );
    const run = medallion(["preview", "silver/sales/orders", "--rows", "1", "--json"], lake);
    expect(run.stderr).toBe("");
    const doc = JSON.parse(run.stdout);
    expect(doc.location).toBe(path.join(partition, "part-0.parquet"));
    expect(doc.rows[0]).toMatchObject({ order_id: 0, customer: "customer-0" });
  });
});

describe("medallion schema", () => {
  it("shows the schema as a tree, and row groups with column-chunk stats", () => {
    const run = medallion(["schema", "orders.parquet", "--stats"], duck.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/parquet · 500 rows · 1 row group · /);
    expect(run.stdout).toMatch(/created by DuckDB/);
    expect(run.stdout).toMatch(/^├ amount\s+decimal\(10,2\)\s+\(INT64\)$/m);
    expect(run.stdout).toMatch(/^└ item\s+struct\n {2}├ sku\s+string\s+\(BYTE_ARRAY\)\n {2}└ qty\s+int64/m);
    expect(run.stdout).toMatch(/^row group 1\/1 · rows 1–500 \(500\)/m);
    expect(run.stdout).toMatch(/^day\s+SNAPPY\s+\S+\s+.*\s0\s+2024-03-01\s+2024-03-30$/m);
  });

  it("prints the schema tree and stats as JSON", () => {
    const run = medallion(["schema", "orders.parquet", "--json", "--stats"], duck.dir);
    const doc = JSON.parse(run.stdout);
    expect(
      doc.schema
        .find((f: { name: string }) => f.name === "item")
        .children.map((c: { path: string }) => c.path),
    ).toEqual(["item.sku", "item.qty"]);
    expect(doc.rowGroups[0].columns.find((c: { column: string }) => c.column === "amount")).toMatchObject({
      min: "0.00",
      max: "623.75",
      nullCount: 0,
      codec: "SNAPPY",
    });
  });
});

import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parquetWriter } from "../parquet/_duckdb.js";
import { cli, lakeOnDisk, medallion, order } from "./lake-fixture.js";

const yaml = (database: string) => `database: ${database}_{layer}
tables:
  bronze/sales/orders:
    partitionKeys: [year, month]
    format: json
  silver/sales/orders:
    partitionKeys: [year]
`;

const files = {
  "bronze/sales/orders/year=2024/month=01/part-0.json": order(1),
  "bronze/sales/orders/year=2024/month=02/part-0.json": order(2),
  "bronze/sales/orders/year=2024/month=03/part-0.json": order(3),
};

let writer: Awaited<ReturnType<typeof parquetWriter>>;
beforeAll(async () => {
  if (!existsSync(cli)) throw new Error("dist/commands/medallion.js is missing: run `npm run build` first");
  writer = await parquetWriter();
});
afterAll(() => writer.close());

/** A lake with bronze JSON orders and one silver Parquet partition written by DuckDB. */
async function lakeWithSilver(database: string) {
  const lake = lakeOnDisk(yaml(database), files);
  const file = path.join(lake.lake, "silver/sales/orders/year=2024/part-0.parquet");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(path.dirname(file), { recursive: true });
  await writer.query(
    `COPY (SELECT 1::BIGINT AS "OrderId", 9.5::DECIMAL(10,2) AS amount, TIMESTAMP '2024-01-01' AS created_at) TO '${file}' (FORMAT parquet)`,
  );
  return lake;
}

describe("medallion diff / sync / catalog register with the local catalog", () => {
  it("diff exits 1 on a lake out of step, sync --yes fixes it, diff then exits 0", async () => {
    const { dir } = await lakeWithSilver("acme");
    const before = await medallion(dir, "diff", "bronze");
    expect(before.code).toBe(1);
    expect(before.stdout).toContain("bronze/sales/orders → acme_bronze.sales_orders: out of sync");
    expect(before.stdout).toContain("to add    year=2024/month=01  in storage, not in the catalog");

    const refused = await medallion(dir, "sync", "bronze");
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain(
      "register acme_bronze.sales_orders from one of its files; add 3 partitions",
    );
    expect(refused.stderr.trim()).toBe(
      "medallion: not on a terminal, so not asking: pass --yes to apply the plan above",
    );

    const dry = await medallion(dir, "sync", "bronze", "--dry-run");
    expect(dry).toMatchObject({ code: 0 });
    expect(dry.stdout).toContain("dry run: nothing changed");
    expect((await medallion(dir, "diff", "bronze")).code).toBe(1);

    const synced = await medallion(dir, "sync", "bronze", "--yes");
    expect(synced.code).toBe(0);
    expect(synced.stdout).toContain("bronze/sales/orders: registered, added 3");
    const after = await medallion(dir, "diff", "bronze", "--json");
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({
      inSync: true,
      tables: [{ path: "bronze/sales/orders", counts: { "in-sync": 3 } }],
    });
  });

  it("drops stale partitions only with --drop-stale", async () => {
    const { dir, lake } = await lakeWithSilver("acme");
    expect((await medallion(dir, "sync", "bronze/sales/orders", "--yes")).code).toBe(0);
    const { rmSync } = await import("node:fs");
    rmSync(path.join(lake, "bronze/sales/orders/year=2024/month=03"), { recursive: true });
    const diff = await medallion(dir, "diff", "bronze/sales/orders", "--json");
    expect(JSON.parse(diff.stdout).tables[0].partitions).toEqual([
      expect.objectContaining({ status: "drop", name: "year=2024/month=03", storageLocation: null }),
    ]);
    const kept = await medallion(dir, "sync", "bronze/sales/orders", "--yes");
    expect(kept.stdout).toContain("nothing to change; keep 1 stale partition (--drop-stale drops them)");
    const dropped = await medallion(dir, "sync", "bronze/sales/orders", "--yes", "--drop-stale", "--json");
    expect(JSON.parse(dropped.stdout).results[0]).toMatchObject({ dropped: 1, failed: [] });
    expect((await medallion(dir, "diff", "bronze/sales/orders")).code).toBe(0);
  });

  it("registers a silver table from its Parquet footer with Hive types", async () => {
    const { dir } = await lakeWithSilver("acme");
    const out = await medallion(dir, "catalog", "register", "silver/sales/orders");
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      "created acme_silver.sales_orders (parquet, 3 columns, partition keys year)",
    );
    expect(out.stdout).toContain("  orderid bigint\n  amount decimal(10,2)\n  created_at timestamp");
    const again = await medallion(dir, "catalog", "register", "silver/sales/orders", "--json");
    expect(JSON.parse(again.stdout)).toMatchObject({
      created: false,
      format: "parquet",
      partitionKeys: [{ name: "year", type: "string" }],
    });
  });

  it("refuses every change with --read-only, in one line, and still diffs", async () => {
    const { dir } = await lakeWithSilver("acme");
    const sync = await medallion(dir, "--read-only", "sync", "bronze", "--yes");
    expect(sync.code).toBe(2);
    expect(sync.stderr).toMatch(
      /^medallion: refused to sync the catalog: Medallion is in read-only mode.*\n$/,
    );
    const register = await medallion(dir, "--read-only", "catalog", "register", "silver/sales/orders");
    expect(register.code).toBe(2);
    expect((await medallion(dir, "--read-only", "diff", "bronze")).code).toBe(1);
  });

  it("refuses sync --yes in one line when medallion.yaml says readOnly: true, and leaves the catalog as it was", async () => {
    const { dir, lake } = await lakeWithSilver("acme");
    expect((await medallion(dir, "sync", "bronze", "--yes")).code).toBe(0);
    // Out of step again: one new partition to add, one stale to drop.
    const { mkdirSync, readFileSync, rmSync, writeFileSync } = await import("node:fs");
    mkdirSync(path.join(lake, "bronze/sales/orders/year=2024/month=04"));
    writeFileSync(path.join(lake, "bronze/sales/orders/year=2024/month=04/part-0.json"), order(4));
    rmSync(path.join(lake, "bronze/sales/orders/year=2024/month=01"), { recursive: true });
    const config = path.join(dir, "medallion.yaml");
    writeFileSync(config, `readOnly: true\n${readFileSync(config, "utf8")}`);
    const partitions = async () => {
      const diff = await medallion(dir, "diff", "bronze", "--json");
      expect(diff.code).toBe(1);
      return JSON.parse(diff.stdout).tables[0].partitions.map((p: { status: string; name: string }) =>
        [p.status, p.name].join(" "),
      );
    };
    const before = await partitions();
    expect(before).toEqual(["drop year=2024/month=01", "add year=2024/month=04"]);

    for (const extra of [[], ["--drop-stale"], ["--json"]]) {
      const sync = await medallion(dir, "sync", "bronze", "--yes", ...extra);
      expect(sync.code).toBe(2);
      expect(sync.stderr).toBe(
        "medallion: refused to sync the catalog: Medallion is in read-only mode (drop --read-only or readOnly: true to allow changes)\n",
      );
    }
    expect(await partitions()).toEqual(before);
  });

  it("two `sync --yes` at once add each partition once between them: the other's adds are 'already there'", async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 600; i++) {
      many[
        `bronze/sales/orders/year=${2000 + Math.floor(i / 12)}/month=${String((i % 12) + 1).padStart(2, "0")}/part-0.json`
      ] = order(i);
    }
    const { dir } = lakeOnDisk(yaml("acme"), many);
    expect((await medallion(dir, "catalog", "register", "bronze/sales/orders")).code).toBe(0);
    const runs = await Promise.all([
      medallion(dir, "sync", "bronze", "--yes", "--json"),
      medallion(dir, "sync", "bronze", "--yes", "--json"),
    ]);
    const results = runs.flatMap((r) => {
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout).results as { added: number; alreadyThere: number }[];
    });
    // Whatever the interleaving, this run's count is what this run changed.
    expect(results.reduce((n, r) => n + r.added, 0)).toBe(600);
    expect((await medallion(dir, "diff", "bronze")).code).toBe(0);
  });

  it("exits 2 with one line for a location that is not a table or layer", async () => {
    const { dir } = await lakeWithSilver("acme");
    const out = await medallion(dir, "diff", "bronze/sales");
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      "medallion: `bronze/sales` is neither a table nor a layer: give layer/domain/table (e.g. silver/sales/orders) or a layer (bronze, silver, gold)\n",
    );
  });
});

describe("medallion diff / sync against Glue on the local endpoint", () => {
  it("registers, adds and then reports the lake in sync, through the real SDK", async () => {
    const endpoint = inject("motoEndpoint");
    const db = `g${Date.now().toString(36)}`;
    const { dir } = await lakeWithSilver(db);
    const glue = ["--catalog", "glue", "--endpoint-url", endpoint];
    const before = await medallion(dir, ...glue, "diff", "--json");
    expect(before.code).toBe(1);
    expect(
      JSON.parse(before.stdout).tables.map((t: { path: string; registered: boolean }) => [
        t.path,
        t.registered,
      ]),
    ).toEqual([
      ["bronze/sales/orders", false],
      ["silver/sales/orders", false],
    ]);
    const synced = await medallion(dir, ...glue, "sync", "--yes", "--json");
    expect(synced.code).toBe(0);
    const doc = JSON.parse(synced.stdout);
    expect(doc.plans.map((p: { calls: number }) => p.calls)).toEqual([2, 2]);
    expect(doc.results.map((r: { calls: Record<string, number> }) => r.calls.BatchCreatePartition)).toEqual([
      1, 1,
    ]);
    const after = await medallion(dir, ...glue, "diff");
    expect(after.code).toBe(0);
    expect(after.stdout).toContain(`silver/sales/orders → ${db}_silver.sales_orders: in sync`);
    expect(after.stdout).toContain("2 tables, 0 out of sync");
  });
});

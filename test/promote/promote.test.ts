import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalCatalog, localCatalogFile } from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { openLake } from "../../src/lake/index.js";
import { listRuns, promote } from "../../src/promote/index.js";
import { deliverAgain, duck, fileHashes, folderRows, shopLake } from "./shop-lake.js";

const lakeAt = (root: string, readOnly = false) =>
  openLake(loadConfig({ config: path.join(root, "medallion.yaml"), ...(readOnly ? { readOnly } : {}) }));

async function catalogPartitions(root: string, table: string) {
  const catalog = new LocalCatalog(localCatalogFile({ kind: "local", path: root }));
  try {
    const out: { values: string[]; location: string }[] = [];
    for await (const page of catalog.listPartitions("silver", table)) out.push(...page);
    return out.sort((a, b) => a.location.localeCompare(b.location));
  } finally {
    await catalog.close();
  }
}

describe("promote bronze → silver on DuckDB", () => {
  it("types, validates and deduplicates, keeps rejects with their rule, and registers both tables", async () => {
    const root = shopLake();
    const bronze = fileHashes(path.join(root, "bronze"));
    const lake = lakeAt(root);
    const { run } = await promote(lake, "bronze/shop/orders", { to: "silver" });
    await lake.close();

    expect(run.state).toBe("committed");
    expect(run.counts).toEqual({
      rowsIn: 24,
      rejected: 9,
      deduplicated: 3,
      rowsOut: 12,
      byRule: [
        ["required:order_id", 3],
        ["rule:positive_amount", 3],
        ["type:created_at", 3],
      ],
    });
    // What a reader globbing the table folder sees is exactly what Medallion reports.
    const silver = path.join(root, "silver/shop/orders");
    const [glob] = await duck(
      `SELECT count(*) AS n, count(DISTINCT order_id) AS ids, max(amount) FILTER (WHERE order_id = 'O1-1') AS latest,
              min(email) AS email FROM read_parquet('${silver}/**/*.parquet', hive_partitioning = true)`,
    );
    expect(glob).toEqual({ n: "12", ids: "12", latest: "11.50", email: "a@b.com" });
    const [rejects] = await duck(
      `SELECT count(*) AS n, count(DISTINCT _rule) AS rules FROM read_parquet('${silver}__rejects/**/*.parquet', hive_partitioning = true)`,
    );
    expect(rejects).toEqual({ n: "9", rules: "3" });
    // No partition column inside the files; no staging or journal inside the table folder.
    const [schema] = await duck(
      `SELECT list(DISTINCT name ORDER BY name) AS names FROM parquet_schema('${silver}/**/*.parquet') WHERE name <> 'duckdb_schema'`,
    );
    expect(schema?.names).toEqual([
      "_bronze_file",
      "amount",
      "created_at",
      "email",
      "order_id",
      "updated_at",
    ]);
    expect(existsSync(path.join(root, "_medallion/staging"))).toBe(false);

    const partitions = await catalogPartitions(root, "shop_orders");
    expect(partitions.map((p) => p.values.join("/"))).toEqual(["2024/01/01", "2024/01/02", "2024/01/03"]);
    expect(partitions[0]?.location).toBe(`${silver}/year=2024/month=01/day=01`);
    expect(await catalogPartitions(root, "shop_orders__rejects")).toHaveLength(3);
    expect(fileHashes(path.join(root, "bronze"))).toEqual(bronze);
  });

  it("promotes only new or changed partitions, and a second run over the same input changes nothing", async () => {
    const root = shopLake();
    const lake = lakeAt(root);
    await promote(lake, "silver/shop/orders");
    const first = fileHashes(path.join(root, "silver"));

    const again = await promote(lake, "silver/shop/orders");
    expect(again.upToDate).toBe(true);
    expect(again.unchanged).toBe(3);
    expect(fileHashes(path.join(root, "silver"))).toEqual(first);

    // Re-promoting a partition explicitly rewrites it with the same rows, never duplicates.
    const before = await folderRows(path.join(root, "silver/shop/orders"));
    const redo = await promote(lake, "silver/shop/orders", { partitions: ["year=2024/month=01/day=02"] });
    expect(redo.run.inputs.map((i) => i.path)).toEqual(["year=2024/month=01/day=02"]);
    expect(await folderRows(path.join(root, "silver/shop/orders"))).toEqual(before);

    // A new delivery: only its partitions run, updates win over older rows, other rows are kept.
    deliverAgain(root);
    const next = await promote(lake, "silver/shop/orders");
    await lake.close();
    expect(next.run.inputs).toHaveLength(3);
    const rows = await folderRows(path.join(root, "silver/shop/orders"));
    expect(rows).toHaveLength(15);
    expect(rows).toContain("O2-2:99.00");
    expect(rows).not.toContain("O2-2:20.25");
    expect(rows).toContain("O3-1:11.50");
    expect((await listRuns(lakeAt(root).store)).map((r) => r.state)).toEqual([
      "committed",
      "committed",
      "committed",
    ]);
  });

  it("knows which run committed last even when two runs start within one second", async () => {
    const root = shopLake();
    const promoteOnce = async () => {
      const lake = lakeAt(root);
      try {
        return await promote(lake, "silver/shop/orders");
      } finally {
        await lake.close();
      }
    };
    await promoteOnce();
    // Give the first run an id that sorts after any other (ids share a one-second stamp, then chance).
    const runs = path.join(root, "_medallion/runs");
    const [first] = readdirSync(runs);
    const journal = JSON.parse(readFileSync(path.join(runs, first as string), "utf8"));
    rmSync(path.join(runs, first as string));
    journal.id = "99991231T235959Z-ffffff";
    writeFileSync(path.join(runs, `${journal.id}.json`), JSON.stringify(journal));
    deliverAgain(root);
    expect((await promoteOnce()).run.inputs).toHaveLength(3);
    expect((await promoteOnce()).upToDate).toBe(true);
  });

  it("counts a dry run without writing anything", async () => {
    const root = shopLake();
    const lake = lakeAt(root);
    const result = await promote(lake, "bronze/shop/orders", { to: "silver", dryRun: true });
    await lake.close();
    expect(result.run.counts?.rowsOut).toBe(12);
    expect(result.run.counts?.rejected).toBe(9);
    expect(readdirSync(root).sort()).toEqual(["bronze", "medallion.yaml"]);
  });

  it("refuses in read-only mode before anything is written", async () => {
    const root = shopLake();
    const lake = lakeAt(root, true);
    await expect(promote(lake, "silver/shop/orders")).rejects.toThrow(
      /refused to promote silver\/shop\/orders: .*read-only/,
    );
    expect(readdirSync(root).sort()).toEqual(["bronze", "medallion.yaml"]);
  });

  it("says which table to name when a layer is asked of a table that feeds none", async () => {
    const root = shopLake();
    const lake = lakeAt(root);
    await expect(promote(lake, "bronze/shop/orders", { to: "gold" })).rejects.toThrow(
      /no gold table in medallion\.yaml is built from bronze\/shop\/orders/,
    );
  });
});

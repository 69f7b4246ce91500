import { spawnSync } from "node:child_process";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalCatalog, localCatalogFile } from "../../src/catalog/index.js";
import { fileHashes, GOLD_YAML, shopLake } from "./shop-lake.js";

const cli = path.resolve("dist/commands/medallion.js");
const medallion = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8" });

async function goldColumns(root: string): Promise<string[]> {
  const catalog = new LocalCatalog(localCatalogFile({ kind: "local", path: root }));
  try {
    return ((await catalog.getTable("gold", "shop_daily"))?.columns ?? []).map((c) => `${c.name} ${c.type}`);
  } finally {
    await catalog.close();
  }
}

function editGold(root: string, from: string, to: string): void {
  const file = path.join(root, "medallion.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace(from, to));
}

describe("schema evolution of a gold table (its SELECT's columns against the catalog)", () => {
  it("lets a new measure through, stops a measure whose type changes in one line, writing nothing; --allow-breaking promotes", async () => {
    const root = shopLake();
    appendFileSync(path.join(root, "medallion.yaml"), GOLD_YAML);
    expect(medallion(root, "promote", "bronze/shop/orders", "--to", "silver").status).toBe(1);
    const first = medallion(root, "promote", "gold/shop/daily");
    expect(first.status, first.stderr).toBe(0);
    expect(await goldColumns(root)).toEqual(["day string", "orders bigint", "revenue decimal(38,2)"]);

    editGold(
      root,
      "        - { name: revenue",
      "        - { name: biggest, fn: max, sql: o.amount }\n        - { name: revenue",
    );
    const added = medallion(root, "promote", "gold/shop/daily", "--partitions", "year=2024");
    expect(added.status, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/schema: biggest: decimal\(10,2\), a new column/);
    expect(await goldColumns(root)).toContain("biggest decimal(10,2)");

    editGold(root, "{ name: revenue, fn: sum", "{ name: revenue, fn: avg");
    const gold = fileHashes(path.join(root, "gold"));
    const refused = medallion(root, "promote", "gold/shop/daily", "--partitions", "year=2024");
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split("\n")).toHaveLength(1);
    expect(refused.stderr).toMatch(
      /gold\/shop\/daily: column revenue changes from decimal\(38,2\) to double \(a type change\) in partition year=2024\/month=01 and the others written before: refused \(pass --allow-breaking/,
    );
    expect(fileHashes(path.join(root, "gold"))).toEqual(gold);
    expect(await goldColumns(root)).toContain("revenue decimal(38,2)");

    const allowed = medallion(
      root,
      "promote",
      "gold/shop/daily",
      "--partitions",
      "year=2024",
      "--allow-breaking",
    );
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/schema: revenue: decimal\(38,2\) → double, a type change — breaking/);
    expect(await goldColumns(root)).toContain("revenue double");
  }, 120_000);
});

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { LocalCatalog, localCatalogFile } from "../../src/catalog/index.js";
import { schemaChanges, typeChange } from "../../src/promote/index.js";
import { buildCli, cli } from "../preview/_cli.js";
import { duck, shopLake } from "./shop-lake.js";

const medallion = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8" });

describe("schema changes between the catalog table and the spec", () => {
  it("calls widenings what keeps every value, narrowings and other type changes what does not", () => {
    expect(typeChange("int", "bigint")).toBe("widened");
    expect(typeChange("tinyint", "int")).toBe("widened");
    expect(typeChange("float", "double")).toBe("widened");
    expect(typeChange("decimal(10,2)", "decimal(12,2)")).toBe("widened");
    expect(typeChange("decimal(10,2)", "decimal(12, 3)")).toBe("widened");
    expect(typeChange("bigint", "int")).toBe("narrowed");
    expect(typeChange("double", "float")).toBe("narrowed");
    expect(typeChange("decimal(12,2)", "decimal(10,2)")).toBe("narrowed");
    expect(typeChange("decimal(10,2)", "decimal(10,4)")).toBe("narrowed"); // two integer digits lost
    expect(typeChange("string", "int")).toBe("retyped");
    expect(typeChange("decimal(10,2)", "double")).toBe("retyped");
    expect(typeChange("timestamp", "TIMESTAMP")).toBe("unchanged");
  });

  it("passes new nullable columns and widenings, stops at narrowings, new required and dropped required columns", () => {
    const catalog = [
      { name: "order_id", type: "string", comment: "required" },
      { name: "qty", type: "int" },
      { name: "amount", type: "decimal(10,2)" },
      { name: "note", type: "string" },
      { name: "_bronze_file", type: "string" },
    ];
    const changes = schemaChanges(catalog, [
      { name: "qty", type: "bigint", nullable: true },
      { name: "amount", type: "decimal(8,2)", nullable: true },
      { name: "coupon", type: "string", nullable: true },
      { name: "shop", type: "string", nullable: false },
    ]);
    expect(changes).toEqual([
      { column: "amount", kind: "narrowed", from: "decimal(10,2)", to: "decimal(8,2)", breaking: true },
      { column: "shop", kind: "added", to: "string", required: true, breaking: true },
      { column: "order_id", kind: "dropped", from: "string", required: true, breaking: true },
      { column: "qty", kind: "widened", from: "int", to: "bigint", breaking: false },
      { column: "coupon", kind: "added", to: "string", required: false, breaking: false },
      { column: "note", kind: "dropped", from: "string", required: false, breaking: false },
    ]);
  });
});

/** The shop lake's spec with `amount` of another type and, optionally, a `coupon` column. */
function editSpec(root: string, amount: string, coupon: boolean): void {
  const file = path.join(root, "medallion.yaml");
  let yaml = readFileSync(file, "utf8").replace(
    /\{ name: amount, type: "[^"]+" \}/,
    `{ name: amount, type: "${amount}" }`,
  );
  if (coupon && !yaml.includes("coupon"))
    yaml = yaml.replace(
      "        - { name: created_at",
      "        - { name: coupon, type: string }\n        - { name: created_at",
    );
  writeFileSync(file, yaml);
}

/** A new delivery into one bronze day, so that day (only) is promoted again. */
function deliver(root: string, day: number, file: string): void {
  const row = {
    order_id: `O${day}-9`,
    email: "n@x.io",
    amount: 12,
    created_at: `2024-01-0${day}T09:00:00Z`,
    updated_at: `2024-01-0${day}T09:00:00Z`,
  };
  writeFileSync(
    path.join(root, `bronze/shop/orders/year=2024/month=01/day=0${day}`, file),
    `${JSON.stringify(row)}\n`,
  );
}

async function silverColumns(root: string) {
  const catalog = new LocalCatalog(localCatalogFile({ kind: "local", path: root }));
  try {
    return (await catalog.getTable("silver", "shop_orders"))?.columns.map(
      (c) => `${c.name} ${c.type}${c.comment ? ` (${c.comment})` : ""}`,
    );
  } finally {
    await catalog.close();
  }
}

describe("promote with a changed spec", () => {
  beforeAll(buildCli, 180_000);

  it("lets a new nullable column and a widening through, updates the catalog table, keeps old partitions readable", async () => {
    const root = shopLake();
    expect(medallion(root, "promote", "bronze/shop/orders", "--to", "silver").status).toBe(1);
    editSpec(root, "decimal(12,2)", true);
    deliver(root, 1, "part-2.json");
    const again = medallion(root, "promote", "bronze/shop/orders", "--to", "silver");
    expect(again.status, again.stderr).toBe(1); // rows of day 1 are still rejected
    expect(again.stdout).toContain("schema: amount: decimal(10,2) → decimal(12,2), a widening");
    expect(again.stdout).toContain("schema: coupon: string, a new column");
    // Required columns say so, so that a later spec dropping one is stopped.
    expect(await silverColumns(root)).toEqual([
      "order_id string (required)",
      "email string",
      "amount decimal(12,2)",
      "coupon string",
      "created_at timestamp (required)",
      "updated_at timestamp",
      "_bronze_file string",
    ]);
    // Days 2 and 3 were written before the change and stay as they were; a reader sees every row.
    const silver = path.join(root, "silver/shop/orders");
    const [read] = await duck(
      `SELECT count(*) AS n, count(coupon) AS coupons, max(amount) AS top FROM read_parquet('${silver}/**/*.parquet', hive_partitioning = true, union_by_name = true)`,
    );
    expect(read).toEqual({ n: "13", coupons: "0", top: "20.25" });
  }, 120_000);

  it("stops a narrowing in one line naming column, partition and both types, writing nothing; --allow-breaking promotes", async () => {
    const root = shopLake();
    expect(medallion(root, "promote", "bronze/shop/orders", "--to", "silver").status).toBe(1);
    const runs = readdirSync(path.join(root, "_medallion/runs")).sort();
    editSpec(root, "decimal(8,2)", false);
    deliver(root, 2, "part-2.json");
    const refused = medallion(root, "promote", "bronze/shop/orders", "--to", "silver");
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim()).toBe(
      "medallion: silver/shop/orders: column amount changes from decimal(10,2) to decimal(8,2) (a narrowing) in partition year=2024/month=01/day=01 and the others written before: refused (pass --allow-breaking to promote anyway)",
    );
    expect(readdirSync(path.join(root, "_medallion/runs")).sort()).toEqual(runs);
    expect(await silverColumns(root)).toContain("amount decimal(10,2)");

    const forced = medallion(root, "promote", "bronze/shop/orders", "--to", "silver", "--allow-breaking");
    expect(forced.status, forced.stderr).toBe(1);
    expect(forced.stdout).toContain("schema: amount: decimal(10,2) → decimal(8,2), a narrowing — breaking");
    expect(await silverColumns(root)).toContain("amount decimal(8,2)");
  }, 120_000);
});

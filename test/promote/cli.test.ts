import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { shopLake } from "./shop-lake.js";

const cli = path.resolve("dist/commands/medallion.js");
const medallion = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8" });

describe("medallion promote and runs on the command line", () => {
  it("prints the counts and the rules that rejected rows, exit 1 when rows were rejected", () => {
    const root = shopLake();
    const done = medallion(root, "promote", "bronze/shop/orders", "--to", "silver");
    expect(done.status, done.stderr).toBe(1);
    expect(done.stdout).toMatch(/rows in 24 · rejected 9 · deduplicated 3 · out 12/);
    expect(done.stdout).toMatch(
      /rejected by rule: required:order_id 3, rule:positive_amount 3, type:created_at 3/,
    );
    const runs = medallion(root, "runs");
    expect(runs.status).toBe(0);
    expect(runs.stdout).toMatch(/committed\s+silver\/shop\/orders ← bronze\/shop\/orders/);
    const again = medallion(root, "promote", "silver/shop/orders");
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(
      /silver\/shop\/orders is up to date: 3 partitions of bronze\/shop\/orders unchanged/,
    );
  }, 60_000);

  it("fails with one line and exit 2, writing nothing, for read-only, a bad layer, Athena and ingest", () => {
    const root = shopLake();
    for (const args of [
      ["--read-only", "promote", "silver/shop/orders"],
      ["promote", "silver/shop/orders", "--to", "platinum"],
      ["promote", "silver/shop/orders", "--engine", "athena"],
      ["ingest", "raw/", "bronze/shop/orders"],
      ["runs", "resume", "nope"],
    ]) {
      const failed = medallion(root, ...args);
      expect(failed.status, args.join(" ")).toBe(2);
      expect(failed.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    expect(medallion(root, "promote", "silver/shop/orders", "--engine", "athena").stderr).toMatch(
      /the athena engine reads S3 and this lake is .*: promote it with --engine duckdb$/m,
    );
    expect(readdirSync(root).sort()).toEqual(["bronze", "medallion.yaml"]);
  }, 60_000);
});

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalCatalog, localCatalogFile } from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { openLake } from "../../src/lake/index.js";
import { promote } from "../../src/promote/index.js";
import { deliverAgain, fileHashes, folderRows, shopLake } from "./shop-lake.js";

const cli = path.resolve("dist/commands/medallion.js");
const run = (root: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [cli, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });

/** Rows of each silver partition as a catalog reader sees them: the files at the catalog's location. */
async function throughCatalog(root: string): Promise<Map<string, string[]>> {
  const catalog = new LocalCatalog(localCatalogFile({ kind: "local", path: root }));
  const out = new Map<string, string[]>();
  try {
    for await (const page of catalog.listPartitions("silver", "shop_orders")) {
      for (const p of page)
        out.set(p.values.join("/"), existsSync(p.location) ? await folderRows(p.location) : []);
    }
  } finally {
    await catalog.close();
  }
  return out;
}

/** Runs the journals in the lake say are unfinished. */
function unfinished(root: string): { id: string; state: string }[] {
  const folder = path.join(root, "_medallion/runs");
  return readdirSync(folder)
    .filter((name) => name.endsWith(".json")) // step lines are in a folder per run
    .map((name) => JSON.parse(readFileSync(path.join(folder, name), "utf8")) as { id: string; state: string })
    .filter((r) => r.state === "running");
}

/** A lake with silver promoted once, then a second delivery in bronze: the run the test kills. */
async function lakeBeforeSecondRun(): Promise<string> {
  const root = shopLake();
  const lake = openLake(loadConfig({ config: path.join(root, "medallion.yaml") }));
  await promote(lake, "silver/shop/orders");
  await lake.close();
  deliverAgain(root);
  return root;
}

// Journal writes of the second run: stage 1-2, catalog-tables 3-4, catalog-to-staging 5-6, backup 7-8,
// replace of 3 silver + 3 rejects partitions 9-20, catalog-to-hive 21-22, cleanup 23-24, committed 25.
const KILL_POINTS = [1, 2, 4, 6, 8, 9, 12, 16, 20, 21, 23, 24];

describe("a promotion killed at any step of its commit", () => {
  it("shows catalog readers whole partitions, leaves bronze alone, and resumes to the same result", async () => {
    const reference = await lakeBeforeSecondRun();
    const before = await throughCatalog(reference);
    // Exit 1: done, with rows rejected (the first delivery's bad rows are read again).
    expect(run(reference, ["promote", "silver/shop/orders"]).status).toBe(1);
    const after = await throughCatalog(reference);
    const expected = await folderRows(path.join(reference, "silver/shop/orders"));
    expect(expected).toHaveLength(15);

    for (const point of KILL_POINTS) {
      const root = await lakeBeforeSecondRun();
      const bronze = fileHashes(path.join(root, "bronze"));
      const killed = run(root, ["promote", "silver/shop/orders"], {
        MEDALLION_KILL_AT_JOURNAL_WRITE: String(point),
      });
      expect(killed.signal, `point ${point}`).toBe("SIGKILL");

      // Through the catalog, every partition is entirely the old version or entirely the new one.
      for (const [values, rows] of await throughCatalog(root)) {
        const whole = [before.get(values), after.get(values)].some(
          (v) => JSON.stringify(v) === JSON.stringify(rows),
        );
        expect(whole, `point ${point}, partition ${values}: ${rows.join(" ")}`).toBe(true);
        expect(new Set(rows.map((r) => r.split(":")[0])).size, `point ${point}: duplicates`).toBe(
          rows.length,
        );
      }
      expect(fileHashes(path.join(root, "bronze")), `point ${point}: bronze changed`).toEqual(bronze);

      const open = unfinished(root);
      expect(open, `point ${point}`).toHaveLength(1);
      const resumed = run(root, ["runs", "resume", open[0]?.id as string]);
      expect(resumed.status, `point ${point}: ${resumed.stderr}`).toBe(0);

      expect(await folderRows(path.join(root, "silver/shop/orders")), `point ${point}`).toEqual(expected);
      expect(await throughCatalog(root), `point ${point}`).toEqual(
        new Map([...after].map(([k, v]) => [k, v])),
      );
      expect(existsSync(path.join(root, "_medallion/staging")), `point ${point}: staging left`).toBe(false);
      const again = run(root, ["promote", "silver/shop/orders", "--json"]);
      expect(JSON.parse(again.stdout).upToDate, `point ${point}`).toBe(true);
    }
  }, 900_000);

  it("rolls an interrupted run back to the old version, through the catalog and in the folder", async () => {
    const root = await lakeBeforeSecondRun();
    const before = await throughCatalog(root);
    const folder = await folderRows(path.join(root, "silver/shop/orders"));
    expect(
      run(root, ["promote", "silver/shop/orders"], { MEDALLION_KILL_AT_JOURNAL_WRITE: "13" }).signal,
    ).toBe("SIGKILL");
    const open = JSON.parse(run(root, ["runs", "--json"]).stdout) as { id: string; state: string }[];
    const id = open.find((r) => r.state === "running")?.id as string;
    const rolled = run(root, ["runs", "rollback", id]);
    expect(rolled.status, rolled.stderr).toBe(0);
    expect(rolled.stdout).toMatch(/rolled-back/);
    expect(await throughCatalog(root)).toEqual(before);
    expect(await folderRows(path.join(root, "silver/shop/orders"))).toEqual(folder);
    expect(existsSync(path.join(root, "_medallion/staging"))).toBe(false);
    // The second delivery is still new to the next run.
    const next = JSON.parse(run(root, ["promote", "silver/shop/orders", "--json"]).stdout);
    expect(next.inputs).toBe(3);
  }, 120_000);
});

import { randomUUID } from "node:crypto";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { GlueCatalog } from "../../src/catalog/glue-catalog.js";
import { createGlueClient } from "../../src/catalog/glue-client.js";
import type { Catalog } from "../../src/catalog/index.js";
import { LocalCatalog } from "../../src/catalog/index.js";
import { applySync } from "../../src/sync/apply.js";
import { diffPartitions } from "../../src/sync/diff.js";
import { planSync } from "../../src/sync/plan.js";
import { resultLines } from "../../src/sync/report.js";
import type { SyncPlan } from "../../src/sync/types.js";
import { allPartitions, tempDir } from "../catalog/helpers.js";
import { folder, ORDERS, ORDERS_TABLE } from "./fixtures.js";

/** The plan every run makes from the same lake before either applies: add `count` partitions. */
function planOf(count: number, database: string, kind: "glue" | "local"): SyncPlan {
  const storage = Array.from({ length: count }, (_, i) => {
    const month = String(i).padStart(5, "0");
    return folder(`year=2024/month=${month}`, ["2024", month]);
  });
  const table = { ...ORDERS, database };
  const diff = diffPartitions({ table, catalogTable: { ...ORDERS_TABLE, database }, storage, catalog: [] });
  return planSync(diff, { catalogKind: kind });
}

/** Two runs apply the same plan at once, each through its own catalog connection or client. */
async function twoAtOnce(first: Catalog, second: Catalog, plan: SyncPlan) {
  const results = await Promise.all([applySync(first, plan), applySync(second, plan)]);
  return {
    results,
    added: results.reduce((n, r) => n + r.added, 0),
    alreadyThere: results.reduce((n, r) => n + r.alreadyThere, 0),
  };
}

describe("two syncs of the same plan at once", () => {
  it("on the local catalog: together they add each partition once; the rest is reported as already there", async () => {
    const file = path.join(tempDir("concurrent"), "catalog.sqlite");
    const [first, second] = [new LocalCatalog(file, { batchSize: 2_000 }), new LocalCatalog(file)];
    await first.ensureDatabase(ORDERS.database);
    await first.putTable(ORDERS_TABLE);
    const plan = planOf(20_000, ORDERS.database, "local");

    const { results, added, alreadyThere } = await twoAtOnce(first, second, plan);
    expect(added).toBe(20_000);
    expect(alreadyThere).toBe(20_000);
    for (const r of results) expect(r.failed).toEqual([]);
    expect(await allPartitions(first, ORDERS.database, ORDERS.name)).toHaveLength(20_000);
    // Each run's line says what it changed, never "added 20,000" twice.
    const lines = results.flatMap((r) => resultLines([r]));
    expect(lines.filter((l) => l.includes("added 20,000"))).toHaveLength(
      results.filter((r) => r.added === 20_000).length,
    );
    for (const [i, r] of results.entries()) {
      if (r.alreadyThere > 0)
        expect(lines[i]).toContain(`${r.alreadyThere.toLocaleString("en-US")} already there`);
    }
    await Promise.all([first.close(), second.close()]);
  });

  it("on Glue (moto): AlreadyExists is counted as already there, not as added", async () => {
    const endpoint = inject("motoEndpoint");
    const client = () =>
      new GlueCatalog(createGlueClient({ region: "us-east-1", endpointUrl: endpoint }), { where: endpoint });
    const database = `db_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
    const [first, second] = [client(), client()];
    await first.ensureDatabase(database);
    await first.putTable({ ...ORDERS_TABLE, database });
    const plan = planOf(450, database, "glue");

    const { results, added, alreadyThere } = await twoAtOnce(first, second, plan);
    expect(added).toBe(450);
    expect(alreadyThere).toBe(450);
    for (const r of results) expect(r.failed).toEqual([]);
    expect(await allPartitions(first, database, ORDERS.name)).toHaveLength(450);
  });

  it("a drop another run already made is reported as already gone", async () => {
    const file = path.join(tempDir("concurrent"), "catalog.sqlite");
    const catalog = new LocalCatalog(file);
    await catalog.ensureDatabase(ORDERS.database);
    await catalog.putTable(ORDERS_TABLE);
    const plan = planOf(3, ORDERS.database, "local");
    await applySync(catalog, plan);
    const drop: SyncPlan = { ...plan, adds: [], drops: plan.adds.map((p) => p.values) };
    const [one, two] = [await applySync(catalog, drop), await applySync(catalog, drop)];
    expect([one.dropped, one.alreadyGone]).toEqual([3, 0]);
    expect([two.dropped, two.alreadyGone]).toEqual([0, 3]);
    expect(resultLines([two])).toEqual(["silver/sales/orders: nothing changed: 3 already gone"]);
    await catalog.close();
  });
});

import { describe, expect, it } from "vitest";
import { LOCAL_BATCH_SIZE } from "../../src/catalog/index.js";
import { diffPartitions } from "../../src/sync/diff.js";
import { callsFor, isEmptyPlan, LOCAL_BATCH, planSync } from "../../src/sync/plan.js";
import { folder, ORDERS, ORDERS_TABLE, registered } from "./fixtures.js";

const base = "s3://lake/silver/sales/orders";

function months(n: number, year = "2024") {
  return Array.from({ length: n }, (_, i) => String(i).padStart(4, "0")).map((m) => ({ year, m }));
}

describe("planSync", () => {
  const diff = diffPartitions({
    table: ORDERS,
    catalogTable: ORDERS_TABLE,
    storage: [
      ...months(250).map(({ year, m }) => folder(`year=${year}/month=${m}`, [year, m])),
      folder("year=2024/month=moved", ["2024", "moved"]),
    ],
    catalog: [
      ...months(30, "2019").map(({ year, m }) => registered([year, m], `${base}/year=${year}/month=${m}`)),
      registered(["2024", "moved"], "s3://elsewhere/x"),
    ],
  });

  it("keeps stale partitions unless dropping them was asked for", () => {
    const plan = planSync(diff, { catalogKind: "glue" });
    expect(plan.adds).toHaveLength(250);
    expect(plan.updates).toEqual([
      { values: ["2024", "moved"], location: `${base}/year=2024/month=moved/`, format: "parquet" },
    ]);
    expect(plan.drops).toEqual([]);
    expect(plan.staleKept).toBe(30);
    expect(plan.calls).toBe(3 + 1);
  });

  it("drops stale partitions when asked, in Glue batches of 25", () => {
    const plan = planSync(diff, { catalogKind: "glue", dropStale: true });
    expect(plan.drops).toHaveLength(30);
    expect(plan.calls).toBe(3 + 1 + 2);
  });

  it("adds partitions with their storage location and the table's format", () => {
    const plan = planSync(diff, { catalogKind: "glue" });
    expect(plan.adds[0]).toEqual({
      values: ["2024", "0000"],
      location: `${base}/year=2024/month=0000/`,
      format: "parquet",
    });
  });

  it("registers the table first when the catalog does not have it", () => {
    const unregistered = diffPartitions({
      table: ORDERS,
      storage: [folder("year=2024/month=01", ["2024", "01"])],
      catalog: [],
    });
    const plan = planSync(unregistered, { catalogKind: "glue" });
    expect(plan.registerTable).toBe(true);
    expect(plan.calls).toBe(2);
  });

  it("is empty when storage and catalog agree", () => {
    const same = diffPartitions({
      table: ORDERS,
      catalogTable: ORDERS_TABLE,
      storage: [folder("year=2024/month=01", ["2024", "01"])],
      catalog: [registered(["2024", "01"], `${base}/year=2024/month=01`)],
    });
    expect(isEmptyPlan(planSync(same, { catalogKind: "glue", dropStale: true }))).toBe(true);
  });
});

describe("callsFor", () => {
  it("needs ⌈adds/100⌉ + ⌈drops/25⌉ + ⌈updates/100⌉ Glue calls", () => {
    expect(callsFor("glue", { adds: 100_000, drops: 26, updates: 101 })).toBe(1000 + 2 + 2);
    expect(callsFor("glue", { adds: 0, drops: 0, updates: 0 })).toBe(0);
  });

  it("needs one call per 5,000 partitions and operation on the local catalog, its transaction size", () => {
    expect(LOCAL_BATCH).toBe(LOCAL_BATCH_SIZE);
    expect(callsFor("local", { adds: 100_000, drops: 26, updates: 0 })).toBe(20 + 1);
  });
});

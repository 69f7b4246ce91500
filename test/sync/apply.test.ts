import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Catalog, CatalogPartition } from "../../src/catalog/index.js";
import { LocalCatalog } from "../../src/catalog/index.js";
import { ReadOnlyError } from "../../src/errors.js";
import { readOnlyCatalog } from "../../src/govern/index.js";
import { applySync } from "../../src/sync/apply.js";
import { diffPartitions, isInSync } from "../../src/sync/diff.js";
import { planSync } from "../../src/sync/plan.js";
import type { SyncProgress } from "../../src/sync/types.js";
import { folder, ORDERS, ORDERS_TABLE, registered } from "./fixtures.js";

const base = "s3://lake/silver/sales/orders";
const storage = Array.from({ length: 12_000 }, (_, i) => {
  const month = String(i).padStart(5, "0");
  return folder(`year=2024/month=${month}`, ["2024", month]);
});

async function listAll(catalog: Catalog): Promise<CatalogPartition[]> {
  const all: CatalogPartition[] = [];
  for await (const page of catalog.listPartitions(ORDERS.database, ORDERS.name)) all.push(...page);
  return all;
}

async function diffNow(catalog: Catalog) {
  return diffPartitions({
    table: ORDERS,
    catalogTable: ORDERS_TABLE,
    storage,
    catalog: await listAll(catalog),
  });
}

/** The real local catalog, except that its n-th addPartitions call dies (a lost connection, a killed process). */
function failingOnAdd(catalog: Catalog, failing: number): Catalog {
  let n = 0;
  return new Proxy(catalog, {
    get(target, prop, receiver) {
      if (prop === "addPartitions") {
        return (...args: Parameters<Catalog["addPartitions"]>) => {
          n++;
          if (n === failing) return Promise.reject(new Error("connection reset by peer"));
          return target.addPartitions(...args);
        };
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("applySync on the local catalog", () => {
  let catalog: LocalCatalog;
  beforeEach(async () => {
    catalog = new LocalCatalog(
      path.join(mkdtempSync(path.join(tmpdir(), "medallion-sync-")), "catalog.sqlite"),
    );
    await catalog.ensureDatabase(ORDERS.database);
    await catalog.putTable(ORDERS_TABLE);
  });
  afterEach(async () => {
    await catalog.close();
  });

  it("lists every partition of a failed batch, goes on with the rest, and a re-run ends in sync", async () => {
    await catalog.addPartitions(ORDERS.database, ORDERS.name, [
      registered(["2019", "01"], `${base}/year=2019/month=01`),
    ]);
    const plan = planSync(await diffNow(catalog), { catalogKind: "local", dropStale: true });
    expect(plan.adds).toHaveLength(12_000);
    expect(plan.drops).toEqual([["2019", "01"]]);

    const first = await applySync(failingOnAdd(catalog, 2), plan);
    expect(first.added).toBe(7_000);
    expect(first.dropped).toBe(1);
    expect(first.failed).toHaveLength(5_000);
    expect(first.failed[0]).toEqual({
      phase: "add",
      values: ["2024", "05000"],
      message: "connection reset by peer",
    });

    const again = planSync(await diffNow(catalog), { catalogKind: "local", dropStale: true });
    expect(again.adds).toHaveLength(5_000);
    const second = await applySync(catalog, again);
    expect(second.failed).toEqual([]);
    expect(isInSync(await diffNow(catalog))).toBe(true);
  });

  it("reports progress across the whole plan, ending at the total", async () => {
    const plan = planSync(await diffNow(catalog), { catalogKind: "local" });
    const seen: SyncProgress[] = [];
    await applySync(catalog, plan, { onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ phase: "add", done: 12_000, total: 12_000 });
    expect(seen.map((p) => p.done)).toEqual([...seen.map((p) => p.done)].sort((a, b) => a - b));
  });

  it("registers the table first when the plan says so, then adds", async () => {
    const fresh = { ...ORDERS, name: "sales_orders_new" };
    const diff = diffPartitions({ table: fresh, storage: storage.slice(0, 3), catalog: [] });
    const plan = planSync(diff, { catalogKind: "local" });
    const result = await applySync(catalog, plan, {
      registerTable: () => catalog.putTable({ ...ORDERS_TABLE, name: fresh.name }),
    });
    expect(result).toMatchObject({ registered: true, added: 3, failed: [] });
  });

  it("refuses in read-only mode with one line, and writes nothing", async () => {
    const plan = planSync(await diffNow(catalog), { catalogKind: "local" });
    await expect(applySync(readOnlyCatalog(catalog), plan)).rejects.toBeInstanceOf(ReadOnlyError);
    expect(await listAll(catalog)).toEqual([]);
  });
});

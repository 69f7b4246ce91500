import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { syncSource, syncSourceFor } from "../../../components/sync/index.js";
import type { Catalog } from "../../../src/catalog/catalog.js";
import { loadConfig } from "../../../src/config/index.js";
import { type Lake, openLake } from "../../../src/lake/index.js";
import { lakeOnDisk, ORDERS_YAML, order } from "../lake-fixture.js";
import { KEYS, renderSyncApp } from "./render-sync-app.js";

const files = {
  "bronze/sales/orders/year=2023/month=12/part-0.json": order(0),
  "bronze/sales/orders/year=2024/month=01/part-0.json": order(1),
  "bronze/sales/orders/year=2024/month=02/part-0.json": order(2),
  "bronze/sales/orders/year=2024/month=03/part-0.json": order(3),
  "bronze/sales/orders/year=2024/month=12/part-0.json": order(4),
};

let lakes: Lake[] = [];
afterEach(async () => {
  cleanup();
  for (const lake of lakes) await lake.close();
  lakes = [];
});

function diskLake(): Lake {
  const { dir } = lakeOnDisk(ORDERS_YAML, files);
  const lake = openLake(loadConfig({}, dir));
  lakes.push(lake);
  return lake;
}

const diffOf = (path: string) => ({ start: { screen: "diff", params: { path } } });

/** Partition rows of the diff's grid, in the order drawn. */
const partitionRows = (frame: string) => frame.match(/year=\d{4}\/month=\d{2}/g) ?? [];

describe("the diff screen's / filter", () => {
  it("narrows the partitions as each character is typed; Enter keeps the filter, Esc clears it", async () => {
    const app = renderSyncApp(syncSourceFor(diskLake()), diffOf("bronze/sales/orders"));
    let frame = await app.waitForText("5 to add");
    expect(partitionRows(frame)).toHaveLength(5);

    await app.press("/", "2");
    frame = await app.waitForText("/2▏");
    // Every partition holds a 2 (2023, 2024): nothing narrowed yet.
    expect(partitionRows(frame)).toHaveLength(5);
    await app.press("0", "2", "4");
    frame = await app.waitForText("/2024▏");
    expect(partitionRows(frame)).toEqual([
      "year=2024/month=01",
      "year=2024/month=02",
      "year=2024/month=03",
      "year=2024/month=12",
    ]);
    // Backspace widens again; "=12" then keeps the December partitions of both years.
    await app.press(KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace);
    frame = await app.waitFor((f) => f.includes("/▏") && partitionRows(f).length === 5, "the filter emptied");
    await app.press("=", "1", "2");
    frame = await app.waitForText("/=12▏");
    expect(partitionRows(frame)).toEqual(["year=2023/month=12", "year=2024/month=12"]);

    await app.press(KEYS.enter);
    frame = await app.waitFor((f) => f.includes("/=12") && !f.includes("▏"), "the filter kept");
    expect(partitionRows(frame)).toEqual(["year=2023/month=12", "year=2024/month=12"]);

    await app.press("/", "x");
    frame = await app.waitForText("nothing matches the filter");
    expect(partitionRows(frame)).toEqual([]);
    await app.press(KEYS.esc);
    frame = await app.waitFor((f) => partitionRows(f).length === 5, "every partition back");
    expect(frame).not.toContain("nothing matches the filter");
  });
});

/** A gate the test opens: the catalog's add waits on it. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** The lake's real catalog, but adds report 2 partitions done and then wait until the gate opens. */
function slowCatalog(real: Catalog, opened: Promise<void>): Catalog {
  return new Proxy(real, {
    get(target, prop) {
      if (prop === "addPartitions") {
        const add: Catalog["addPartitions"] = async (database, table, partitions, onProgress) => {
          onProgress?.({ done: Math.min(2, partitions.length), total: partitions.length });
          await opened;
          return target.addPartitions(database, table, partitions, onProgress);
        };
        return add;
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("the diff screen's sync progress", () => {
  it("shows Syncing… with a count while a slow catalog works, then the result", async () => {
    const lake = diskLake();
    const { open, opened } = gate();
    const catalog = slowCatalog(await lake.catalog(), opened);
    const slowLake = new Proxy(lake, {
      get(target, prop) {
        if (prop === "catalog") return async () => catalog;
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const source = syncSource(async () => slowLake, { catalogKind: "local", readOnly: false });
    const app = renderSyncApp(source, diffOf("bronze/sales/orders"));
    await app.waitForText("5 to add");
    await app.press("s");
    await app.waitForText("Sync the local catalog?");
    await app.press("y");
    let frame = await app.waitForText("adding 2 / 5");
    expect(frame).toContain("Syncing…");
    expect(frame).not.toContain("Sync done");
    // While it runs, keys do nothing: the sync is not interrupted half-way.
    await app.press(KEYS.esc, "s");
    expect(app.frame()).toContain("Syncing…");

    open();
    frame = await app.waitForText("Sync done");
    expect(frame).toContain("bronze/sales/orders: registered, added 5");
    expect(frame).not.toContain("Syncing…");
  });
});

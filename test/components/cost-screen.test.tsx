// The cost screen on a real local lake: `c` in the browser and `:cost` in the palette, the drill-down by
// layer → table → storage class, the lifecycle what-if, and a long scan's progress and Esc.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanup } from "ink-testing-library";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { lakeSource } from "../../components/lake-source.js";
import { loadConfig } from "../../src/config/index.js";
import { openLake } from "../../src/lake/index.js";
import type { ObjectStore } from "../../src/storage/object-store.js";
import { KEYS, renderApp } from "./render-app.js";
import { sparseFile } from "./sparse-file.js";

const GiB = 2 ** 30;
let dir: string;

const object = (key: string, bytes: number, days: number) => sparseFile(dir, key, bytes, days);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "cost-screen-"));
  object("bronze/sales/orders/year=2026/month=01/day=01/part-0.json", 50 * GiB, 200);
  object("bronze/sales/orders/year=2026/month=01/day=02/part-0.json", 50 * GiB, 199);
  object("silver/sales/orders/year=2026/month=01/day=01/part-0.parquet", 10 * GiB, 200);
  object("gold/sales/daily_revenue/year=2026/month=01/part-0.parquet", 1024 * 1024, 1);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => cleanup());

const config = () => loadConfig({ lake: dir, region: "us-east-1" }, dir);

describe("the cost screen", () => {
  it("opens with c on the browser: $/month by layer, drills into a table's storage classes, and back", async () => {
    const app = renderApp({ source: lakeSource(config()), size: { width: 80, height: 24 } });
    await app.waitForText("bronze");
    await app.press("c");
    // 110 GiB + 1 MiB of STANDARD at $0.023/GiB: $2.53; bronze's 100 GiB $2.30, silver's 10 GiB $0.23.
    let frame = await app.waitForText("$2.53/month");
    expect(frame).toContain("by layer");
    expect(frame).toMatch(/bronze\s+2\s+100 GiB\s+100 GiB\s+\$2\.30/);
    expect(frame).toMatch(/silver\s+1\s+10.0 GiB\s+10.0 GiB\s+\$0\.23/);
    // The what-if headline, as `medallion lifecycle plan` words it: bronze to DEEP_ARCHIVE after 120 days
    // ($0.099), silver to STANDARD_IA ($0.125), gold stays: $0.22, saving $2.31 (91%).
    expect(frame).toContain("now $2.53/month → with the policy $0.22/month: saves $2.31/month (91%)");
    await app.press(KEYS.enter);
    frame = await app.waitForText("bronze by table");
    expect(frame).toMatch(/bronze\/sales\/orders\s+2\s+100 GiB\s+100 GiB\s+\$2\.30\s+100%/);
    await app.press(KEYS.enter);
    frame = await app.waitForText("bronze/sales/orders by storage class");
    expect(frame).toMatch(/STANDARD\s+2\s+100 GiB/);
    await app.press(KEYS.esc);
    await app.waitForText("bronze by table");
    await app.press(KEYS.esc);
    await app.waitForText("by layer");
    await app.press(KEYS.tab);
    frame = await app.waitForText("lifecycle what-if");
    expect(frame).toContain("bronze: 2 objects, 100 GiB STANDARD → DEEP_ARCHIVE");
    expect(frame).toContain("silver: 1 object, 10.0 GiB STANDARD → STANDARD_IA");
    await app.press(KEYS.esc, KEYS.esc);
    await app.waitFor((f) => !f.includes("Cost ·") && f.includes("bronze"), "the browser again");
  });

  it("opens from the palette on a layer, by table", async () => {
    const app = renderApp({ source: lakeSource(config()) });
    await app.waitForText("bronze");
    await app.press(":", ..."cost silver", KEYS.enter);
    const frame = await app.waitForText("$0.23/month");
    expect(frame).toContain("silver · by table");
    expect(frame).toMatch(/silver\/sales\/orders\s+1\s+10.0 GiB/);
    expect(frame).not.toContain("bronze/sales/orders");
  });

  it("shows a long scan's progress and cancels it with Esc, the screen answering meanwhile", async () => {
    const lake = openLake(config());
    const real = lake.store;
    // A slow bucket: every listing gives one page, then never another.
    const stalled: ObjectStore = Object.create(real);
    stalled.list = (prefix, options) => ({
      async *[Symbol.asyncIterator]() {
        for await (const page of real.list(prefix, options)) {
          yield page;
          await new Promise(() => {});
        }
      },
    });
    Object.defineProperty(lake, "store", { value: stalled });
    const app = renderApp({ source: { ...lakeSource(config()), lake: async () => lake } });
    await app.waitForText("bronze");
    await app.press("c");
    // The first page's progress: the root listed, its layers found, nothing below them yet.
    await app.waitForText("listed 0 objects, 0 B (0/1 prefixes) · Esc cancels");
    await app.press("?");
    await app.waitForText("cancel scan");
    await app.press("x");
    await app.press(KEYS.esc);
    const frame = await app.waitForText("scan cancelled after");
    expect(frame).toContain("r scans again");
    await app.press(KEYS.esc);
    await app.waitFor((f) => !f.includes("Cost ·"), "the browser again");
  });
});

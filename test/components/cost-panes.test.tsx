// The cost screen's other lines and panes on a real local lake: growth from earlier scans' snapshots,
// Glue and Athena as `medallion cost` prints them, and the small-file hot spots, within 80×24.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanup } from "ink-testing-library";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { lakeSource } from "../../components/lake-source.js";
import { loadConfig } from "../../src/config/index.js";
import { saveSnapshot } from "../../src/cost/index.js";
import { openLake } from "../../src/lake/index.js";
import { KEYS, renderApp } from "./render-app.js";
import { sparseFile } from "./sparse-file.js";

const GiB = 2 ** 30;
const dir = mkdtempSync(path.join(tmpdir(), "cost-panes-"));

const object = (key: string, bytes: number, days: number) => sparseFile(dir, key, bytes, days);

const config = () => loadConfig({ lake: dir, region: "us-east-1" }, dir);

beforeAll(async () => {
  object("bronze/sales/orders/year=2026/month=01/day=01/part-0.json", 100 * GiB, 200);
  // A table of small files: 40 KiB each, under S3's 128 KiB minimum for the IA classes.
  for (const day of [1, 2, 3]) {
    object(`silver/sales/customers/year=2026/month=01/day=0${day}/part-0.parquet`, 40 * 1024, 200 - day);
  }
  // Two earlier scans of the whole lake, a month apart: 50 GiB, then 80 GiB.
  const lake = openLake(config());
  for (const [scannedAt, bytes] of [
    ["2025-11-01T10:00:00.000Z", 50 * GiB],
    ["2025-12-01T10:00:00.000Z", 80 * GiB],
  ] as const) {
    const monthly = (bytes / GiB) * 0.023;
    await saveSnapshot(lake.store, {
      scannedAt,
      scope: "",
      source: "listing",
      objects: 1,
      bytes,
      monthly,
      rows: [],
    });
  }
  await lake.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => cleanup());

describe("the cost screen's growth, services and small files", () => {
  it("shows growth from the snapshots, Glue and Athena lines, and Tab Tab the small-file hot spots", async () => {
    const app = renderApp({ source: lakeSource(config()), size: { width: 80, height: 24 } });
    await app.waitForText("bronze");
    await app.press("c");
    let frame = await app.waitForText("/month →");
    // This scan keeps the third snapshot: 50 GiB → 80 GiB → 100 GiB, drawn low to high.
    expect(frame).toMatch(/growth ▁▅█ 3 snapshots 2025-11-01 → \d{4}-\d\d-\d\d: 50\.0 GiB → 100 GiB/);
    expect(frame).toContain("Glue: not used: the catalog is embedded (local)");
    expect(frame).toContain("Athena: not used: a local lake is queried with DuckDB");
    expect(frame).toMatch(/^bronze\s+1\s+100 GiB/m);
    for (const line of frame.split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    await app.press(KEYS.tab);
    await app.waitForText("· lifecycle what-if");
    await app.press(KEYS.tab);
    frame = await app.waitForText("· small files");
    expect(frame).toContain("Small files (each is a GET per query, and IA/Glacier bill minimums):");
    expect(frame).toMatch(/silver\/\S*customers\s+3\s+3\s+3\s/);
    for (const line of frame.split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    await app.press(KEYS.tab);
    await app.waitForText("· by layer");
  });
});

import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { breakdown, priceTable, rollup, scanCost } from "../../src/cost/index.js";
import { openLake } from "../../src/lake/index.js";
import { cli } from "../preview/_cli.js";
import { type CostFixture, costFixture, FIXTURE, NONCURRENT_BYTES, UPLOAD_PART_BYTES } from "./_fixture.js";

const endpoint = inject("motoEndpoint");
const KiB = 1024;
const GiB = 1024 ** 3;

// Prices where 128 KiB at STANDARD_IA is exactly $1.00, so every figure shows in cents.
const BIG_PRICES = `prices:
  standard: [8192, 8192, 8192]
  storage: { STANDARD_IA: 8192, ONEZONE_IA: 4096, GLACIER_IR: 2048, GLACIER: 1024, DEEP_ARCHIVE: 512 }
  monitoringPer1000: 1000
`;

// Hand-computed, object by object, at BIG_PRICES ($ per KiB-month = rate / 1,048,576):
const BY_KEY: Record<string, { billable: number; monthly: number }> = {
  // 1 KiB in STANDARD_IA bills 128 KiB: 128 × 8192 / 2^20
  "bronze/sales/orders/year=2024/month=01/day=01/part-0.json": { billable: 128 * KiB, monthly: 1 },
  // 2 KiB in GLACIER: (2 + 32) KiB at 1024, 8 KiB at 8192
  "bronze/sales/orders/year=2024/month=01/day=02/part-0.json": {
    billable: 42 * KiB,
    monthly: 34 / 1024 + 8 / 128,
  },
  // 3 KiB in DEEP_ARCHIVE: (3 + 32) KiB at 512, 8 KiB at 8192
  "bronze/sales/orders/year=2024/month=01/day=03/part-0.json": {
    billable: 43 * KiB,
    monthly: 35 / 2048 + 8 / 128,
  },
  // 300 KiB in GLACIER_IR (over the 128 KiB minimum): 300 × 2048 / 2^20
  "silver/sales/orders/year=2024/month=01/part-0.parquet": { billable: 300 * KiB, monthly: 300 / 512 },
  // 10 KiB in ONEZONE_IA bills 128 KiB at 4096
  "silver/sales/orders/year=2024/month=01/part-1.parquet": { billable: 128 * KiB, monthly: 0.5 },
  // 200 KiB in INTELLIGENT_TIERING: frequent tier at 8192, plus $1 monitoring (over 128 KiB)
  "gold/sales/daily/part-0.parquet": { billable: 200 * KiB, monthly: 200 / 128 + 1 },
  // 64 KiB in STANDARD
  "gold/sales/daily/part-1.parquet": { billable: 64 * KiB, monthly: 0.5 },
};
const TOTAL = Object.values(BY_KEY).reduce((s, v) => s + v.monthly, 0); // $5.32373046875

let fx: CostFixture;

beforeAll(async () => {
  // The CLI runs from dist/ (`npm run build` first, as `npm test` does).
  fx = await costFixture(endpoint);
}, 120_000);

function medallion(args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd: fx.dir,
    encoding: "utf8",
    env: { ...process.env, MEDALLION_CONFIG: "", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

async function scanJson(inventory?: string) {
  fx.writeConfig(BIG_PRICES);
  const config = loadConfig({}, fx.dir);
  const lake = openLake(config);
  const scan = await scanCost(lake, { inventory });
  return { scan, result: breakdown(scan.aggregate, priceTable(config.region, config.prices)) };
}

describe("cost scan on moto: tiny objects in IA and Glacier classes", () => {
  for (const source of ["listing", "CSV", "Parquet"] as const) {
    it(`prices every object to the cent from ${source === "listing" ? "a live listing" : `an S3 Inventory ${source} report`}`, async () => {
      const inventory = source === "listing" ? undefined : await fx.inventoryReport(source);
      const { scan, result } = await scanJson(inventory);
      expect(scan.source).toBe(source === "listing" ? "listing" : "inventory");
      expect(result.total.objects).toBe(FIXTURE.length);
      expect(result.total.bytes).toBe(FIXTURE.reduce((s, [, size]) => s + size, 0));
      expect(result.total.billableBytes).toBe(Object.values(BY_KEY).reduce((s, v) => s + v.billable, 0));
      expect(result.total.monthly).toBeCloseTo(TOTAL, 10);
      expect(result.total.monthly.toFixed(2)).toBe("5.32");
      const layers = Object.fromEntries(rollup(result.rows, "layer").map((r) => [r.name, r.monthly]));
      expect(layers.bronze).toBeCloseTo(1 + 34 / 1024 + 8 / 128 + 35 / 2048 + 8 / 128, 10);
      expect(layers.silver).toBeCloseTo(300 / 512 + 0.5, 10);
      expect(layers.gold).toBeCloseTo(200 / 128 + 1 + 0.5, 10);
      for (const [key, , storageClass] of FIXTURE) {
        const parts = key.split("/");
        const rows = result.rows.filter(
          (r) => r.layer === parts[0] && r.table === parts[2] && r.storageClass === storageClass,
        );
        expect(rows).toHaveLength(1);
        expect(rows[0]?.monthly).toBeCloseTo(BY_KEY[key]?.monthly ?? -1, 10);
        expect(rows[0]?.billableBytes).toBe(BY_KEY[key]?.billable);
      }
      // The noncurrent first version of gold/sales/daily/part-1 (32 KiB at 8192) and the part of the upload
      // never completed (1 MiB at 8192).
      expect(result.noncurrent?.objects).toBe(1);
      expect(result.noncurrent?.bytes).toBe(NONCURRENT_BYTES);
      expect(result.noncurrent?.monthly).toBeCloseTo(0.25, 10);
      expect(result.uploads).toEqual({ uploads: 1, parts: 1, bytes: UPLOAD_PART_BYTES, monthly: 8 });
      // Small files: the bronze table's three are under 128 KiB; their minimums and overhead cost
      // (1 − 1/128) + (32/1024 + 8/128) + (32/2048 + 8/128) a month.
      const bronze = result.smallFiles.find((s) => s.table === "bronze/sales/orders");
      expect(bronze?.under128KiB.objects).toBe(3);
      expect(bronze?.minimumSizeMonthly).toBeCloseTo(
        1 - 1 / 128 + 32 / 1024 + 8 / 128 + 32 / 2048 + 8 / 128,
        10,
      );
    });
  }

  it("prices the same fixture at us-east-1's real rates as computed by hand", async () => {
    fx.writeConfig();
    const config = loadConfig({}, fx.dir);
    const scan = await scanCost(openLake(config));
    const result = breakdown(scan.aggregate, priceTable("us-east-1"));
    const expected =
      ((128 * KiB) / GiB) * 0.0125 + // STANDARD_IA, 128 KiB minimum
      ((34 * KiB) / GiB) * 0.0036 + // GLACIER, + 32 KiB
      ((35 * KiB) / GiB) * 0.00099 + // DEEP_ARCHIVE, + 32 KiB
      ((300 * KiB) / GiB) * 0.004 + // GLACIER_IR
      ((128 * KiB) / GiB) * 0.01 + // ONEZONE_IA, 128 KiB minimum
      ((200 * KiB) / GiB) * 0.023 +
      0.0025 / 1000 + // INTELLIGENT_TIERING, monitored
      ((64 * KiB + 16 * KiB) / GiB) * 0.023; // STANDARD, and the two archived objects' 8 KiB
    expect(result.total.monthly).toBeCloseTo(expected, 12);
    expect(result.noncurrent?.monthly).toBeCloseTo((NONCURRENT_BYTES / GiB) * 0.023, 12);
    expect(result.uploads?.monthly).toBeCloseTo((UPLOAD_PART_BYTES / GiB) * 0.023, 12);
  });

  it("medallion cost prints the totals in cents, by layer and class, with uploads and noncurrent versions", () => {
    fx.writeConfig(BIG_PRICES);
    const { code, stdout, stderr } = medallion(["cost"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("$5.32/month for 7 objects");
    expect(stdout).toMatch(/^gold\s+2\s+264 KiB\s+264 KiB\s+\$3\.06\s+58%/m);
    expect(stdout).toMatch(/^bronze\s+3\s+6\.0 KiB\s+213 KiB\s+\$1\.18\s/m);
    expect(stdout).toMatch(/^STANDARD_IA\s+1\s+1\.0 KiB\s+128 KiB\s+\$1\.00\s/m);
    expect(stdout).toContain("incomplete multipart uploads: 1 upload, 1 part, 1.0 MiB = $8.00/month");
    expect(stdout).toContain("noncurrent versions: 1 version, 32.0 KiB, 0 delete markers = $0.25/month");
  });

  it("medallion cost --json on a table, and a path that names nothing exits 2", () => {
    fx.writeConfig(BIG_PRICES);
    const json = JSON.parse(medallion(["cost", "silver/sales/orders", "--json"]).stdout);
    expect(json.scope).toBe("silver/sales/orders/");
    expect(json.total.objects).toBe(2);
    expect(json.total.monthly).toBeCloseTo(300 / 512 + 0.5, 10);
    expect(json.byClass.map((r: { name: string }) => r.name)).toEqual(["GLACIER_IR", "ONEZONE_IA"]);
    const missing = medallion(["cost", "silver/nope"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/silver\/nope` names nothing/);
    const bad = medallion(["cost", "--by", "owner"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--by owner: expected one of layer, table, class, tenant");
  });
});

import { describe, expect, it } from "vitest";
import {
  athenaQueryCost,
  bandedCost,
  earlyDeletionCost,
  glueMonthlyCost,
  monthlyStorageCosts,
  objectBilling,
  requestCost,
  transitionCost,
} from "../../src/cost/price-model.js";
import { priceTable } from "../../src/cost/price-table.js";
import { GiB, KiB, MiB, PRICE_TABLES, STORAGE_CLASSES, TiB } from "../../src/cost/prices.js";

const us = priceTable("us-east-1");

describe("price tables", () => {
  it("has a dated, sourced table for each of the five regions, flagging what is not verified", () => {
    for (const region of ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1"]) {
      const t = PRICE_TABLES[region];
      expect(t?.region).toBe(region);
      expect(t?.source.length).toBeGreaterThan(10);
      expect(t?.asOf).toMatch(/^\d{4}-\d{2}/);
      for (const c of STORAGE_CLASSES) expect(t?.requests[c].put).toBeGreaterThan(0);
    }
    expect(PRICE_TABLES["us-east-1"]?.verified).toBe(true);
    expect(PRICE_TABLES["eu-central-1"]?.verified).toBe(false);
  });

  it("falls back to us-east-1's figures for a region it has no table for, and says so", () => {
    const t = priceTable("sa-east-1");
    expect(t.region).toBe("sa-east-1");
    expect(t.verified).toBe(false);
    expect(t.source).toContain("no table for sa-east-1");
    expect(t.storage.GLACIER_IR).toBe(0.004);
  });

  it("takes medallion.yaml overrides figure by figure", () => {
    const t = priceTable("eu-west-1", {
      storage: { STANDARD_IA: 0.02 },
      standard: [0.03, 0.02, 0.01],
      athenaPerTB: 6,
    });
    expect(t.storage.STANDARD_IA).toBe(0.02);
    expect(t.storage.GLACIER).toBe(0.0036);
    expect(t.standardBands.map((b) => b.perGiBMonth)).toEqual([0.03, 0.02, 0.01]);
    expect(t.athena.perTiB).toBe(6);
    expect(t.source).toContain("overrides");
    expect(priceTable(undefined, { region: "eu-central-1" }).standardBands[0]?.perGiBMonth).toBe(0.0245);
  });
});

describe("storage", () => {
  it("bills STANDARD in cumulative bands: 50 TiB at 0.023, the next 450 TiB at 0.022, the rest at 0.021", () => {
    expect(bandedCost(100, us.standardBands)).toBeCloseTo(2.3, 10);
    // 60 TiB: 51,200 GiB × 0.023 + 10,240 GiB × 0.022
    expect(bandedCost(60 * 1024, us.standardBands)).toBeCloseTo(1177.6 + 225.28, 8);
    // 600 TiB: 1,177.60 + 460,800 × 0.022 + 102,400 × 0.021
    expect(bandedCost(600 * 1024, us.standardBands)).toBeCloseTo(1177.6 + 10137.6 + 2150.4, 6);
  });

  it("bills at least 128 KiB per object in STANDARD_IA, ONEZONE_IA and GLACIER_IR", () => {
    expect(objectBilling("STANDARD_IA", 1 * KiB).classBytes).toBe(128 * KiB);
    expect(objectBilling("ONEZONE_IA", 0).classBytes).toBe(128 * KiB);
    expect(objectBilling("GLACIER_IR", 200 * KiB).classBytes).toBe(200 * KiB);
    expect(objectBilling("STANDARD", 1).classBytes).toBe(1);
  });

  it("adds 32 KiB at the class rate and 8 KiB at the STANDARD rate to each GLACIER and DEEP_ARCHIVE object", () => {
    expect(objectBilling("GLACIER", 1 * KiB)).toEqual({
      classBytes: 33 * KiB,
      standardBytes: 8 * KiB,
      monitored: false,
    });
    expect(objectBilling("DEEP_ARCHIVE", 0)).toEqual({
      classBytes: 32 * KiB,
      standardBytes: 8 * KiB,
      monitored: false,
    });
  });

  it("monitors INTELLIGENT_TIERING objects over 128 KiB only", () => {
    expect(objectBilling("INTELLIGENT_TIERING", 128 * KiB).monitored).toBe(false);
    expect(objectBilling("INTELLIGENT_TIERING", 128 * KiB + 1).monitored).toBe(true);
  });

  it("prices 1,000 objects of 1 KiB in STANDARD_IA as 1,000 × 128 KiB", () => {
    const [cost] = monthlyStorageCosts(
      [
        {
          storageClass: "STANDARD_IA",
          objects: 1000,
          classBytes: 1000 * 128 * KiB,
          standardBytes: 0,
          monitoredObjects: 0,
        },
      ],
      us,
    );
    // 128,000 KiB = 0.1220703125 GiB × $0.0125
    expect(cost).toBeCloseTo(0.00152587890625, 12);
  });

  it("prices 32,768 empty DEEP_ARCHIVE objects as 1 GiB of overhead at its rate plus 0.25 GiB at STANDARD", () => {
    const n = 32_768;
    const [cost] = monthlyStorageCosts(
      [
        {
          storageClass: "DEEP_ARCHIVE",
          objects: n,
          classBytes: n * 32 * KiB,
          standardBytes: n * 8 * KiB,
          monitoredObjects: 0,
        },
      ],
      us,
    );
    expect(cost).toBeCloseTo(0.00099 + 0.25 * 0.023, 12);
  });

  it("adds INTELLIGENT_TIERING monitoring of $0.0025 per 1,000 monitored objects to the frequent-tier rate", () => {
    const [cost] = monthlyStorageCosts(
      [
        {
          storageClass: "INTELLIGENT_TIERING",
          objects: 1000,
          classBytes: 1000 * MiB,
          standardBytes: 0,
          monitoredObjects: 1000,
        },
      ],
      us,
    );
    expect(cost).toBeCloseTo(0.9765625 * 0.023 + 0.0025, 12);
  });

  it("shares STANDARD's bands across usages so the parts add up to the banded whole", () => {
    const half = 40 * 1024 * GiB; // two 40 TiB tables: 80 TiB in all, past the first band
    const costs = monthlyStorageCosts(
      [
        { storageClass: "STANDARD", objects: 1, classBytes: half, standardBytes: 0, monitoredObjects: 0 },
        { storageClass: "STANDARD", objects: 1, classBytes: half, standardBytes: 0, monitoredObjects: 0 },
      ],
      us,
    );
    expect((costs[0] ?? 0) + (costs[1] ?? 0)).toBeCloseTo(51_200 * 0.023 + 30_720 * 0.022, 6);
    expect(costs[0]).toBeCloseTo(costs[1] ?? 0, 10);
  });
});

describe("requests, transitions, minimum durations", () => {
  it("prices requests per 1,000 by class", () => {
    expect(requestCost(us, "GLACIER_IR", 10_000, 0)).toBeCloseTo(0.2, 12);
    expect(requestCost(us, "STANDARD", 0, 1_000_000)).toBeCloseTo(0.4, 12);
    expect(requestCost(us, "STANDARD_IA", 1000, 1000)).toBeCloseTo(0.011, 12);
  });

  it("prices lifecycle transitions per 1,000 by target class", () => {
    expect(transitionCost(us, "DEEP_ARCHIVE", 1_000_000)).toBeCloseTo(50, 10);
    expect(transitionCost(us, "GLACIER_IR", 1000)).toBeCloseTo(0.02, 12);
    expect(transitionCost(us, "STANDARD", 1000)).toBe(0);
  });

  it("charges the rest of the minimum duration for bytes leaving a class early", () => {
    // 1 GiB leaving GLACIER_IR after 30 of its 90 days: 60 days at $0.004 per 30 days
    expect(earlyDeletionCost(us, "GLACIER_IR", GiB, 30)).toBeCloseTo(0.008, 12);
    expect(earlyDeletionCost(us, "DEEP_ARCHIVE", GiB, 180)).toBe(0);
    expect(earlyDeletionCost(us, "STANDARD_IA", 2 * GiB, 15)).toBeCloseTo(2 * 0.0125 * 0.5, 12);
  });
});

describe("Glue and Athena", () => {
  it("charges Glue $1 per 100,000 objects and per million requests past the free million", () => {
    expect(glueMonthlyCost(us, 900_000)).toBe(0);
    expect(glueMonthlyCost(us, 1_500_000)).toBeCloseTo(5, 12);
    expect(glueMonthlyCost(us, 0, 3_000_000)).toBeCloseTo(2, 12);
  });

  it("charges Athena $5 per TiB scanned, rounded up to the MiB, at least 10 MiB a query", () => {
    expect(athenaQueryCost(us, TiB)).toBeCloseTo(5, 12);
    expect(athenaQueryCost(us, 1 * KiB)).toBeCloseTo((10 / 1_048_576) * 5, 15);
    expect(athenaQueryCost(us, 20 * MiB + 1)).toBeCloseTo((21 / 1_048_576) * 5, 15);
  });
});

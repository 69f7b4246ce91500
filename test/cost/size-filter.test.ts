// The what-if and the rules S3 is sent agree: the proposed rules, as PutBucketLifecycleConfiguration
// documents, are applied object by object the way S3 applies them (prefix, ObjectSizeGreaterThan, S3's
// 128 KiB default, the cheapest due class), priced by hand from aws-facts.md, and the what-if's numbers
// must come out the same.
import { describe, expect, it } from "vitest";
import { CostAggregate } from "../../src/cost/aggregate.js";
import { proposedPolicy, simulate, toS3Rule, whatIfLines } from "../../src/cost/index.js";
import type { S3LifecycleRule } from "../../src/cost/lifecycle.js";
import { lineText } from "../../src/render/index.js";
import { DAY, GiB, KiB, layers, MiB, us } from "./_policy.js";

// us-east-1 from aws-facts.md, $ per GiB-month, and per 1,000 lifecycle transitions.
const RATE: Record<string, number> = {
  STANDARD: 0.023,
  INTELLIGENT_TIERING: 0.023,
  STANDARD_IA: 0.0125,
  GLACIER_IR: 0.004,
  DEEP_ARCHIVE: 0.00099,
};
const TRANSITION: Record<string, number> = {
  INTELLIGENT_TIERING: 0.01,
  STANDARD_IA: 0.01,
  GLACIER_IR: 0.02,
  DEEP_ARCHIVE: 0.05,
};
const CHEAPEST_LAST = ["STANDARD", "INTELLIGENT_TIERING", "STANDARD_IA", "GLACIER_IR", "DEEP_ARCHIVE"];

/** One object's monthly dollars in a class, by hand: minimums, archive overhead, monitoring. */
function monthly(c: string, size: number): number {
  if (c === "STANDARD_IA" || c === "GLACIER_IR") return (Math.max(size, 128 * KiB) / GiB) * (RATE[c] ?? 0);
  if (c === "DEEP_ARCHIVE") return ((size + 32 * KiB) / GiB) * 0.00099 + ((8 * KiB) / GiB) * 0.023;
  if (c === "INTELLIGENT_TIERING") return (size / GiB) * 0.023 + (size > 128 * KiB ? 0.0025 / 1000 : 0);
  return (size / GiB) * 0.023;
}

/** Where S3 puts an object of `size` bytes, `age` days old, under these rules. */
function s3Class(rules: S3LifecycleRule[], key: string, size: number, age: number): string {
  let best = "STANDARD";
  for (const r of rules) {
    const f = r.Filter ?? {};
    const prefix = f.Prefix ?? f.And?.Prefix ?? "";
    const over = f.ObjectSizeGreaterThan ?? f.And?.ObjectSizeGreaterThan;
    if (r.Status !== "Enabled" || !key.startsWith(prefix)) continue;
    if (over !== undefined ? size <= over : size < 128 * KiB) continue; // S3's default: nothing under 128 KiB
    for (const t of r.Transitions ?? []) {
      const c = t.StorageClass ?? "";
      if ((t.Days ?? 0) <= age && CHEAPEST_LAST.indexOf(c) > CHEAPEST_LAST.indexOf(best)) best = c;
    }
  }
  return best;
}

describe("the what-if moves exactly what the rules sent to S3 move", () => {
  it("on objects of every size around the filters, young and old, in every layer", () => {
    const now = Date.UTC(2026, 11, 1);
    const agg = new CostAggregate(now);
    const sizes = [50 * KiB, 128 * KiB, 200 * KiB, 320 * KiB, 320 * KiB + 1, 400 * KiB, MiB, 6 * MiB];
    const ages = [3, 45, 100, 200];
    const objects: { key: string; size: number; age: number }[] = [];
    for (const layer of ["bronze", "silver", "gold"])
      for (const size of sizes)
        for (const age of ages)
          for (let i = 0; i < 3; i++) {
            const key = `${layer}/sales/orders/day=${age}/p-${size}-${i}`;
            objects.push({ key, size, age });
            agg.add({ key, size, lastModified: now - age * DAY, storageClass: "STANDARD" });
          }
    const policy = proposedPolicy(layers, undefined, "lake/", us);
    const documents = policy.map(toS3Rule);
    const w = simulate(agg, policy, us, "lake/");

    let current = 0;
    let proposed = 0;
    let requests = 0;
    let moved = 0;
    for (const o of objects) {
      const c = s3Class(documents, `lake/${o.key}`, o.size, o.age);
      current += monthly("STANDARD", o.size);
      proposed += monthly(c, o.size);
      if (c !== "STANDARD") {
        moved += 1;
        requests += (TRANSITION[c] ?? 0) / 1000;
      }
    }
    expect(w.current).toBeCloseTo(current, 12);
    expect(w.proposed).toBeCloseTo(proposed, 12);
    expect(w.oneOff.objects).toBe(moved);
    expect(w.oneOff.transitions).toBeCloseTo(requests, 12);
    // The boundary itself: bronze moves 320 KiB + 1 byte, keeps 320 KiB.
    const bronzeDeep = w.moves.find((m) => m.layer === "bronze" && m.to === "DEEP_ARCHIVE");
    expect(bronzeDeep?.objects).toBe(4 * 3); // 320 KiB + 1 byte, 400 KiB, 1 MiB and 6 MiB, at 200 days
    expect(w.staying.underSizeFilter).toEqual({ objects: 3 * 4 * 3, bytes: 3 * 4 * (128 + 200 + 320) * KiB });
    expect(w.staying.small).toEqual({ objects: 3 * 4 * 3, bytes: 3 * 4 * 3 * 50 * KiB });
    // Gold to INTELLIGENT_TIERING, priced at its frequent tier: monitoring only, said as a cost.
    const text = whatIfLines(w).map(lineText).join("\n");
    expect(text).toMatch(
      /gold: [\d,]+ objects, [\d.]+ MiB STANDARD → INTELLIGENT_TIERING {2}\+\$[\d.]+\/month \(monitoring/,
    );
    expect(text).toContain("at or under the size filter: not worth moving");
  });

  it("each month's new objects pay the requests of the transitions their size lets through", () => {
    const now = Date.UTC(2026, 11, 1);
    const agg = new CostAggregate(now);
    for (const size of [200 * KiB, MiB]) {
      for (let i = 0; i < 1000; i++)
        agg.add({
          key: `bronze/s/t/p-${size}-${i}`,
          size,
          lastModified: now - 5 * DAY,
          storageClass: "STANDARD",
        });
    }
    const w = simulate(agg, proposedPolicy(layers, undefined, "", us), us, "");
    // Only the 1,000 objects of 1 MiB: GLACIER_IR then DEEP_ARCHIVE, $0.02 + $0.05 per 1,000.
    expect(w.recurring.transitions).toBeCloseTo(0.07, 12);
  });
});

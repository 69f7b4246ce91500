import { mkdirSync, mkdtempSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CostAggregate } from "../../src/cost/aggregate.js";
import { breakEvenSize, sizeFilter } from "../../src/cost/break-even.js";
import { scanListing, simulate, simulateOver, whatIfLines } from "../../src/cost/index.js";
import {
  DEFAULT_POLICY,
  fromS3Rule,
  hasPolicy,
  mergeRules,
  type PolicyRule,
  proposedPolicy,
  toS3Rule,
  validatePolicy,
} from "../../src/cost/lifecycle.js";
import { lineText } from "../../src/render/index.js";
import { LocalStore } from "../../src/storage/local-store.js";
import { DAY, GiB, KiB, layers, MiB, us } from "./_policy.js";

function rule(transitions: PolicyRule["transitions"], extra: Partial<PolicyRule> = {}): PolicyRule {
  return { id: "r", prefix: "bronze/", enabled: true, transitions, ...extra };
}

describe("lifecycle policy", () => {
  it("proposes one rule per layer under the lake prefix, and aborting uploads after 7 days", () => {
    const rules = proposedPolicy(layers, undefined, "lake/", us).map(toS3Rule);
    expect(rules.map((r) => r.ID)).toEqual([
      "medallion-bronze",
      "medallion-bronze-expiry",
      "medallion-silver",
      "medallion-gold",
      "medallion-abort-incomplete-uploads",
    ]);
    // Bronze moves only objects over 320 KiB (see the break-even below); its noncurrent versions expire
    // whatever their size, so that goes in a rule of its own.
    expect(rules[0]).toEqual({
      ID: "medallion-bronze",
      Status: "Enabled",
      Filter: { And: { Prefix: "lake/bronze/", ObjectSizeGreaterThan: 320 * KiB } },
      Transitions: [
        { Days: 30, StorageClass: "GLACIER_IR" },
        { Days: 120, StorageClass: "DEEP_ARCHIVE" },
      ],
    });
    expect(rules[1]).toEqual({
      ID: "medallion-bronze-expiry",
      Status: "Enabled",
      Filter: { Prefix: "lake/bronze/" },
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
    });
    // STANDARD_IA pays back from 128 KiB (S3's own floor): no filter needed, none sent.
    expect(rules[2]).toEqual({
      ID: "medallion-silver",
      Status: "Enabled",
      Filter: { Prefix: "lake/silver/" },
      Transitions: [{ Days: 30, StorageClass: "STANDARD_IA" }],
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
    });
    expect(rules[4]?.AbortIncompleteMultipartUpload).toEqual({ DaysAfterInitiation: 7 });
    expect(validatePolicy(proposedPolicy(layers, undefined, "", us))).toEqual([]);
    // At the bucket root a size filter stands alone.
    expect(toS3Rule(rule([], { prefix: "", minSize: 224 * KiB })).Filter).toEqual({
      ObjectSizeGreaterThan: 224 * KiB,
    });
  });

  it("sets bronze's size filter where a year of savings pays for its two transition requests (by hand)", () => {
    // Per object: GLACIER_IR $0.02 + DEEP_ARCHIVE $0.05 per 1,000 requests = $0.00007.
    const requests = 0.00007;
    // A month per object in STANDARD ($0.023/GiB) less in DEEP_ARCHIVE ($0.00099/GiB on the object and
    // its 32 KiB, $0.023/GiB on its 8 KiB index).
    const saving = (kib: number) =>
      ((kib * KiB) / GiB) * 0.023 - (((kib + 32) * KiB) / GiB) * 0.00099 - ((8 * KiB) / GiB) * 0.023;
    expect(saving(256) * 12).toBeLessThan(requests); // $0.000062: 13.5 months
    expect(saving(320) * 12).toBeGreaterThan(requests); // $0.000078: 10.8 months
    expect(breakEvenSize(us, DEFAULT_POLICY.bronze.transitions)).toBe(320 * KiB);
    // DEEP_ARCHIVE alone ($0.05): 224 KiB saves $0.0000545 a year, 192 KiB $0.0000460.
    expect(saving(224) * 12).toBeGreaterThan(0.00005);
    expect(saving(192) * 12).toBeLessThan(0.00005);
    expect(breakEvenSize(us, [{ storageClass: "DEEP_ARCHIVE" }])).toBe(224 * KiB);
    // INTELLIGENT_TIERING at its frequent tier only adds monitoring: no size pays back; the rule moves
    // what S3 moves by default, and the what-if prices that.
    expect(breakEvenSize(us, [{ storageClass: "INTELLIGENT_TIERING" }])).toBeUndefined();
    expect(sizeFilter(us, [{ storageClass: "INTELLIGENT_TIERING" }])).toBeUndefined();
  });

  it("takes a layer's rule from medallion.yaml", () => {
    const rules = proposedPolicy(
      layers,
      { gold: { transitions: [], expirationDays: 400 }, abortIncompleteMultipartDays: 3 },
      "",
      us,
    );
    expect(rules[3]).toMatchObject({ id: "medallion-gold", transitions: [], expirationDays: 400 });
    expect(rules[3]?.minSize).toBeUndefined();
    expect(rules[4]?.abortMultipartDays).toBe(3);
  });

  it("refuses what S3 refuses, naming the rule and the transition", () => {
    expect(validatePolicy([rule([{ days: 10, storageClass: "STANDARD_IA" }])])).toEqual([
      "rule r, transition 1 (STANDARD_IA at 10 days): S3 needs at least 30 days before STANDARD_IA",
    ]);
    expect(
      validatePolicy([
        rule([
          { days: 30, storageClass: "GLACIER_IR" },
          { days: 60, storageClass: "STANDARD_IA" },
        ]),
      ])[0],
    ).toContain("S3 cannot move GLACIER_IR to STANDARD_IA");
    expect(
      validatePolicy([
        rule([
          { days: 90, storageClass: "GLACIER" },
          { days: 60, storageClass: "DEEP_ARCHIVE" },
        ]),
      ])[0],
    ).toContain("must come after the previous transition (GLACIER at 90 days)");
    expect(
      validatePolicy([
        rule([
          { days: 30, storageClass: "STANDARD_IA" },
          { days: 45, storageClass: "GLACIER" },
        ]),
      ])[0],
    ).toContain("objects must stay 30 days in STANDARD_IA before moving on (here 15)");
    expect(
      validatePolicy([rule([{ days: 30, storageClass: "GLACIER" }], { expirationDays: 20 })])[0],
    ).toContain("expiry at 20 days must come after the last transition (30 days)");
    // Also when the expiry sits in its own rule beside a size-filtered one.
    expect(
      validatePolicy(
        proposedPolicy(
          layers,
          {
            bronze: { transitions: [{ days: 30, storageClass: "GLACIER" }], expirationDays: 20 },
            abortIncompleteMultipartDays: 7,
          },
          "",
          us,
        ),
      ),
    ).toEqual([
      "rule medallion-bronze-expiry: expiry at 20 days must come after the last transition (30 days)",
    ]);
  });

  it("keeps the bucket's other rules when applying, and knows when the policy is already there", () => {
    const other = { ID: "logs", Status: "Enabled", Filter: { Prefix: "logs/" }, Expiration: { Days: 7 } };
    const proposed = proposedPolicy(layers, undefined, "", us);
    const merged = mergeRules(
      [other, { ID: "medallion-old", Status: "Enabled", Filter: { Prefix: "x/" } }],
      proposed,
    );
    expect(merged.map((r) => r.ID)).toEqual(["logs", ...proposed.map((r) => r.id)]);
    expect(hasPolicy(merged, proposed)).toBe(true);
    expect(hasPolicy([other], proposed)).toBe(false);
    expect(
      fromS3Rule({ ID: "t", Status: "Enabled", Filter: { Tag: { Key: "a", Value: "b" } } }).filterNote,
    ).toBe("filtered by tag");
    // A size filter read back is simulated when it is one of the aggregate's size steps, else noted.
    const sized = (n: number) =>
      fromS3Rule({ ID: "s", Status: "Enabled", Filter: { And: { Prefix: "b/", ObjectSizeGreaterThan: n } } });
    expect(sized(320 * KiB)).toMatchObject({ prefix: "b/", minSize: 320 * KiB, filterNote: undefined });
    expect(sized(300_000).filterNote).toBe("filtered by object size");
    // What the bucket echoes of the proposed rules is the policy: applying again has nothing to do.
    expect(hasPolicy(JSON.parse(JSON.stringify(proposed.map(toS3Rule))), proposed)).toBe(true);
    const moved = proposedPolicy(
      layers,
      {
        bronze: { transitions: [{ days: 1, storageClass: "DEEP_ARCHIVE" }] },
        abortIncompleteMultipartDays: 7,
      },
      "",
      us,
    );
    expect(hasPolicy(proposed.map(toS3Rule), moved)).toBe(false);
  });
});

describe("what-if", () => {
  it("prices 1,000 objects of 1 MiB, 200 days old, moving from STANDARD to DEEP_ARCHIVE, by hand", () => {
    const now = Date.UTC(2026, 11, 1);
    const agg = new CostAggregate(now);
    for (let i = 0; i < 1000; i++) {
      agg.add({
        key: `bronze/s/t/d=1/p${i}`,
        size: MiB,
        lastModified: now - 200 * DAY,
        storageClass: "STANDARD",
      });
    }
    const w = simulate(agg, proposedPolicy(layers, undefined, "", us), us, "");
    expect(w.current).toBeCloseTo((1000 * MiB * 0.023) / GiB, 12);
    const deep = ((1000 * MiB + 1000 * 32 * KiB) / GiB) * 0.00099 + ((1000 * 8 * KiB) / GiB) * 0.023;
    expect(w.proposed).toBeCloseTo(deep, 12);
    expect(w.oneOff.objects).toBe(1000);
    expect(w.oneOff.transitions).toBeCloseTo(0.05, 12);
    expect(w.recurring.transitions).toBe(0); // nothing new this month
    expect(w.savings).toBeCloseTo(w.current - deep, 12);
    expect(w.moves).toEqual([
      expect.objectContaining({
        layer: "bronze",
        from: "STANDARD",
        to: "DEEP_ARCHIVE",
        objects: 1000,
        bytes: 1000 * MiB,
      }),
    ]);
  });

  it("applies every matching rule as S3 does: of the transitions due, the cheapest class; expiry first", () => {
    const now = Date.UTC(2026, 11, 1);
    const agg = new CostAggregate(now);
    for (let i = 0; i < 1000; i++) {
      agg.add({
        key: `bronze/s/t/d=1/p${i}`,
        size: MiB,
        lastModified: now - 100 * DAY,
        storageClass: "STANDARD",
      });
    }
    // At 100 days the policy alone has them in GLACIER_IR (DEEP_ARCHIVE comes at 120).
    const policy = proposedPolicy(layers, undefined, "", us);
    expect(simulate(agg, policy, us, "").moves).toEqual([expect.objectContaining({ to: "GLACIER_IR" })]);
    // The bucket's own rule moves bronze to GLACIER at 60 days: with both, GLACIER (the cheaper) at 100.
    const own = {
      ID: "archive",
      Status: "Enabled",
      Filter: { Prefix: "bronze/" },
      Transitions: [{ Days: 60, StorageClass: "GLACIER" }],
    };
    const w = simulateOver(agg, [own], policy, us, "");
    expect(w.moves).toEqual([expect.objectContaining({ from: "STANDARD", to: "GLACIER", objects: 1000 })]);
    const glacier = ((1000 * MiB + 1000 * 32 * KiB) / GiB) * 0.0036 + ((1000 * 8 * KiB) / GiB) * 0.023;
    expect(w.proposed).toBeCloseTo(glacier, 12);
    // The bucket's rule alone does the same here: the policy saves nothing beyond it, and says so.
    expect(w.existing).toEqual({
      rules: 1,
      notSimulated: 0,
      monthly: expect.closeTo(glacier, 12),
      savings: expect.closeTo(0, 12),
    });
    expect(whatIfLines(w).map(lineText).join("\n")).toContain(
      "the bucket's own rules (1) alone: $0.0038/month in steady state; the policy saves nothing beyond them",
    );
    // An expiry due wins over any transition.
    const expire = {
      ID: "drop",
      Status: "Enabled",
      Filter: { Prefix: "bronze/s/" },
      Expiration: { Days: 90 },
    };
    const dropped = simulateOver(agg, [own, expire], policy, us, "");
    expect(dropped.expired).toEqual({ objects: 1000, bytes: 1000 * MiB });
    expect(dropped.proposed).toBe(0);
  });

  it("leaves objects under 128 KiB, and those at or under the rule's size filter, where they are", () => {
    const now = Date.UTC(2026, 11, 1);
    const agg = new CostAggregate(now);
    agg.add({
      key: "bronze/s/t/a",
      size: 100 * KiB,
      lastModified: now - 400 * DAY,
      storageClass: "STANDARD",
    });
    agg.add({
      key: "bronze/s/t/b",
      size: 130 * KiB,
      lastModified: now - 400 * DAY,
      storageClass: "STANDARD",
    });
    const w = simulate(agg, proposedPolicy(layers, undefined, "", us), us, "");
    expect(w.staying.small).toEqual({ objects: 1, bytes: 100 * KiB });
    // 130 KiB to DEEP_ARCHIVE saves ~$0.0000025 a month for $0.00007 of requests: 28 months to pay back.
    expect(w.staying.underSizeFilter).toEqual({ objects: 1, bytes: 130 * KiB });
    expect(w.savings).toBeCloseTo(0, 12);
  });

  it("charges the rest of a minimum duration when a rule moves on too early", () => {
    const now = Date.UTC(2026, 11, 1);
    const agg = new CostAggregate(now);
    agg.add({ key: "bronze/s/t/a", size: GiB, lastModified: now - 2 * DAY, storageClass: "STANDARD" });
    const early = rule([
      { days: 0, storageClass: "GLACIER_IR" },
      { days: 30, storageClass: "DEEP_ARCHIVE" },
    ]);
    const w = simulate(agg, [early], us, "");
    // Each month's 1 GiB leaves GLACIER_IR 60 days early: 60 days at $0.004 per 30 days.
    expect(w.recurring.minimumDuration).toBeCloseTo(0.008, 12);
    expect(w.warnings[0]).toContain("30 days in GLACIER_IR is under its 90-day minimum");
  });

  it("saves at least half on a demo-like lake with two years of bronze, and says where", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-2y-"));
    const now = Date.UTC(2026, 11, 1);
    const file = (key: string, size: number, ageDays: number) => {
      const full = path.join(dir, key);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, "");
      truncateSync(full, size); // sparse: the size a listing reports, without the bytes on disk
      const when = new Date(now - ageDays * DAY);
      utimesSync(full, when, when);
    };
    for (let age = 1; age <= 730; age++) {
      const d = new Date(now - age * DAY).toISOString().slice(0, 10).split("-");
      const part = `year=${d[0]}/month=${d[1]}/day=${d[2]}`;
      file(`bronze/sales/orders/${part}/part-0.json`, 6 * MiB, age);
      file(`bronze/sales/payments/${part}/part-0.parquet`, 2 * MiB, age);
      file(`bronze/sales/customers/${part}/part-0.csv`, 300 * KiB, age);
      file(`silver/sales/orders/${part}/part-0.parquet`, 1 * MiB, age);
      if (age % 30 === 1)
        file(`gold/sales/daily_revenue/day=${d[0]}${d[1]}${d[2]}/part-0.parquet`, 40 * KiB, age);
    }
    const agg = new CostAggregate(now);
    await scanListing(new LocalStore(dir), agg, "");
    expect(agg.objects).toBe(730 * 4 + 25);
    const w = simulate(agg, proposedPolicy(layers, undefined, "", us), us, "");
    expect(w.savingsPercent).toBeGreaterThanOrEqual(50);
    const top = w.moves[0];
    expect(top).toMatchObject({ layer: "bronze", from: "STANDARD", to: "DEEP_ARCHIVE" });
    expect(top?.monthlySaving).toBeGreaterThan(w.savings / 2);
    const text = whatIfLines(w).map(lineText).join("\n");
    expect(text).toMatch(/saves \$\d+\.\d\d\/month \((\d+)%\)/);
    expect(text).toMatch(/bronze: [\d,]+ objects, [\d.]+ GiB STANDARD → DEEP_ARCHIVE/);
    expect(text).toContain("silver:");
    expect(text).toContain("under 128 KiB"); // gold's monthly 40 KiB files stay
  });
});

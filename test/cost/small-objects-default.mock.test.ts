// A bucket whose TransitionDefaultMinimumObjectSize is varies_by_storage_class lets its rules without a
// size filter move objects under 128 KiB to GLACIER and DEEP_ARCHIVE: the what-if says so and prices it,
// and applying the policy sends the setting back (S3 resets it otherwise). moto always answers
// all_storage_classes_128K, so S3's answers come from aws-sdk-client-mock, through the real SDK client.
import {
  GetBucketLifecycleConfigurationCommand,
  PutBucketLifecycleConfigurationCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { CostAggregate } from "../../src/cost/aggregate.js";
import {
  applyPolicy,
  planPolicyChange,
  policyDocumentLines,
  proposedPolicy,
  simulateOver,
  whatIfLines,
} from "../../src/cost/index.js";
import { openLake } from "../../src/lake/index.js";
import { lineText } from "../../src/render/index.js";
import { DAY, GiB, KiB, layers, us } from "./_policy.js";

const archive = {
  ID: "archive",
  Status: "Enabled" as const,
  Filter: { Prefix: "lake/bronze/" },
  Transitions: [{ Days: 1, StorageClass: "DEEP_ARCHIVE" as const }],
};

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

describe("the bucket's small-object default", () => {
  it("moves objects under 128 KiB to DEEP_ARCHIVE by a rule without a size filter, when the bucket says so", () => {
    const now = Date.UTC(2026, 11, 1);
    const agg = new CostAggregate(now);
    for (let i = 0; i < 1000; i++)
      agg.add({
        key: `bronze/s/t/p${i}`,
        size: 10 * KiB,
        lastModified: now - 5 * DAY,
        storageClass: "STANDARD",
      });
    const policy = proposedPolicy(layers, undefined, "lake/", us);
    const byDefault = simulateOver(agg, [archive], policy, us, "lake/", "all_storage_classes_128K");
    expect(byDefault.staying.small.objects).toBe(1000);
    expect(byDefault.oneOff.objects).toBe(0);
    const varies = simulateOver(agg, [archive], policy, us, "lake/", "varies_by_storage_class");
    // Each 10 KiB object in DEEP_ARCHIVE: 42 KiB at $0.00099 and 8 KiB at $0.023, per GiB-month.
    const deep = 1000 * (((42 * KiB) / GiB) * 0.00099 + ((8 * KiB) / GiB) * 0.023);
    expect(varies.proposed).toBeCloseTo(deep, 12);
    expect(varies.oneOff).toMatchObject({ objects: 1000, transitions: expect.closeTo(0.05, 12) });
    expect(whatIfLines(varies).map(lineText).join("\n")).toContain(
      "TransitionDefaultMinimumObjectSize (varies_by_storage_class) lets rules without a size filter move objects under 128 KiB",
    );
  });

  it("is written back when the policy is applied, and shown in the document", async () => {
    s3.on(GetBucketLifecycleConfigurationCommand).resolves({
      Rules: [archive],
      TransitionDefaultMinimumObjectSize: "varies_by_storage_class",
    });
    s3.on(PutBucketLifecycleConfigurationCommand).resolves({});
    const lake = openLake(loadConfig({ lake: "s3://bucket/lake", region: "us-east-1" }));
    const change = await planPolicyChange(lake);
    expect(policyDocumentLines(change)).toContain(
      '  "TransitionDefaultMinimumObjectSize": "varies_by_storage_class"',
    );
    await applyPolicy(lake, change);
    const put = s3.commandCalls(PutBucketLifecycleConfigurationCommand)[0]?.args[0].input;
    expect(put?.TransitionDefaultMinimumObjectSize).toBe("varies_by_storage_class");
    expect(put?.LifecycleConfiguration?.Rules?.map((r) => r.ID)).toEqual([
      "archive",
      "medallion-bronze",
      "medallion-bronze-expiry",
      "medallion-silver",
      "medallion-gold",
      "medallion-abort-incomplete-uploads",
    ]);
  });
});

// Bronze's size filter on the wire: `lifecycle apply`'s path (planPolicyChange → applyPolicy) sends
// PutBucketLifecycleConfiguration to moto through the real AWS SDK with ObjectSizeGreaterThan inside the
// rule's And, beside its prefix; moto accepts it and keeps the rule. moto 5.2 drops the size when it reads
// the rule back (real S3 keeps it), so S3's echo is stood in by aws-sdk-client-mock with the very
// document sent: applying again then has nothing to do.
import { randomBytes } from "node:crypto";
import {
  CreateBucketCommand,
  GetBucketLifecycleConfigurationCommand,
  type LifecycleRule,
  S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { applyPolicy, planPolicyChange } from "../../src/cost/index.js";
import { openLake } from "../../src/lake/index.js";
import { DEFAULT_RULES_UNDER_LAKE, rulePrefixes } from "./_policy.js";

const endpoint = inject("motoEndpoint");
const s3 = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
const bucket = `size-filter-${randomBytes(4).toString("hex")}`;
const lake = () =>
  openLake(loadConfig({ lake: `s3://${bucket}/lake`, endpointUrl: endpoint, region: "us-east-1" }));

beforeAll(async () => {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
});

describe("the bronze rule's size filter on moto", () => {
  it("is sent as And { Prefix, ObjectSizeGreaterThan }, accepted, and the rule round-trips", async () => {
    const change = await planPolicyChange(lake());
    expect(change.upToDate).toBe(false);
    const bronze = change.rules.find((r) => r.ID === "medallion-bronze");
    expect(bronze?.Filter).toEqual({ And: { Prefix: "lake/bronze/", ObjectSizeGreaterThan: 327_680 } });

    let sent = "";
    change.admin.client.middlewareStack.add(
      (next) => async (args) => {
        sent = String((args.request as { body?: unknown }).body ?? "");
        return next(args);
      },
      { step: "finalizeRequest", name: "captureLifecycleDocument" },
    );
    await applyPolicy(lake(), change);
    expect(sent).toContain(
      "<Filter><And><Prefix>lake/bronze/</Prefix><ObjectSizeGreaterThan>327680</ObjectSizeGreaterThan></And></Filter>",
    );

    const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
    expect(rulePrefixes(rules)).toEqual(DEFAULT_RULES_UNDER_LAKE);
    const read = rules.find((r) => r.ID === "medallion-bronze");
    expect(read?.Transitions?.map((t) => [t.Days, t.StorageClass])).toEqual([
      [30, "GLACIER_IR"],
      [120, "DEEP_ARCHIVE"],
    ]);
    expect(rules.find((r) => r.ID === "medallion-bronze-expiry")?.NoncurrentVersionExpiration).toEqual({
      NoncurrentDays: 30,
    });

    // S3 reads back what it was sent: with that echo, the policy is there and nothing is left to do.
    const echo = mockClient(S3Client);
    try {
      echo
        .on(GetBucketLifecycleConfigurationCommand)
        .resolves({ Rules: JSON.parse(JSON.stringify(change.rules)) as LifecycleRule[] });
      expect((await planPolicyChange(lake())).upToDate).toBe(true);
      // A lower transition price for DEEP_ARCHIVE moves the break-even: that echo is then out of date.
      const config = loadConfig({ lake: `s3://${bucket}/lake`, endpointUrl: endpoint, region: "us-east-1" });
      const cheaper = openLake({ ...config, prices: { transitions: { DEEP_ARCHIVE: 0.03 } } });
      const again = await planPolicyChange(cheaper);
      expect(again.upToDate).toBe(false);
      expect(again.rules.find((r) => r.ID === "medallion-bronze")?.Filter?.And?.ObjectSizeGreaterThan).toBe(
        224 * 1024,
      );
    } finally {
      echo.restore();
    }
  });
});

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetDatabasesCommand, GlueClient } from "@aws-sdk/client-glue";
import {
  CreateBucketCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  PutBucketLifecycleConfigurationCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { cli } from "../preview/_cli.js";

const endpoint = inject("motoEndpoint");
const s3 = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
const glue = new GlueClient({ endpoint, region: "us-east-1" });
const bucket = `init-${randomBytes(4).toString("hex")}`;
const db = `t${randomBytes(3).toString("hex")}`;
let dir: string;

function medallion(args: string[], cwd = dir) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, MEDALLION_CONFIG: "", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const LAKE = `lake: s3://${bucket}/lake\nendpointUrl: ${endpoint}\nregion: us-east-1\ncatalog: glue\ndatabase: "${db}_{layer}"\n`;
// moto 5.2 drops a rule's ObjectSizeGreaterThan when it reads the rules back (S3 keeps it), so a second
// run could never find the default bronze rule as sent: the runs that must be no-ops move bronze to
// GLACIER_IR only, which pays back from 128 KiB and needs no size filter. The filter itself is checked in
// lifecycle-filter.moto.test.ts.
const NO_SIZE_FILTER =
  "lifecycle:\n  bronze: { transitions: [{ days: 30, storageClass: GLACIER_IR }], noncurrentDays: 30 }\n";

beforeAll(async () => {
  // The CLI runs from dist/ (`npm run build` first, as `npm test` does).
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  // A rule of the bucket's own, which init and apply must keep.
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket,
      LifecycleConfiguration: {
        Rules: [{ ID: "logs", Status: "Enabled", Filter: { Prefix: "logs/" }, Expiration: { Days: 7 } }],
      },
    }),
  );
  dir = mkdtempSync(path.join(tmpdir(), "medallion-init-"));
  writeFileSync(path.join(dir, "medallion.yaml"), LAKE);
});

describe("medallion init on moto", () => {
  it("--dry-run prints every call and document, and changes nothing", async () => {
    const { code, stdout, stderr } = medallion(["init", "--dry-run"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("- layout: S3 has no folders");
    expect(stdout).toContain("→ lifecycle: would write 6 rules");
    expect(stdout).toContain("PutBucketLifecycleConfiguration");
    // Bronze moves only objects over 320 KiB; its noncurrent versions expire in a rule of their own.
    expect(stdout).toMatch(/"And": \{\s+"Prefix": "lake\/bronze\/",\s+"ObjectSizeGreaterThan": 327680\s+\}/);
    expect(stdout).toContain('"ID": "medallion-bronze-expiry"');
    expect(stdout).toContain('"Prefix": "lake/silver/"');
    expect(stdout).toContain('"SSEAlgorithm": "AES256"');
    expect(stdout).toContain('"BlockPublicAcls": true');
    expect(stdout).toContain(`→ databases: would create ${db}_bronze, ${db}_silver, ${db}_gold`);
    expect(stdout).toContain("dry run: nothing changed");
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    expect(versioning.Status).toBeUndefined();
  });

  it("sets lifecycle, versioning, encryption, the public access block and the databases; a second run is a no-op", async () => {
    writeFileSync(path.join(dir, "medallion.yaml"), LAKE + NO_SIZE_FILTER);
    const first = medallion(["init"]);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("✓ versioning: enabled versioning");
    const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
    expect(rules.map((r) => r.ID)).toEqual([
      "logs",
      "medallion-bronze",
      "medallion-silver",
      "medallion-gold",
      "medallion-abort-incomplete-uploads",
    ]);
    const bronze = rules.find((r) => r.ID === "medallion-bronze");
    expect(bronze?.Transitions?.map((t) => [t.Days, t.StorageClass])).toEqual([[30, "GLACIER_IR"]]);
    expect(bronze?.Filter).toEqual({ Prefix: "lake/bronze/" });
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe("Enabled");
    const sse = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(
      sse.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    ).toBe("AES256");
    const block = await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }));
    expect(block.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const dbs = (await glue.send(new GetDatabasesCommand({}))).DatabaseList?.map((d) => d.Name) ?? [];
    expect(dbs).toEqual(expect.arrayContaining([`${db}_bronze`, `${db}_silver`, `${db}_gold`]));

    const again = medallion(["init"]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain("✓");
    expect(again.stdout).toContain("is already initialised: nothing to do");
  });

  it("switches to SSE-KMS with --kms-key, and init is refused in read-only mode", async () => {
    expect(medallion(["init", "--read-only"]).stderr).toContain("read-only mode");
    const kms = medallion(["init", "--kms-key", "alias/lake"]);
    expect(kms.code).toBe(0);
    expect(kms.stdout).toContain("✓ encryption: set default encryption SSE-KMS (alias/lake)");
    const sse = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    expect(
      sse.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault,
    ).toMatchObject({
      SSEAlgorithm: "aws:kms",
      KMSMasterKeyID: "alias/lake",
    });
  });

  it("lifecycle apply writes an edited policy, keeps other rules, and says when there is nothing to do", async () => {
    writeFileSync(
      path.join(dir, "medallion.yaml"),
      `lake: s3://${bucket}/lake\nendpointUrl: ${endpoint}\nregion: us-east-1\ncatalog: glue\ndatabase: "${db}_{layer}"\n` +
        `${NO_SIZE_FILTER}  gold: { transitions: [], expirationDays: 400 }\n`,
    );
    expect(medallion(["lifecycle", "apply"]).stderr).toContain("pass --yes");
    expect(medallion(["lifecycle", "apply", "--yes", "--read-only"]).stderr).toContain("read-only mode");
    const applied = medallion(["lifecycle", "apply", "--yes"]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("applied 5 lifecycle rules");
    const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
    expect(rules.find((r) => r.ID === "medallion-gold")?.Expiration?.Days).toBe(400);
    expect(rules.find((r) => r.ID === "logs")).toBeDefined();
    expect(medallion(["lifecycle", "apply", "--yes"]).stdout).toContain("nothing to do");
    const show = medallion(["lifecycle", "show"]);
    expect(show.stdout).toContain("current rules:");
    expect(show.stdout).toContain("medallion-gold  lake/gold/  expire 400d");
    // A rule S3 would refuse is refused before any call, naming the rule.
    writeFileSync(
      path.join(dir, "medallion.yaml"),
      `lake: s3://${bucket}/lake\nendpointUrl: ${endpoint}\nlifecycle:\n  silver: { transitions: [{ days: 10, storageClass: STANDARD_IA }] }\n`,
    );
    const bad = medallion(["lifecycle", "apply", "--yes"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "medallion-silver, transition 1 (STANDARD_IA at 10 days): S3 needs at least 30 days",
    );
  });

  it("on a local lake creates the layer and domain folders and says which steps are S3's", () => {
    const local = mkdtempSync(path.join(tmpdir(), "medallion-init-local-"));
    writeFileSync(
      path.join(local, "medallion.yaml"),
      "lake: .\ntables:\n  bronze/sales/orders: { partitionKeys: [day], format: json }\n",
    );
    const run = medallion(["init"], local);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("✓ layout: created bronze, bronze/sales, gold, silver");
    expect(run.stdout).toContain("- versioning: S3 only: does not apply to a local lake");
    expect(existsSync(path.join(local, "bronze/sales"))).toBe(true);
    expect(medallion(["init"], local).stdout).toContain("is already initialised: nothing to do");
  });
});

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { PolicyDocument, PolicyStatement } from "../../src/govern/tenant-policy.js";

// Runs the built CLI, as a user would (`npm test` builds first).
const cli = path.resolve("dist/commands/medallion.js");
const lake = mkdtempSync(path.join(tmpdir(), "medallion-tenant-policy-"));

function medallion(...args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], { cwd: lake, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function put(key: string): void {
  mkdirSync(path.dirname(path.join(lake, key)), { recursive: true });
  writeFileSync(path.join(lake, key), '{"order_id":"1"}\n');
}

const POLICY = ["--region", "eu-west-1", "tenant", "policy", "acme", "--account", "123456789012"];
const BUCKET = ["--bucket", "s3://shop-lake/prod"];

let policy: PolicyDocument;
const statement = (sid: string): PolicyStatement => {
  const found = policy.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
};

beforeAll(() => {
  writeFileSync(
    path.join(lake, "medallion.yaml"),
    `lake: .
database: "shop_{layer}"
athena: { workgroup: acme-analysts }
tables:
  bronze/sales/orders: { partitionKeys: [day], format: json }
  silver/sales/orders:
    partitionKeys: [day]
    silver: { from: bronze/sales/orders, columns: [{ name: order_id, type: string }, { name: day, type: string }] }
  bronze/tenant=globex/sales/refunds: { partitionKeys: [day], format: json }
`,
  );
  put("bronze/tenant=acme/sales/orders/day=01/part-0.json");
  put("bronze/tenant=acme/web/clicks/day=01/part-0.json");
  put("bronze/tenant=globex/sales/orders/day=01/part-0.json");
  put("bronze/sales/orders/day=01/part-0.json");
  const run = medallion(...POLICY, ...BUCKET, "--json");
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  policy = JSON.parse(run.stdout);
});

const PREFIXES = ["bronze", "silver", "gold", "_medallion"].map((l) => `prod/${l}/tenant=acme/`);

describe("medallion tenant policy", () => {
  it("lists the bucket only under the tenant's prefixes, on the bucket ARN", () => {
    expect(statement("ListTenantPrefixes")).toEqual({
      Sid: "ListTenantPrefixes",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:ListBucketVersions"],
      Resource: ["arn:aws:s3:::shop-lake"],
      Condition: { StringLike: { "s3:prefix": PREFIXES.flatMap((p) => [p, `${p}*`]) } },
    });
  });

  it("reads objects under the tenant's prefixes of every layer and its own state, nothing else", () => {
    expect(statement("ReadTenantObjects")).toMatchObject({
      Effect: "Allow",
      Action: ["s3:GetObject"],
      Resource: PREFIXES.map((p) => `arn:aws:s3:::shop-lake/${p}*`),
    });
    expect(statement("ReadTenantObjects").Condition).toBeUndefined();
  });

  it("writes silver, gold and its state only (bronze is only read), and only encrypted", () => {
    const writable = ["silver", "gold", "_medallion"].map(
      (l) => `arn:aws:s3:::shop-lake/prod/${l}/tenant=acme/*`,
    );
    expect(statement("WriteTenantObjects")).toEqual({
      Sid: "WriteTenantObjects",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
      Resource: writable,
    });
    expect(statement("DenyUnencryptedWrites")).toEqual({
      Sid: "DenyUnencryptedWrites",
      Effect: "Deny",
      Action: ["s3:PutObject"],
      Resource: writable,
      Condition: { Null: { "s3:x-amz-server-side-encryption": "true" } },
    });
    expect(statement("DenyOtherEncryption").Condition).toEqual({
      StringNotEquals: { "s3:x-amz-server-side-encryption": ["AES256", "aws:kms"] },
    });
  });

  it("reaches the Glue catalog, the layer databases and the tenant's tables by name, no other table", () => {
    const glue = (r: string) => `arn:aws:glue:eu-west-1:123456789012:${r}`;
    const resources = [
      glue("catalog"),
      glue("database/shop_bronze"),
      glue("database/shop_silver"),
      glue("database/shop_gold"),
      // Declared (as acme's copies, silver with its rejects) and found in acme's storage.
      glue("table/shop_bronze/acme_sales_orders"),
      glue("table/shop_bronze/acme_web_clicks"),
      glue("table/shop_silver/acme_sales_orders"),
      glue("table/shop_silver/acme_sales_orders__rejects"),
    ];
    expect(statement("ReadTenantTables")).toEqual({
      Sid: "ReadTenantTables",
      Effect: "Allow",
      Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
      Resource: resources,
    });
    expect(statement("ChangeTenantTables").Resource).toEqual(resources);
    expect(statement("ChangeTenantTables").Action).not.toContain("glue:CreateDatabase");
    expect(JSON.stringify(policy)).not.toMatch(/globex|table\/shop_bronze\/sales_orders|GetTables/);
  });

  it("queries in the tenant's Athena workgroup only", () => {
    expect(statement("QueryInTenantWorkgroup").Resource).toEqual([
      "arn:aws:athena:eu-west-1:123456789012:workgroup/acme-analysts",
    ]);
  });

  it("for read access, leaves out every write and catalog change", () => {
    const read: PolicyDocument = JSON.parse(
      medallion(...POLICY, ...BUCKET, "--access", "read", "--json").stdout,
    );
    expect(read.Statement.map((s) => s.Sid)).toEqual([
      "ListTenantPrefixes",
      "BucketSettingsRead",
      "ReadTenantObjects",
      "ReadTenantTables",
      "QueryInTenantWorkgroup",
    ]);
  });

  it("says in one line when it cannot be printed: a local lake without --bucket, no account", () => {
    expect(medallion(...POLICY)).toMatchObject({
      code: 2,
      stderr:
        "medallion: the policy is for S3 lakes: this one is a local folder; pass --bucket s3://bucket/prefix for where it will live\n",
    });
    const noAccount = medallion("--region", "eu-west-1", "tenant", "policy", "acme", ...BUCKET);
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr).toMatch(/^medallion: --account is needed for the Glue and Athena ARNs/);
  });
});

describe("medallion tenant add", () => {
  it("makes the tenant's folder in each layer and its state on a local lake, and says IAM is untouched", () => {
    const run = medallion("tenant", "add", "initech", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).prefixes).toEqual([
      { prefix: "bronze/tenant=initech/", state: "created" },
      { prefix: "silver/tenant=initech/", state: "created" },
      { prefix: "gold/tenant=initech/", state: "created" },
      { prefix: "_medallion/tenant=initech/", state: "created" },
    ]);
    expect(readdirSync(path.join(lake, "gold"))).toEqual(["tenant=initech"]);
    expect(medallion("tenant", "add", "initech").stdout).toContain("IAM: nothing changed.");
    expect(medallion("tenant", "add", "Initech").code).toBe(2);
  });
});

describe("medallion tenant policy with encryption.kms in medallion.yaml", () => {
  /** The policy's statements for a lake whose writes use `kms`. */
  function kmsPolicy(kms: string): PolicyStatement[] {
    const yaml = readFileSync(path.join(lake, "medallion.yaml"), "utf8");
    writeFileSync(path.join(lake, "medallion.yaml"), `${yaml}encryption: { kms: "${kms}" }\n`);
    try {
      const run = medallion(...POLICY, ...BUCKET, "--json");
      expect(run.stderr).toBe("");
      return (JSON.parse(run.stdout) as PolicyDocument).Statement;
    } finally {
      writeFileSync(path.join(lake, "medallion.yaml"), yaml);
    }
  }
  const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  const sid = (statements: PolicyStatement[], id: string) => statements.find((s) => s.Sid === id);

  it("holds writes to SSE-KMS with that key (a key id becomes its ARN), and lets the tenant use the key", () => {
    for (const given of [key, "1234abcd-12ab-34cd-56ef-1234567890ab"]) {
      const statements = kmsPolicy(given);
      expect(sid(statements, "DenyOtherEncryption")?.Condition).toEqual({
        StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
      });
      expect(sid(statements, "DenyOtherKmsKey")).toMatchObject({
        Effect: "Deny",
        Action: ["s3:PutObject"],
        Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": key } },
      });
      expect(sid(statements, "UseTenantKmsKey")).toEqual({
        Sid: "UseTenantKmsKey",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
        Resource: [key],
      });
    }
  });

  it("for an alias, which names no key ARN, allows the key's use through that alias only", () => {
    const statements = kmsPolicy("alias/acme-lake");
    expect(sid(statements, "DenyOtherKmsKey")).toBeUndefined();
    expect(sid(statements, "UseTenantKmsKey")).toEqual({
      Sid: "UseTenantKmsKey",
      Effect: "Allow",
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: ["*"],
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/acme-lake" } },
    });
  });
});

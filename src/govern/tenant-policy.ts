// The least-privilege IAM policy of one tenant: what its sessions (tenant-store.ts, tenant-catalog.ts)
// call, on its prefixes, tables and workgroup only. Pure: printed by `medallion tenant policy`, never applied.
import { cell, type Line } from "../render/cell.js";
import { realPrefixes, type TenantScope } from "./tenant-scope.js";

export interface TenantPolicyInput {
  scope: TenantScope;
  bucket: string;
  /** The lake root inside the bucket: empty or ending in `/`. */
  rootPrefix: string;
  region: string;
  account: string;
  /** The tenant's Glue tables: `{ database, name }` (`bronze`, `acme_sales_orders`). */
  tables: { database: string; name: string }[];
  /** Glue databases of the layers the tables are in. */
  databases: string[];
  workgroup: string;
  /** Bronze is read by promotions, never written: the tenant writes only these layers' prefixes. */
  writableLayers: string[];
  /** Read-only: no object writes, no catalog changes, no encryption rule. */
  readOnly?: boolean;
  /** `encryption.kms` of medallion.yaml (key id, key ARN, alias or alias ARN): writes must use that key. */
  kmsKey?: string;
}

/**
 * The KMS key as the policy names it. S3's `…-aws-kms-key-id` condition holds the key's ARN, which an
 * alias does not tell: for an alias, writes are held to SSE-KMS and the key's use to that alias.
 */
function kmsKeyOf(key: string, region: string, account: string): { keyArn?: string; alias?: string } {
  if (key.startsWith("arn:aws:kms:")) {
    const alias = key.split(":").at(-1) ?? "";
    return alias.startsWith("alias/") ? { alias } : { keyArn: key };
  }
  if (key.startsWith("alias/")) return { alias: key };
  return { keyArn: `arn:aws:kms:${region}:${account}:key/${key}` };
}

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** Every operation of a tenant session that needs S3 object permissions, Glue or Athena, by statement. */
export function tenantPolicy(input: TenantPolicyInput): PolicyDocument {
  const { scope, bucket, rootPrefix, region, account } = input;
  const bucketArn = `arn:aws:s3:::${bucket}`;
  const prefixes = realPrefixes(scope).map((p) => rootPrefix + p);
  const objects = (list: string[]) => list.map((p) => `${bucketArn}/${p}*`);
  const writable = realPrefixes(scope)
    .filter((p) => input.writableLayers.some((layer) => p.startsWith(`${layer}/`)) || p === scope.statePrefix)
    .map((p) => rootPrefix + p);
  const glue = (what: string) => `arn:aws:glue:${region}:${account}:${what}`;
  const glueResources = [
    glue("catalog"),
    ...input.databases.map((d) => glue(`database/${d}`)),
    ...input.tables.map((t) => glue(`table/${t.database}/${t.name}`)),
  ];
  const statements: PolicyStatement[] = [
    {
      Sid: "ListTenantPrefixes",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:ListBucketVersions"],
      Resource: [bucketArn],
      Condition: { StringLike: { "s3:prefix": prefixes.flatMap((p) => [p, `${p}*`]) } },
    },
    {
      Sid: "BucketSettingsRead",
      Effect: "Allow",
      Action: ["s3:GetBucketLocation", "s3:GetBucketVersioning"],
      Resource: [bucketArn],
    },
    { Sid: "ReadTenantObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: objects(prefixes) },
  ];
  if (!input.readOnly) {
    statements.push(
      {
        Sid: "WriteTenantObjects",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
        Resource: objects(writable),
      },
      {
        Sid: "DenyUnencryptedWrites",
        Effect: "Deny",
        Action: ["s3:PutObject"],
        Resource: objects(writable),
        Condition: { Null: { "s3:x-amz-server-side-encryption": "true" } },
      },
      {
        Sid: "DenyOtherEncryption",
        Effect: "Deny",
        Action: ["s3:PutObject"],
        Resource: objects(writable),
        Condition: {
          StringNotEquals: {
            "s3:x-amz-server-side-encryption": input.kmsKey ? "aws:kms" : ["AES256", "aws:kms"],
          },
        },
      },
    );
    if (input.kmsKey)
      statements.push(...kmsStatements(kmsKeyOf(input.kmsKey, region, account), objects(writable)));
  }
  statements.push({
    Sid: "ReadTenantTables",
    Effect: "Allow",
    Action: ["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"],
    Resource: glueResources,
  });
  if (!input.readOnly) {
    statements.push({
      Sid: "ChangeTenantTables",
      Effect: "Allow",
      Action: [
        "glue:CreateTable",
        "glue:UpdateTable",
        "glue:DeleteTable",
        "glue:BatchCreatePartition",
        "glue:BatchUpdatePartition",
        "glue:BatchDeletePartition",
      ],
      Resource: glueResources,
    });
  }
  statements.push({
    Sid: "QueryInTenantWorkgroup",
    Effect: "Allow",
    Action: [
      "athena:GetWorkGroup",
      "athena:StartQueryExecution",
      "athena:GetQueryExecution",
      "athena:GetQueryResults",
      "athena:StopQueryExecution",
    ],
    Resource: [`arn:aws:athena:${region}:${account}:workgroup/${input.workgroup}`],
  });
  return { Version: "2012-10-17", Statement: statements };
}

/** With `encryption.kms`: writes only with that key, and the key usable for them and for reading back. */
function kmsStatements(key: { keyArn?: string; alias?: string }, writable: string[]): PolicyStatement[] {
  const use = ["kms:GenerateDataKey", "kms:Decrypt"];
  if (key.keyArn) {
    return [
      {
        Sid: "DenyOtherKmsKey",
        Effect: "Deny",
        Action: ["s3:PutObject"],
        Resource: writable,
        Condition: { StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": key.keyArn } },
      },
      { Sid: "UseTenantKmsKey", Effect: "Allow", Action: use, Resource: [key.keyArn] },
    ];
  }
  return [
    {
      Sid: "UseTenantKmsKey",
      Effect: "Allow",
      Action: use,
      Resource: ["*"],
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": key.alias ?? "" } },
    },
  ];
}

/** One line per statement, said in words: `allow s3:GetObject on 4 resources`, the condition after it. */
export function policyLines(doc: PolicyDocument): Line[] {
  return doc.Statement.map((s) => {
    const condition = Object.entries(s.Condition ?? {})
      .flatMap(([op, keys]) =>
        Object.entries(keys).map(([key, v]) => `${key} ${op} ${[v].flat().join(" | ")}`),
      )
      .join("; ");
    const on = s.Resource.length === 1 ? (s.Resource[0] ?? "") : `${s.Resource.length} resources`;
    return [
      cell(`${s.Sid.padEnd(23)} `),
      cell(s.Effect === "Deny" ? "deny " : "allow", s.Effect === "Deny" ? "warn" : "ok"),
      cell(` ${s.Action.join(", ")} on ${on}`),
      ...(condition ? [cell(` when ${condition}`, "dim")] : []),
    ];
  });
}

// `medallion init`: make a lake what the medallion layout expects — its folders (local), the lifecycle
// policy, versioning, default encryption and the public access block (S3), and one catalog database per
// layer. Each step reads the current state first, so a second run changes nothing and says so.
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { databaseName } from "../config/index.js";
import { assertValidPolicy, hasPolicy, mergeRules, type S3LifecycleRule } from "../cost/lifecycle.js";
import { lakePolicy } from "../cost/report.js";
import { lakeAdmin, refuseBucketWide } from "../cost/scan.js";
import { MedallionError } from "../errors.js";
import type { Lake } from "../lake/lake.js";
import type { S3Admin } from "../storage/s3-admin.js";

export type InitStatus = "done" | "already" | "would" | "not-applicable" | "unsupported";

export interface InitStep {
  step: "layout" | "lifecycle" | "versioning" | "encryption" | "public-access-block" | "databases";
  /** The API call (S3 or catalog) the step makes, or makes no longer. */
  call: string;
  status: InitStatus;
  /** One line: what was done, why not, or what would be. */
  detail: string;
  /** The JSON document the call sends (printed by --dry-run). */
  document?: unknown;
}

export interface InitOptions {
  dryRun?: boolean;
  /** SSE-KMS with this key id or ARN; SSE-S3 (AES256) when unset. */
  kmsKeyId?: string;
  onStep?: (step: InitStep) => void;
}

const S3_ONLY = "S3 only: does not apply to a local lake";

const PUBLIC_ACCESS_BLOCK = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

function encryptionDocument(kmsKeyId: string | undefined) {
  return {
    Rules: [
      kmsKeyId
        ? {
            ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: kmsKeyId },
            BucketKeyEnabled: true,
          }
        : { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } },
    ],
  };
}

/** Layer folders, and under each the domains medallion.yaml's tables name. */
function layoutFolders(lake: Lake): string[] {
  const { layers, tables } = lake.config;
  const folders = new Set<string>([layers.bronze, layers.silver, layers.gold]);
  for (const table of Object.keys(tables)) {
    const parts = table.split("/");
    folders.add(parts.slice(0, parts.length - 1).join("/"));
  }
  return [...folders].sort();
}

async function exists(folder: string): Promise<boolean> {
  return stat(folder).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

export async function initLake(lake: Lake, options: InitOptions = {}): Promise<InitStep[]> {
  if (lake.tenant) refuseBucketWide(lake.tenant.tenant);
  if (lake.readOnly && !options.dryRun) {
    throw new MedallionError(
      "read-only",
      `refused to initialise ${lake.location}: Medallion is in read-only mode (use --dry-run to see the plan)`,
    );
  }
  const steps: InitStep[] = [];
  const record = (step: InitStep) => {
    steps.push(step);
    options.onStep?.(step);
  };
  const dry = options.dryRun === true;
  const root = lake.config.root;

  // Layout
  if (root.kind === "local") {
    const missing: string[] = [];
    for (const folder of layoutFolders(lake)) {
      if (!(await exists(path.join(root.path, folder)))) missing.push(folder);
    }
    if (missing.length === 0) {
      record({
        step: "layout",
        call: "mkdir",
        status: "already",
        detail: `folders there: ${layoutFolders(lake).join(", ")}`,
      });
    } else {
      if (!dry) for (const folder of missing) await mkdir(path.join(root.path, folder), { recursive: true });
      record({
        step: "layout",
        call: "mkdir",
        status: dry ? "would" : "done",
        detail: `${dry ? "would create" : "created"} ${missing.join(", ")}`,
      });
    }
  } else {
    record({
      step: "layout",
      call: "(none)",
      status: "not-applicable",
      detail: "S3 has no folders: layer and domain prefixes appear with their first object",
    });
  }

  const admin = await lakeAdmin(lake);
  if (!admin) {
    for (const step of ["lifecycle", "versioning", "encryption", "public-access-block"] as const) {
      record({ step, call: "(none)", status: "not-applicable", detail: S3_ONLY });
    }
  } else {
    await bucketSteps(lake, admin, options, record);
  }

  // Catalog databases, one per layer.
  const catalog = await lake.catalog();
  const wanted = [lake.config.layers.bronze, lake.config.layers.silver, lake.config.layers.gold].map((l) =>
    databaseName(lake.config, l),
  );
  const have = new Set(await catalog.listDatabases());
  const missing = wanted.filter((d) => !have.has(d));
  const call = catalog.kind === "glue" ? "glue:CreateDatabase" : "catalog: create database";
  if (missing.length === 0) {
    record({ step: "databases", call, status: "already", detail: `databases there: ${wanted.join(", ")}` });
  } else {
    if (!dry) for (const d of missing) await catalog.ensureDatabase(d);
    record({
      step: "databases",
      call,
      status: dry ? "would" : "done",
      detail: `${dry ? "would create" : "created"} ${missing.join(", ")}`,
      document: missing.map((Name) => ({ DatabaseInput: { Name } })),
    });
  }
  return steps;
}

/** Reads a setting; a call the endpoint lacks becomes an `unsupported` step and the run goes on. */
async function attempt<T>(
  step: InitStep["step"],
  call: string,
  record: (s: InitStep) => void,
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false }> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    if (err instanceof MedallionError && err.name === "UnsupportedCall") {
      record({ step, call, status: "unsupported", detail: `${err.message}: skipped` });
      return { ok: false };
    }
    throw err;
  }
}

async function bucketSteps(
  lake: Lake,
  admin: S3Admin,
  options: InitOptions,
  record: (s: InitStep) => void,
): Promise<void> {
  const dry = options.dryRun === true;
  const bucket = `s3://${admin.bucket}`;

  const proposed = lakePolicy(lake);
  assertValidPolicy(proposed);
  const rules = await attempt("lifecycle", "GetBucketLifecycleConfiguration", record, () =>
    admin.lifecycle(),
  );
  if (rules.ok) {
    const existing = rules.value.rules as S3LifecycleRule[];
    // Sent again, or S3 would reset which small objects the bucket's own rules may move.
    const smallObjects = rules.value.smallObjects;
    if (hasPolicy(existing, proposed)) {
      record({
        step: "lifecycle",
        call: "PutBucketLifecycleConfiguration",
        status: "already",
        detail: `${bucket} has the medallion rules`,
      });
    } else {
      const document = {
        Rules: mergeRules(existing, proposed),
        ...(smallObjects ? { TransitionDefaultMinimumObjectSize: smallObjects } : {}),
      };
      const put = dry
        ? { ok: true as const, value: undefined }
        : await attempt("lifecycle", "PutBucketLifecycleConfiguration", record, () =>
            admin.putLifecycleRules(document.Rules as never, smallObjects),
          );
      if (put.ok) {
        record({
          step: "lifecycle",
          call: "PutBucketLifecycleConfiguration",
          status: dry ? "would" : "done",
          detail: `${dry ? "would write" : "wrote"} ${document.Rules.length} rules to ${bucket}`,
          document,
        });
      }
    }
  }

  const versioning = await attempt("versioning", "GetBucketVersioning", record, () => admin.versioning());
  if (versioning.ok) {
    if (versioning.value === "Enabled") {
      record({
        step: "versioning",
        call: "PutBucketVersioning",
        status: "already",
        detail: `${bucket} is versioned`,
      });
    } else {
      const document = { VersioningConfiguration: { Status: "Enabled" } };
      const put = dry
        ? { ok: true as const }
        : await attempt("versioning", "PutBucketVersioning", record, () => admin.enableVersioning());
      if (put.ok) {
        record({
          step: "versioning",
          call: "PutBucketVersioning",
          status: dry ? "would" : "done",
          detail: `${dry ? "would enable" : "enabled"} versioning on ${bucket}`,
          document,
        });
      }
    }
  }

  const wanted = encryptionDocument(options.kmsKeyId);
  const encryption = await attempt("encryption", "GetBucketEncryption", record, () => admin.encryption());
  if (encryption.ok) {
    const current = encryption.value?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
    const want = wanted.Rules[0]?.ApplyServerSideEncryptionByDefault as {
      SSEAlgorithm: string;
      KMSMasterKeyID?: string;
    };
    const same =
      current?.SSEAlgorithm === want.SSEAlgorithm &&
      (current?.KMSMasterKeyID ?? undefined) === want.KMSMasterKeyID;
    const name = options.kmsKeyId ? `SSE-KMS (${options.kmsKeyId})` : "SSE-S3";
    if (same) {
      record({
        step: "encryption",
        call: "PutBucketEncryption",
        status: "already",
        detail: `${bucket} encrypts with ${name} by default`,
      });
    } else {
      const put = dry
        ? { ok: true as const }
        : await attempt("encryption", "PutBucketEncryption", record, () =>
            admin.putEncryption(wanted as never),
          );
      if (put.ok) {
        record({
          step: "encryption",
          call: "PutBucketEncryption",
          status: dry ? "would" : "done",
          detail: `${dry ? "would set" : "set"} default encryption ${name} on ${bucket}`,
          document: { ServerSideEncryptionConfiguration: wanted },
        });
      }
    }
  }

  const block = await attempt("public-access-block", "GetPublicAccessBlock", record, () =>
    admin.publicAccessBlock(),
  );
  if (block.ok) {
    const all =
      block.value &&
      Object.keys(PUBLIC_ACCESS_BLOCK).every(
        (k) => block.value?.[k as keyof typeof PUBLIC_ACCESS_BLOCK] === true,
      );
    if (all) {
      record({
        step: "public-access-block",
        call: "PutPublicAccessBlock",
        status: "already",
        detail: `${bucket} blocks public access`,
      });
    } else {
      const put = dry
        ? { ok: true as const }
        : await attempt("public-access-block", "PutPublicAccessBlock", record, () =>
            admin.putPublicAccessBlock(PUBLIC_ACCESS_BLOCK),
          );
      if (put.ok) {
        record({
          step: "public-access-block",
          call: "PutPublicAccessBlock",
          status: dry ? "would" : "done",
          detail: `${dry ? "would block" : "blocked"} public access to ${bucket}`,
          document: { PublicAccessBlockConfiguration: PUBLIC_ACCESS_BLOCK },
        });
      }
    }
  }
}

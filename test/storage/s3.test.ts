import { randomBytes } from "node:crypto";
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { Config } from "../../src/config/index.js";
import { MedallionError, NotFoundError } from "../../src/errors.js";
import { openStore } from "../../src/storage/index.js";
import { mapS3Error } from "../../src/storage/s3-errors.js";
import { S3Store } from "../../src/storage/s3-store.js";
import { listAll, objectStoreContract } from "./contract.js";

const endpoint = inject("motoEndpoint");
const bucket = `contract-${randomBytes(4).toString("hex")}`;
let runs = 0;

beforeAll(async () => {
  const admin = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  // An object outside every lake root: no store rooted at a prefix may list it.
  await admin.send(new PutObjectCommand({ Bucket: bucket, Key: "outside-the-lake.txt", Body: "x" }));
});

objectStoreContract("S3 on moto", {
  async open() {
    runs += 1;
    return new S3Store({ bucket, prefix: `lake-${runs}/`, endpointUrl: endpoint });
  },
  infrequentAccessClass: "STANDARD_IA",
});

/** The one line a user sees; the test fails if it is a stack trace or spans lines. */
async function failure(promise: Promise<unknown>): Promise<MedallionError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MedallionError);
  expect((err as Error).message).not.toContain("\n");
  return err as MedallionError;
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

describe("S3 store specifics", () => {
  it("uploads a body larger than the part size in parts, and reads across the part boundary", async () => {
    const store = new S3Store({
      bucket,
      prefix: "multipart/",
      endpointUrl: endpoint,
      partSize: 5 * 1024 * 1024,
    });
    const body = randomBytes(11 * 1024 * 1024);
    await store.put("big.bin", body, { storageClass: "STANDARD_IA" });
    expect(store.requests).toMatchObject({
      CreateMultipartUpload: 1,
      UploadPart: 3,
      CompleteMultipartUpload: 1,
    });
    expect(store.requests.PutObject).toBeUndefined();
    const boundary = 5 * 1024 * 1024;
    const across = await store.read("big.bin", { start: boundary - 8, end: boundary + 8 });
    expect(Buffer.from(across).equals(body.subarray(boundary - 8, boundary + 8))).toBe(true);
    expect(await store.head("big.bin")).toMatchObject({ size: body.length, storageClass: "STANDARD_IA" });
    await store.put("small.bin", body.subarray(0, 1024));
    expect(store.requests.PutObject).toBe(1);
  });

  it("strips the lake prefix from keys and never lists objects outside it", async () => {
    const store = new S3Store({ bucket, prefix: "rooted", endpointUrl: endpoint });
    expect(store.root).toBe(`s3://${bucket}/rooted`);
    expect(store.uri("bronze/x.json")).toBe(`s3://${bucket}/rooted/bronze/x.json`);
    await store.put("bronze/x.json", "{}");
    const { keys } = await listAll(store, "");
    expect(keys).toEqual(["bronze/x.json"]);
  });

  it("is what openStore returns for an s3:// lake, with the config's endpoint", async () => {
    const config = {
      root: { kind: "s3", bucket, prefix: "rooted/" },
      endpointUrl: endpoint,
      region: "us-east-1",
    } as Config;
    const store = openStore(config);
    expect(store.kind).toBe("s3");
    expect((await listAll(store, "bronze/")).keys).toEqual(["bronze/x.json"]);
  });

  it("asks for SSE-KMS with the configured key on every write: a put, a multipart upload and a copy", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/0b3e4a2c-1111-2222-3333-444455556666";
    const config = {
      root: { kind: "s3", bucket, prefix: "kms/" },
      endpointUrl: endpoint,
      region: "us-east-1",
      tenant: "acme",
      encryption: { kms: key },
    } as Config;
    const store = openStore(config);
    await store.put("small.json", "{}");
    // Over the 8 MiB part size: CreateMultipartUpload asks for the key, the parts take the upload's.
    await store.put("large.bin", new Uint8Array(9 * 1024 * 1024).fill(7));
    await store.copy?.("small.json", "copied.json");
    const admin = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
    for (const name of ["small.json", "large.bin", "copied.json"]) {
      const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: `kms/${name}` }));
      expect([name, head.ServerSideEncryption, head.SSEKMSKeyId]).toEqual([name, "aws:kms", key]);
    }
    // Under a tenant without the setting: SSE-S3, as before.
    const tenant = openStore({
      ...config,
      encryption: undefined,
      root: { kind: "s3", bucket, prefix: "sse-s3/" },
    } as Config);
    await tenant.put("large.bin", new Uint8Array(9 * 1024 * 1024));
    const head = await admin.send(new HeadObjectCommand({ Bucket: bucket, Key: "sse-s3/large.bin" }));
    expect(head.ServerSideEncryption).toBe("AES256");
  });

  it("counts requests by operation", async () => {
    const store = new S3Store({ bucket, prefix: "counted/", endpointUrl: endpoint });
    await store.put("a", "1");
    await listAll(store, "");
    await store.read("a");
    await store.head("a");
    expect(store.requests).toEqual({ PutObject: 1, ListObjectsV2: 1, GetObject: 1, HeadObject: 1 });
  });
});

describe("S3 errors become one line naming bucket and prefix", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("a missing bucket", async () => {
    const store = new S3Store({ bucket: "no-such-bucket-here", prefix: "lake/", endpointUrl: endpoint });
    const err = await failure(listAll(store, "bronze/"));
    expect(err.code).toBe("no-bucket");
    expect(err.message).toBe(
      `bucket \`no-such-bucket-here\` does not exist (endpoint ${endpoint}): check --lake`,
    );
    expect((await failure(store.read("x"))).code).toBe("no-bucket");
  });

  it("an unreachable endpoint", async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const store = new S3Store({ bucket, endpointUrl: dead });
    const err = await failure(listAll(store, ""));
    expect(err.code).toBe("endpoint");
    expect(err.message).toMatch(
      new RegExp(
        `^S3 ListObjectsV2 failed: cannot reach ${dead} \\(ECONNREFUSED\\); retried 1 time: check --endpoint-url`,
      ),
    );
  });

  it("no credentials anywhere", async () => {
    process.env = {
      PATH: saved.PATH,
      HOME: "/nonexistent-home",
      AWS_CONFIG_FILE: "/nonexistent/config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_REGION: "us-east-1",
    };
    const store = new S3Store({ bucket, endpointUrl: endpoint });
    const err = await failure(listAll(store, ""));
    expect(err.code).toBe("no-credentials");
    expect(err.message).toBe(
      "no AWS credentials found: set AWS_PROFILE or run `aws configure` / `aws sso login --profile …`",
    );
  });

  it("a profile that does not exist", async () => {
    process.env = { ...saved, AWS_CONFIG_FILE: "/nonexistent/config", AWS_EC2_METADATA_DISABLED: "true" };
    process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/credentials";
    const store = new S3Store({ bucket, endpointUrl: endpoint, profile: "data-team" });
    const err = await failure(store.head("x"));
    expect(err.code).toBe("no-credentials");
    expect(err.message).toMatch(
      /^no AWS credentials for profile `data-team`: run `aws configure --profile data-team`/,
    );
  });

  it("access denied (mapped from the SDK's error shape; moto does not enforce IAM by default)", () => {
    const denied = Object.assign(new Error("Access Denied"), {
      name: "AccessDenied",
      $metadata: { httpStatusCode: 403 },
    });
    const err = mapS3Error(denied, { bucket: "acme-lake", prefix: "silver/sales/" }) as MedallionError;
    expect(err.code).toBe("access-denied");
    expect(err.message).toMatch(/^access denied to s3:\/\/acme-lake\/silver\/sales\/ \(bucket `acme-lake`\)/);
    const bare403 = Object.assign(new Error("UnknownError"), {
      name: "Unknown",
      $metadata: { httpStatusCode: 403 },
    });
    expect((mapS3Error(bare403, { bucket: "b", key: "k" }) as MedallionError).code).toBe("access-denied");
  });

  it("AWS itself unreachable (no endpoint configured) names the bucket, not an endpoint flag value", () => {
    const dns = Object.assign(new Error("getaddrinfo ENOTFOUND acme-lake.s3.eu-west-1.amazonaws.com"), {
      code: "ENOTFOUND",
    });
    const err = mapS3Error(dns, { bucket: "acme-lake", prefix: "bronze/" }) as MedallionError;
    expect(err.code).toBe("endpoint");
    expect(err.message).toBe(
      "S3 request failed: cannot reach AWS S3 for bucket `acme-lake` (ENOTFOUND): check --region and the network",
    );
  });

  it("throttling: the SDK retries SlowDown with backoff, then one line says so", async () => {
    let calls = 0;
    const slow = createHttpServer((_req, res) => {
      calls += 1;
      res.writeHead(503, { "content-type": "application/xml" });
      res.end("<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(slow.address() as { port: number }).port}`;
    try {
      const store = new S3Store({
        bucket: "busy",
        prefix: "lake/",
        endpointUrl: url,
        network: { retries: 2, throttleRetries: 2 },
      });
      const err = await failure(listAll(store, "bronze/"));
      expect(err.code).toBe("throttled");
      expect(err.message).toBe(
        `S3 ListObjectsV2 failed: still throttled by ${url} (SlowDown) after 2 retries: try again later`,
      );
      expect(calls).toBe(3); // retried up to the attempt limit, not failed on the first answer
      expect(store.requests.ListObjectsV2).toBe(1); // one call from the caller's side
    } finally {
      slow.close();
    }
  });

  it("throttling that outlasted the retries, and a missing key", () => {
    const slow = Object.assign(new Error("Please reduce your request rate."), {
      name: "SlowDown",
      $metadata: { httpStatusCode: 503 },
    });
    const err = mapS3Error(slow, { bucket: "b", prefix: "bronze/" }) as MedallionError;
    expect(err.code).toBe("throttled");
    expect(err.message).toBe(
      "S3 request failed: still throttled by AWS S3 for bucket `b` (SlowDown): try again later",
    );
    const missing = Object.assign(new Error("The specified key does not exist."), { name: "NoSuchKey" });
    expect(mapS3Error(missing, { bucket: "b", key: "k" })).toBeInstanceOf(NotFoundError);
  });
});

import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_NETWORK } from "../../src/aws/client.js";
import { type AwsRetry, longestWait, onAwsRetry, retryLine } from "../../src/aws/retry.js";
import { GlueCatalog } from "../../src/catalog/glue-catalog.js";
import { createGlueClient } from "../../src/catalog/glue-client.js";
import { loadConfig, type NetworkSettings } from "../../src/config/index.js";
import { MedallionError } from "../../src/errors.js";
import { S3Store } from "../../src/storage/s3-store.js";
import { allPartitions, monthlyPartitions, ordersTable } from "../catalog/helpers.js";
import { FaultServer } from "./fault-server.js";

const moto = inject("motoEndpoint");
const fast: NetworkSettings = { connectTimeout: 0.5, readTimeout: 0.5, retries: 2, throttleRetries: 2 };
/** For calls that must reach moto, which can take seconds on a loaded machine. */
const patient: NetworkSettings = { ...fast, readTimeout: 20 };
const bucket = `fault-${randomUUID().slice(0, 8)}`;
let fault: FaultServer;
let retries: AwsRetry[] = [];
let stopListening = () => {};

beforeAll(async () => {
  fault = await new FaultServer(moto).start();
  await new S3Client({ endpoint: moto, forcePathStyle: true, region: "us-east-1" }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
  await new S3Store({ bucket, endpointUrl: moto }).put("bronze/sales/orders/part-0.json", '{"id":1}\n');
  stopListening = onAwsRetry((event) => {
    if (event.kind === "retry") retries.push(event);
  });
});
afterAll(async () => {
  stopListening();
  await fault.stop();
});
afterEach(() => {
  retries = [];
  fault.inject();
});

async function failure(work: Promise<unknown>): Promise<{ error: MedallionError; seconds: number }> {
  const started = Date.now();
  const error = await work.then(
    () => new MedallionError("usage", "expected a failure"),
    (e: unknown) => e as MedallionError,
  );
  return { error, seconds: (Date.now() - started) / 1000 };
}

const store = (network: NetworkSettings = fast) => new S3Store({ bucket, endpointUrl: fault.url, network });
const glue = (network: NetworkSettings = fast, concurrency = 5) =>
  new GlueCatalog(createGlueClient({ region: "us-east-1", endpointUrl: fault.url, network }), {
    where: fault.url,
    network,
    concurrency,
    backoff: { baseMs: 1 },
  });

describe("the network settings", () => {
  it("default to waits that end within 60 s against an endpoint that never answers or throttles forever", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-network-"));
    writeFileSync(path.join(dir, "medallion.yaml"), "lake: .\n");
    const { network } = loadConfig({}, dir);
    expect(network).toEqual(DEFAULT_NETWORK);
    expect(network).toEqual({ connectTimeout: 3, readTimeout: 20, retries: 1, throttleRetries: 6 });
    const bound = longestWait(network);
    // 2 attempts × (3 s connect + 20 s idle + the SDK's 3 s late idle timer) + 50 ms backoff
    expect(bound.unanswered).toBeCloseTo(52.05, 5);
    // backoff of 1, 2, 4, 8, 16, 20 s at most (full jitter below that)
    expect(bound.throttled).toBe(51);
    expect(Math.max(bound.unanswered, bound.throttled)).toBeLessThan(60);
  });

  it("are read from medallion.yaml, and a wrong one names the field", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-network-"));
    writeFileSync(path.join(dir, "medallion.yaml"), "lake: .\nnetwork: { readTimeout: 2, retries: 4 }\n");
    expect(loadConfig({}, dir).network).toEqual({ ...DEFAULT_NETWORK, readTimeout: 2, retries: 4 });
    writeFileSync(path.join(dir, "medallion.yaml"), "lake: .\nnetwork: { readTimeout: 0 }\n");
    expect(() => loadConfig({}, dir)).toThrow(/medallion\.yaml: network\.readTimeout: .*>0/);
  });
});

describe("S3 requests against a faulty endpoint", () => {
  it("an endpoint that accepts and never answers: retried with progress, then one line, within the bound", async () => {
    fault.inject({ service: "S3", fault: "silent" });
    const { error, seconds } = await failure(store().head("bronze/sales/orders/part-0.json"));
    expect(error.message).toBe(
      `S3 HeadObject failed: no answer from ${fault.url} (no data for 0.5 s); retried 2 times: check --endpoint-url, or raise --read-timeout (network.readTimeout in medallion.yaml)`,
    );
    expect(retries.map(retryLine)).toEqual([
      "S3 HeadObject: no data for 0.5 s, retry 1/2…",
      "S3 HeadObject: no data for 0.5 s, retry 2/2…",
    ]);
    expect(fault.faulted("S3")).toHaveLength(3);
    expect(seconds).toBeGreaterThanOrEqual(1.4);
    expect(seconds).toBeLessThan(longestWait(fast).unanswered + 1);
  });

  it("a body that stalls mid-way ends after the idle timeout, naming the stall", async () => {
    fault.inject({ service: "S3", operation: "GetObject", fault: "stall" });
    const { error, seconds } = await failure(store().read("bronze/sales/orders/part-0.json"));
    expect(error.message).toBe(
      `S3 GetObject failed: the answer from ${fault.url} stalled mid-body (no data for 0.5 s): try again, or raise --read-timeout (network.readTimeout in medallion.yaml)`,
    );
    expect(seconds).toBeLessThan(10); // moto answers the request; only the stall is cut short
  });

  it("a listing whose body stalls is retried like a silent endpoint", async () => {
    fault.inject({ service: "S3", operation: "ListObjectsV2", fault: "stall" });
    const { error } = await failure(store().list("bronze/")[Symbol.asyncIterator]().next());
    expect(error.message).toMatch(
      /^S3 ListObjectsV2 failed: no answer from .* \(no data for 0\.5 s\); retried 2 times/,
    );
    expect(retries).toHaveLength(2);
  });

  it("HTTP 500 names the service, operation, status and S3's code", async () => {
    fault.inject({ service: "S3", fault: "error500" });
    const { error } = await failure(store().read("bronze/sales/orders/part-0.json"));
    expect(error.message).toBe(
      `S3 GetObject failed: HTTP 500 from ${fault.url} (InternalError); retried 2 times`,
    );
    expect(retries.map(retryLine)).toEqual([
      "S3 GetObject: HTTP 500 (InternalError), retry 1/2…",
      "S3 GetObject: HTTP 500 (InternalError), retry 2/2…",
    ]);
  });

  it("throttling (503 SlowDown) gets its own cap, then one line", async () => {
    fault.inject({ service: "S3", fault: "throttle" });
    const { error } = await failure(
      store({ ...fast, throttleRetries: 1 }).read("bronze/sales/orders/part-0.json"),
    );
    expect(error.code).toBe("throttled");
    expect(error.message).toBe(
      `S3 GetObject failed: still throttled by ${fault.url} (SlowDown) after 1 retry: try again later`,
    );
    expect(retries.map(retryLine)).toEqual(["S3 GetObject: throttled, retry 1/1…"]);
  });

  it("a fault that clears is retried through, and the caller gets the object", async () => {
    fault.inject({ service: "S3", operation: "GetObject", fault: "error500", times: 1 });
    const bytes = await store(patient).read("bronze/sales/orders/part-0.json");
    expect(Buffer.from(bytes).toString()).toBe('{"id":1}\n');
    expect(retries.map(retryLine)).toEqual(["S3 GetObject: HTTP 500 (InternalError), retry 1/2…"]);
  });

  it("a failure that is not worth retrying (404) is not retried", async () => {
    const error = await store(patient)
      .head("bronze/nope.json")
      .then(
        () => new Error("expected a failure"),
        (e: unknown) => e as Error,
      );
    expect(error.message).toBe(`not found: s3://${bucket}/bronze/nope.json`);
    expect(retries).toEqual([]);
  });
});

describe("Glue requests against a faulty endpoint", () => {
  const database = `fault_${randomUUID().replaceAll("-", "").slice(0, 10)}`;
  beforeAll(async () => {
    const catalog = glue(patient);
    await catalog.ensureDatabase(database);
    await catalog.putTable(ordersTable(database));
  });

  it("throttled batch calls are retried by the client with progress, and complete", async () => {
    fault.inject({ service: "Glue", operation: "BatchCreatePartition", fault: "throttle", times: 2 });
    const catalog = glue({ ...patient, throttleRetries: 3 }, 1);
    const result = await catalog.addPartitions(database, "sales_orders", monthlyPartitions(150));
    expect(result).toEqual({ succeeded: 150, alreadyDone: 0, failed: [], calls: 2 });
    expect(retries.map(retryLine)).toEqual([
      "Glue BatchCreatePartition: throttled, retry 1/3…",
      "Glue BatchCreatePartition: throttled, retry 2/3…",
    ]);
    expect(await allPartitions(catalog, database, "sales_orders")).toHaveLength(150);
  });

  it("a GetPartitions page throttled twice still returns every partition", async () => {
    fault.inject({ service: "Glue", operation: "GetPartitions", fault: "throttle", times: 2 });
    expect(await allPartitions(glue(patient), database, "sales_orders")).toHaveLength(150);
    expect(retries).toHaveLength(2);
  });

  it("throttling forever ends after throttleRetries with one line naming the operation", async () => {
    fault.inject({ service: "Glue", fault: "throttle" });
    const { error } = await failure(glue().listTables(database));
    expect(error.code).toBe("throttled");
    expect(error.message).toBe(
      `Glue GetTables failed: still throttled by ${fault.url} (ThrottlingException) after 2 retries: try again later or lower glue.concurrency in medallion.yaml`,
    );
    expect(retries.map(retryLine)).toEqual([
      "Glue GetTables: throttled, retry 1/2…",
      "Glue GetTables: throttled, retry 2/2…",
    ]);
  });

  it("a Glue that never answers ends within the bound", async () => {
    fault.inject({ service: "Glue", fault: "silent" });
    const { error, seconds } = await failure(glue().getTable(database, "sales_orders"));
    expect(error.message).toBe(
      `Glue GetTable failed: no answer from ${fault.url} (no data for 0.5 s); retried 2 times: check --endpoint-url, or raise --read-timeout (network.readTimeout in medallion.yaml)`,
    );
    expect(seconds).toBeLessThan(longestWait(fast).unanswered + 1);
  });

  it("HTTP 500 with a body that is not Glue's says which operation and status, not 'internal'", async () => {
    fault.inject({ service: "Glue", fault: "error500" });
    const { error } = await failure(glue().listDatabases());
    expect(error.message).toBe(`Glue GetDatabases failed: HTTP 500 from ${fault.url}; retried 2 times`);
  });
});

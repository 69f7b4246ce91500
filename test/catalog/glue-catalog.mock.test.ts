import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AccessDeniedException,
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchUpdatePartitionCommand,
  CreateDatabaseCommand,
  EntityNotFoundException,
  GetDatabaseCommand,
} from "@aws-sdk/client-glue";
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_NETWORK } from "../../src/aws/client.js";
import { onAwsRetry, retryLine } from "../../src/aws/retry.js";
import { GlueCatalog } from "../../src/catalog/glue-catalog.js";
import { createGlueClient } from "../../src/catalog/glue-client.js";
import { MedallionError } from "../../src/errors.js";
import { FakeGlue } from "./fake-glue.js";
import { allPartitions, monthlyPartitions, sortedKeys } from "./helpers.js";

// Where moto is not faithful: it accepts any batch size and ignores Segment.
describe("GlueCatalog against a Glue that enforces the real limits", () => {
  it("the fake itself refuses an over-limit batch, so an over-limit call would fail a test", async () => {
    const fake = new FakeGlue();
    const input = monthlyPartitions(101).map((p) => ({ Values: p.values }));
    await expect(
      fake.client.send(
        new BatchCreatePartitionCommand({
          DatabaseName: "silver",
          TableName: "t",
          PartitionInputList: input,
        }),
      ),
    ).rejects.toThrow(/at most 100/);
    expect(fake.overLimit).toEqual(["BatchCreatePartition with 101 entries"]);
  });

  it("adds in batches of at most 100, updates of 100 and deletes of 25, at most 5 calls in flight", async () => {
    const fake = new FakeGlue();
    const catalog = fake.catalog();
    const partitions = monthlyPartitions(1001);
    expect(await catalog.addPartitions("silver", "sales_orders", partitions)).toEqual({
      succeeded: 1001,
      alreadyDone: 0,
      failed: [],
      calls: 11,
    });
    const moved = partitions.slice(0, 101).map((p) => ({ ...p, location: `${p.location}v2/` }));
    expect(await catalog.updatePartitions("silver", "sales_orders", moved)).toEqual({
      succeeded: 101,
      alreadyDone: 0,
      failed: [],
      calls: 2,
    });
    const doomed = partitions.slice(0, 76).map((p) => p.values);
    expect(await catalog.deletePartitions("silver", "sales_orders", doomed)).toEqual({
      succeeded: 76,
      alreadyDone: 0,
      failed: [],
      calls: 4,
    });

    expect(fake.overLimit).toEqual([]);
    const sizes = (command: Parameters<typeof fake.mock.commandCalls>[0]) =>
      fake.mock.commandCalls(command).map((c) => {
        const input = c.args[0].input as Record<string, unknown[]>;
        return (input.PartitionInputList ?? input.Entries ?? input.PartitionsToDelete ?? []).length;
      });
    expect(Math.max(...sizes(BatchCreatePartitionCommand))).toBe(100);
    expect(Math.max(...sizes(BatchUpdatePartitionCommand))).toBe(100);
    expect(Math.max(...sizes(BatchDeletePartitionCommand))).toBe(25);
    expect(fake.maxInFlight).toBe(5);
    expect(fake.partitions.size).toBe(1001 - 76);
  });

  it("keeps calls in flight to the configured concurrency", async () => {
    const fake = new FakeGlue();
    await fake.catalog({ concurrency: 2 }).addPartitions("silver", "sales_orders", monthlyPartitions(900));
    expect(fake.maxInFlight).toBe(2);
  });
});

describe("GlueCatalog partition reads by segment", () => {
  it("reads every segment of the configured TotalSegments, pages of at most 1,000, each partition once", async () => {
    const fake = new FakeGlue();
    const partitions = monthlyPartitions(12_000);
    await fake.catalog().addPartitions("silver", "sales_orders", partitions);
    for (const segments of [10, 4]) {
      fake.segmentRequests.length = 0;
      const catalog = fake.catalog({ segments });
      const listed = await allPartitions(catalog, "silver", "sales_orders");
      expect(listed).toHaveLength(12_000);
      expect(sortedKeys(listed)).toEqual(sortedKeys(partitions));
      expect(fake.segmentRequests.map((r) => r.segment).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
        Array.from({ length: segments }, (_, i) => i),
      );
      expect(fake.segmentRequests.every((r) => r.total === segments)).toBe(true);
      // each segment read to its end, in pages of at most 1,000
      const sizes = Array.from({ length: segments }, () => 0);
      for (const p of partitions) {
        const segment = fake.segmentOf(p.values, segments);
        sizes[segment] = (sizes[segment] ?? 0) + 1;
      }
      const pages = sizes.reduce((sum, n) => sum + Math.max(1, Math.ceil(n / 1000)), 0);
      expect(catalog.calls.GetPartitions).toBe(pages);
    }
    expect(fake.overLimit).toEqual([]);
  });

  it("sends no Segment when one segment is configured", async () => {
    const fake = new FakeGlue();
    await fake.catalog().addPartitions("silver", "sales_orders", monthlyPartitions(2500));
    const catalog = fake.catalog({ segments: 1 });
    expect(await allPartitions(catalog, "silver", "sales_orders")).toHaveLength(2500);
    expect(fake.segmentRequests).toEqual([{ segment: undefined, total: undefined }]);
    expect(catalog.calls.GetPartitions).toBe(3);
  });

  it("reads one request only when the endpoint ignores paging and Segment (as moto does)", async () => {
    const fake = new FakeGlue();
    fake.ignoreSegments = "and paging";
    await fake.catalog().addPartitions("silver", "sales_orders", monthlyPartitions(3500));
    const catalog = fake.catalog({ segments: 10 });
    const listed = await allPartitions(catalog, "silver", "sales_orders");
    expect(sortedKeys(listed)).toEqual(sortedKeys(monthlyPartitions(3500)));
    expect(fake.segmentRequests.map((r) => r.segment)).toEqual([0]);
    expect(catalog.calls.GetPartitions).toBe(1);
  });

  it("still yields each partition once when every segment returns every partition", async () => {
    const fake = new FakeGlue();
    fake.ignoreSegments = "only";
    await fake.catalog().addPartitions("silver", "sales_orders", monthlyPartitions(3500));
    const catalog = fake.catalog({ segments: 10 });
    const listed = await allPartitions(catalog, "silver", "sales_orders");
    expect(listed).toHaveLength(3500);
    expect(sortedKeys(listed)).toEqual(sortedKeys(monthlyPartitions(3500)));
    expect(fake.segmentRequests).toHaveLength(10);
  });

  it("refuses a segment count outside 1..10 in one line", () => {
    const fake = new FakeGlue();
    expect(() => fake.catalog({ segments: 0 })).toThrow(
      "Glue segments must be a whole number from 1 to 10, got 0",
    );
    expect(() => fake.catalog({ segments: 11 })).toThrow(MedallionError);
  });
});

describe("GlueCatalog under throttling and partial failure", () => {
  it("reports each partition of a partial failure with its values and Glue's message; resends throttled entries", async () => {
    const fake = new FakeGlue();
    const partitions = monthlyPartitions(5);
    let call = 0;
    fake.mock.on(BatchCreatePartitionCommand).callsFake(async (input) => {
      call++;
      const values = (input.PartitionInputList as { Values: string[] }[]).map((p) => p.Values);
      if (call === 1) {
        return {
          Errors: [
            {
              PartitionValues: values[1],
              ErrorDetail: {
                ErrorCode: "InvalidInputException",
                ErrorMessage: "Location is not a valid S3 path",
              },
            },
            {
              PartitionValues: values[2],
              ErrorDetail: { ErrorCode: "AlreadyExistsException", ErrorMessage: "Partition already exists." },
            },
            {
              PartitionValues: values[3],
              ErrorDetail: {
                ErrorCode: "ResourceNumberLimitExceededException",
                ErrorMessage: "too many partitions",
              },
            },
            {
              PartitionValues: values[4],
              ErrorDetail: { ErrorCode: "ThrottlingException", ErrorMessage: "Rate exceeded" },
            },
          ],
        };
      }
      expect(values).toEqual([partitions[4]?.values]); // only the throttled entry comes back
      return {};
    });
    const lines: string[] = [];
    const stop = onAwsRetry((event) => {
      if (event.kind === "retry") lines.push(retryLine(event));
    });
    const result = await fake.catalog().addPartitions("silver", "sales_orders", partitions).finally(stop);
    // The resend shows as progress, as the SDK's own retries do.
    expect(lines).toEqual([
      `Glue BatchCreatePartition: 1 entry throttled, retry 1/${DEFAULT_NETWORK.throttleRetries}…`,
    ]);
    expect(result.succeeded).toBe(2);
    expect(result.alreadyDone).toBe(1);
    expect(result.failed).toEqual([
      { values: partitions[1]?.values, message: "InvalidInputException: Location is not a valid S3 path" },
      { values: partitions[3]?.values, message: "ResourceNumberLimitExceededException: too many partitions" },
    ]);
    expect(result.calls).toBe(2);
  });
});

describe("Glue errors in one line", () => {
  afterEach(() => {
    delete process.env.AWS_CONFIG_FILE;
    delete process.env.AWS_SHARED_CREDENTIALS_FILE;
  });

  it("names the database and table when access is denied", async () => {
    const fake = new FakeGlue();
    fake.mock
      .on(BatchCreatePartitionCommand)
      .rejects(new AccessDeniedException({ message: "User is not authorized", $metadata: {} }));
    const err = await fake
      .catalog()
      .addPartitions("silver", "sales_orders", monthlyPartitions(1))
      .catch((e: unknown) => e);
    expect((err as MedallionError).code).toBe("access-denied");
    expect((err as Error).message).toBe(
      "access denied: Glue BatchCreatePartition on silver.sales_orders: your role needs glue:BatchCreatePartition",
    );
  });

  it("uses an existing database when the role may not create databases, and says so when it is missing", async () => {
    const fake = new FakeGlue();
    const denied = new AccessDeniedException({ message: "not authorized to CreateDatabase", $metadata: {} });
    fake.mock.on(CreateDatabaseCommand).rejects(denied);
    fake.mock.on(GetDatabaseCommand, { Name: "silver" }).resolves({ Database: { Name: "silver" } });
    fake.mock
      .on(GetDatabaseCommand, { Name: "gold" })
      .rejects(new EntityNotFoundException({ message: "Database gold not found.", $metadata: {} }));
    await fake.catalog().ensureDatabase("silver");
    const err = await fake
      .catalog()
      .ensureDatabase("gold")
      .catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      "access denied: Glue CreateDatabase on database gold: your role needs glue:CreateDatabase",
    );
  });

  it("says how to get credentials when the profile has none", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-aws-"));
    writeFileSync(path.join(dir, "config"), "");
    writeFileSync(path.join(dir, "credentials"), "");
    process.env.AWS_CONFIG_FILE = path.join(dir, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, "credentials");
    const client = createGlueClient({
      region: "us-east-1",
      profile: "data",
      endpointUrl: "http://127.0.0.1:9",
    });
    const err = await new GlueCatalog(client, { profile: "data", where: "http://127.0.0.1:9" })
      .listDatabases()
      .catch((e: unknown) => e);
    expect((err as MedallionError).code).toBe("no-credentials");
    expect((err as Error).message).toMatch(
      /^no AWS credentials found for profile data: run `aws sso login --profile data`/,
    );
  });
});

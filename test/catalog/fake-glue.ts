import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchUpdatePartitionCommand,
  GetPartitionsCommand,
  type GetPartitionsRequest,
  GetTableCommand,
  GlueClient,
  type Partition,
  type PartitionInput,
} from "@aws-sdk/client-glue";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { GlueCatalog, type GlueCatalogOptions } from "../../src/catalog/glue-catalog.js";
import { tableInput } from "../../src/catalog/storage-descriptor.js";
import { ordersTable } from "./helpers.js";

/** The real Glue limits (reference/aws-facts.md); the fake refuses any call over them. */
const limits = {
  BatchCreatePartition: 100,
  BatchUpdatePartition: 100,
  BatchDeletePartition: 25,
  GetPartitions: 1000,
};

export class LimitExceeded extends Error {
  override name = "ValidationException";
}

/**
 * A Glue that enforces what moto does not: batch-size limits, MaxResults, and Segment splitting
 * (each partition belongs to exactly one segment). It records over-limit calls and the most
 * calls it ever had in flight.
 */
export class FakeGlue {
  readonly client = new GlueClient({
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  readonly mock: AwsClientStub<GlueClient>;
  readonly partitions = new Map<string, PartitionInput>();
  readonly overLimit: string[] = [];
  readonly segmentRequests: { segment?: number; total?: number }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** When true, GetPartitions ignores Segment; "and paging" also ignores MaxResults, as moto does. */
  ignoreSegments: false | "only" | "and paging" = false;

  constructor(readonly database = "silver") {
    this.mock = mockClient(this.client);
    this.mock
      .on(GetTableCommand)
      .resolves({ Table: { ...tableInput(ordersTable(database)), DatabaseName: database } });
    this.mock.on(BatchCreatePartitionCommand).callsFake((input) =>
      this.call("BatchCreatePartition", input.PartitionInputList, () => {
        for (const p of input.PartitionInputList as PartitionInput[])
          this.partitions.set(JSON.stringify(p.Values), p);
        return {};
      }),
    );
    this.mock.on(BatchUpdatePartitionCommand).callsFake((input) =>
      this.call("BatchUpdatePartition", input.Entries, () => {
        for (const e of input.Entries)
          this.partitions.set(JSON.stringify(e.PartitionValueList), e.PartitionInput);
        return {};
      }),
    );
    this.mock.on(BatchDeletePartitionCommand).callsFake((input) =>
      this.call("BatchDeletePartition", input.PartitionsToDelete, () => {
        for (const p of input.PartitionsToDelete) this.partitions.delete(JSON.stringify(p.Values));
        return {};
      }),
    );
    this.mock.on(GetPartitionsCommand).callsFake((input: GetPartitionsRequest) => this.getPartitions(input));
  }

  catalog(options: GlueCatalogOptions = {}): GlueCatalog {
    return new GlueCatalog(this.client, { where: "fake Glue", backoff: { baseMs: 1 }, ...options });
  }

  private async call<T>(operation: keyof typeof limits, entries: unknown[], apply: () => T): Promise<T> {
    if (entries.length > limits[operation]) {
      this.overLimit.push(`${operation} with ${entries.length} entries`);
      throw new LimitExceeded(
        `${operation} accepts at most ${limits[operation]} entries, got ${entries.length}`,
      );
    }
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setTimeout(r, 2));
    this.inFlight--;
    return apply();
  }

  segmentOf(values: string[], total: number): number {
    let hash = 0;
    for (const ch of JSON.stringify(values)) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
    return Math.abs(hash) % total;
  }

  private async getPartitions(input: GetPartitionsRequest) {
    const max = input.MaxResults ?? 1000;
    if (max > limits.GetPartitions) {
      this.overLimit.push(`GetPartitions with MaxResults ${max}`);
      throw new LimitExceeded(`MaxResults must be at most 1000, got ${max}`);
    }
    const segment = input.Segment;
    const total = segment?.TotalSegments ?? 1;
    if (segment && (total < 1 || total > 10)) {
      this.overLimit.push(`GetPartitions with TotalSegments ${segment.TotalSegments}`);
      throw new LimitExceeded("TotalSegments must be 1..10");
    }
    if (!input.NextToken)
      this.segmentRequests.push({ segment: segment?.SegmentNumber, total: segment?.TotalSegments });
    await new Promise((r) => setTimeout(r, 1));
    const all = [...this.partitions.values()].filter(
      (p) =>
        !segment || this.ignoreSegments || this.segmentOf(p.Values ?? [], total) === segment.SegmentNumber,
    );
    if (this.ignoreSegments === "and paging") return { Partitions: all };
    const start = Number(input.NextToken ?? 0);
    const page: Partition[] = all
      .slice(start, start + max)
      .map((p) => ({ ...p, DatabaseName: input.DatabaseName, TableName: input.TableName }));
    const next = start + max < all.length ? String(start + max) : undefined;
    return { Partitions: page, NextToken: next };
  }
}

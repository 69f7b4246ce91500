// Glue and Athena beside S3: the lake's Glue catalog objects counted on moto, and the Athena workgroup's
// query history priced per query (aws-sdk-client-mock: moto reports no bytes scanned), or said not counted.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  AthenaClient,
  BatchGetQueryExecutionCommand,
  ListQueryExecutionsCommand,
  type QueryExecution,
} from "@aws-sdk/client-athena";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { priceTable, serviceCosts, serviceLines } from "../../src/cost/index.js";
import { openLake } from "../../src/lake/index.js";
import { lineText } from "../../src/render/index.js";
import { monthlyPartitions, ordersTable, tempDir } from "../catalog/helpers.js";

const endpoint = inject("motoEndpoint");
const us = priceTable("us-east-1");
const DAY = 86_400_000;
const MiB = 1024 ** 2;
const TiB = 1024 ** 4;
const athena = mockClient(AthenaClient);

afterEach(() => athena.reset());

function execution(id: string, state: string, bytes: number, daysAgo: number, now: number): QueryExecution {
  return {
    QueryExecutionId: id,
    Status: { State: state as never, SubmissionDateTime: new Date(now - daysAgo * DAY) },
    Statistics: { DataScannedInBytes: bytes },
  };
}

describe("Glue and Athena in the cost breakdown", () => {
  it("counts the lake's Glue databases, tables and partitions (moto), under the free million", async () => {
    const bucket = `svc-${randomBytes(4).toString("hex")}`;
    await new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" }).send(
      new CreateBucketCommand({ Bucket: bucket }),
    );
    const db = `svc${randomBytes(3).toString("hex")}`;
    const dir = tempDir("svc");
    writeFileSync(
      path.join(dir, "medallion.yaml"),
      `lake: s3://${bucket}/lake\nendpointUrl: ${endpoint}\nregion: us-east-1\ncatalog: glue\ndatabase: "${db}_{layer}"\n`,
    );
    const lake = openLake(loadConfig({}, dir));
    const catalog = await lake.catalog();
    await catalog.ensureDatabase(`${db}_silver`);
    await catalog.putTable(ordersTable(`${db}_silver`));
    await catalog.putTable(ordersTable(`${db}_silver`, { name: "sales_payments" }));
    await catalog.addPartitions(`${db}_silver`, "sales_orders", monthlyPartitions(30));
    athena.on(ListQueryExecutionsCommand).rejects(new Error("AccessDeniedException: not authorized"));
    const [glue, ath] = await serviceCosts(lake, us, { athena: new AthenaClient({ region: "us-east-1" }) });
    expect(glue).toEqual({
      service: "Glue",
      counted: true,
      monthly: 0,
      detail: expect.stringContaining("33 catalog objects (1 databases, 2 tables, 30 partitions)"),
    });
    // Requests are priced but not counted: Glue reports no count, and the free million is the account's.
    expect(lineText(serviceLines([glue as never])[0] ?? [])).toContain(
      "requests: $1.00 per million past the first 1,000,000 a month, not counted (Glue reports no request count;",
    );
    // Athena's history not readable: said, not guessed.
    expect(ath?.counted).toBe(false);
    expect(lineText(serviceLines([ath as never])[0] ?? [])).toBe(
      "Athena: not counted: the query history of workgroup primary could not be read (AccessDeniedException: not authorized)",
    );
    await lake.close();
  });

  it("prices the workgroup's last 30 days of queries: bytes scanned, 10 MB minimum, failed ones free", async () => {
    const now = Date.UTC(2026, 11, 2);
    athena
      .on(ListQueryExecutionsCommand)
      .resolvesOnce({ QueryExecutionIds: ["a", "b", "c"], NextToken: "t" })
      .resolvesOnce({ QueryExecutionIds: ["d", "e"] });
    athena
      .on(BatchGetQueryExecutionCommand, { QueryExecutionIds: ["a", "b", "c"] })
      .resolves({
        QueryExecutions: [
          execution("a", "SUCCEEDED", TiB, 1, now),
          execution("b", "FAILED", TiB, 2, now),
          execution("c", "CANCELLED", 1024, 3, now),
        ],
      })
      .on(BatchGetQueryExecutionCommand, { QueryExecutionIds: ["d", "e"] })
      .resolves({
        QueryExecutions: [
          execution("d", "SUCCEEDED", 100 * MiB, 29, now),
          execution("e", "SUCCEEDED", TiB, 31, now),
        ],
      });
    const lake = openLake(loadConfig({ lake: "s3://any/lake", region: "us-east-1" }, tempDir("svc")));
    const [, ath] = await serviceCosts(lake, us, { athena: new AthenaClient({ region: "us-east-1" }), now });
    // $5/TiB: a 1 TiB ($5), c at the 10 MB minimum, d's 100 MiB; b failed (free), e older than 30 days.
    const tenMB = 10 * 1000 * 1000;
    const minimum = (Math.ceil(tenMB / MiB) * MiB) / TiB;
    expect(ath?.monthly).toBeCloseTo(5 + 5 * Math.max(minimum, tenMB / TiB) + (5 * 100 * MiB) / TiB, 9);
    expect(ath?.detail).toBe(
      "3 queries in workgroup primary over the last 30 days scanned 1.0 TiB (10 MB minimum each)",
    );
    await lake.close();
  });
});

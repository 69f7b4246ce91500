// The app's real LakeSource on an S3 lake (moto, through the real AWS SDK), and the browser and preview
// screens drawn from it.
import { randomBytes } from "node:crypto";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { cleanup } from "ink-testing-library";
import { afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { lakeSource } from "../../components/lake-source.js";
import { loadConfig } from "../../src/config/index.js";
import type { LakeEntry } from "../../src/lake/entry.js";
import { S3Store } from "../../src/storage/s3-store.js";
import { KEYS, renderApp } from "./render-app.js";

let bucket: string;
let endpoint: string;

beforeAll(async () => {
  endpoint = inject("motoEndpoint");
  bucket = `tui-${randomBytes(4).toString("hex")}`;
  await new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
  const store = new S3Store({ bucket, prefix: "prod/", endpointUrl: endpoint });
  const lines = Array.from({ length: 40 }, (_, i) =>
    JSON.stringify({ order_id: `ORD-${i}`, amount: i * 1.5 }),
  ).join("\n");
  await store.put("bronze/sales/orders/year=2024/month=01/_SUCCESS", "");
  await store.put("bronze/sales/orders/year=2024/month=01/part-0.json", `${lines}\n`);
  await store.put("bronze/sales/orders/year=2024/month=02/part-0.json", `${lines}\n`, {
    storageClass: "STANDARD_IA",
  });
  await store.put("bronze/sales/orders/month=03/year=2024/part-0.json", `${lines}\n`);
  await store.put("bronze/sales/orders/year=2024/month=04/part-0.parquet", "not parquet at all");
});

afterEach(() => cleanup());

function source() {
  const config = loadConfig({
    lake: `s3://${bucket}/prod`,
    endpointUrl: endpoint,
    region: "us-east-1",
    readOnly: true,
  });
  return lakeSource(config);
}

describe("the app's LakeSource on S3 (moto)", () => {
  it("says where the lake is without touching the network", () => {
    expect(source().header).toEqual({
      root: `s3://${bucket}/prod`,
      where: `profile ${process.env.AWS_PROFILE ?? "default"} · us-east-1 · ${endpoint}`,
      catalog: "local",
      readOnly: true,
    });
  });

  it("lists partitions with totals and storage classes, and resolves URIs both ways", async () => {
    const lake = source();
    const rows = new Map<string, LakeEntry>();
    for await (const batch of lake.listEntries("bronze/sales/orders", {
      signal: new AbortController().signal,
    })) {
      for (const e of batch) rows.set(e.path, e);
    }
    const feb = rows.get("bronze/sales/orders/year=2024/month=02");
    expect(feb?.kind).toBe("partition");
    expect(feb?.storageClasses).toHaveProperty("STANDARD_IA");
    expect(rows.get("bronze/sales/orders/month=03/year=2024")?.kind).toBe("partition");
    expect(lake.uri("bronze/sales/orders")).toBe(`s3://${bucket}/prod/bronze/sales/orders`);
    expect(lake.toLakePath(`s3://${bucket}/prod/bronze/sales`)).toBe("bronze/sales");
    expect(() => lake.toLakePath("s3://elsewhere/x")).toThrow(/outside the lake/);
  });

  it("finds a partition's first data file, skipping _SUCCESS markers", async () => {
    const file = await source().firstFile("bronze/sales/orders/year=2024/month=01", {
      signal: new AbortController().signal,
    });
    expect(file).toBe("bronze/sales/orders/year=2024/month=01/part-0.json");
  });

  it("browses to a JSON file on S3 and previews its rows in the app", async () => {
    const app = renderApp({
      source: source(),
      start: { screen: "browser", params: { path: "bronze/sales/orders" } },
    });
    await app.waitForText("year 2024 · month 01", 20_000);
    await app.press("p");
    const frame = await app.waitForText("ORD-0", 20_000);
    expect(frame).toContain("order_id");
    expect(frame).toContain("jsonl");
    expect(frame).toMatch(/rows 1–\d+/);
  });

  it("shows a file that is not what its name says as one line in the preview pane", async () => {
    const app = renderApp({
      size: { width: 160, height: 30 },
      source: source(),
      start: { screen: "preview", params: { path: "bronze/sales/orders/year=2024/month=04/part-0.parquet" } },
    });
    const frame = await app.waitForText("cannot preview:", 20_000);
    expect(frame).toMatch(/cannot preview: .*part-0\.parquet.*(footer|Parquet|magic)/);
    await app.press(KEYS.esc);
  });
});

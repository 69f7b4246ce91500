// A tenant-scoped session through every command against moto, behind a recording proxy: the endpoint's
// own log shows that no request named another tenant's keys or tables, nor the tenant-less ones.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { S3Store } from "../../src/storage/s3-store.js";
import { FaultServer, type RecordedRequest } from "../fault/fault-server.js";
import { buildCli, cli } from "../preview/_cli.js";

const moto = inject("motoEndpoint");
const bucket = `tenant-walk-${randomUUID().slice(0, 8)}`;
const database = `tw${randomUUID().replaceAll("-", "").slice(0, 8)}`;
const dir = mkdtempSync(path.join(tmpdir(), "medallion-tenant-walk-"));
/** A fault server with no faults: it passes every request to moto and records it. */
let proxy: FaultServer;

function medallion(
  endpoint: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, "--endpoint-url", endpoint, ...args],
      { cwd: dir, env: { ...process.env, MEDALLION_CONFIG: "" }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err ? (err as { code?: number }).code : 0;
        resolve({ code: typeof code === "number" ? code : -1, stdout, stderr });
      },
    );
  });
}

const orders = (tenant: string, day: string) =>
  [1, 2, 3]
    .map((i) =>
      JSON.stringify({
        order_id: `${tenant}-${day}-${i}`,
        amount: `${i}.50`,
        created_at: `2024-01-${day}T10:0${i}:00Z`,
      }),
    )
    .join("\n");

beforeAll(async () => {
  await buildCli();
  writeFileSync(
    path.join(dir, "medallion.yaml"),
    `lake: s3://${bucket}/lake
catalog: glue
region: us-east-1
database: ${database}_{layer}
tables:
  bronze/sales/orders: { partitionKeys: [year, month, day], format: json }
  silver/sales/orders:
    partitionKeys: [year, month, day]
    silver:
      from: bronze/sales/orders
      partitionFrom: created_at
      columns:
        - { name: order_id, type: string, nullable: false }
        - { name: amount, type: "decimal(10,2)" }
        - { name: created_at, type: timestamp, nullable: false }
`,
  );
  await new S3Client({ endpoint: moto, forcePathStyle: true, region: "us-east-1" }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
  const store = new S3Store({ bucket, prefix: "lake/", endpointUrl: moto });
  for (const day of ["14", "15"]) {
    for (const tenant of ["acme", "globex"]) {
      await store.put(
        `bronze/tenant=${tenant}/sales/orders/year=2024/month=01/day=${day}/part-0.json`,
        orders(tenant, day),
      );
    }
    await store.put(`bronze/sales/orders/year=2024/month=01/day=${day}/part-0.json`, orders("shop", day));
  }
  // Set up without the proxy: every table catalogued, globex promoted (its silver, runs and catalog tables).
  for (const args of [
    ["sync", "--yes"],
    ["--tenant", "globex", "promote", "bronze/tenant=globex/sales/orders", "--to", "silver", "--yes"],
  ]) {
    const run = await medallion(moto, ...args);
    expect(run.code, run.stderr).toBe(0);
  }
  // A new day for acme: its diff finds it, its sync adds it.
  await store.put(
    "bronze/tenant=acme/sales/orders/year=2024/month=01/day=16/part-0.json",
    orders("acme", "16"),
  );
  proxy = await new FaultServer(moto).start();
}, 300_000);

afterAll(() => proxy?.stop());

/** The keys (or listing prefixes) an S3 request names, relative to the bucket; [] for bucket settings. */
function s3Keys(r: RecordedRequest): string[] {
  const [pathname = "", query = ""] = r.url.split("?");
  const key = pathname.split("/").slice(2).join("/");
  const params = new URLSearchParams(query);
  if (key !== "") return [key];
  if (params.has("delete")) return [...r.body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1] ?? "");
  if (params.has("prefix") || params.has("list-type") || params.has("versions"))
    return [params.get("prefix") ?? ""];
  return [];
}

/** The Glue table a request names, if any. */
function glueTable(r: RecordedRequest): string | undefined {
  const body = JSON.parse(r.body || "{}");
  if (r.operation === "GetTable" || r.operation === "DeleteTable") return body.Name;
  if (r.operation === "CreateTable" || r.operation === "UpdateTable") return body.TableInput?.Name;
  return body.TableName;
}

const ACME = /^lake\/(bronze|silver|gold|_medallion)\/tenant=acme\//;

describe("a tenant-scoped session on S3 and Glue", () => {
  it("goes through every command touching only the tenant's keys and tables", async () => {
    const walk: [string[], number][] = [
      [["ls"], 0],
      [["ls", "bronze"], 0],
      [["ls", "bronze/tenant=acme/sales/orders"], 0],
      [["preview", "bronze/tenant=acme/sales/orders"], 0],
      [["schema", "bronze/tenant=acme/sales/orders"], 0],
      [["diff", "bronze"], 1],
      [["sync", "bronze", "--yes"], 0],
      [["promote", "bronze/tenant=acme/sales/orders", "--to", "silver", "--yes"], 0],
      [["cost"], 0],
      [["runs"], 0],
      [["diff"], 0],
    ];
    const outputs: Record<string, string> = {};
    for (const [args, code] of walk) {
      const run = await medallion(proxy.url, "--tenant", "acme", ...args);
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(code);
      outputs[args.join(" ")] = run.stdout;
    }
    expect(outputs.ls).toMatch(/^bronze\/?\s/m);
    expect(outputs["ls bronze"]).toContain("tenant=acme/");
    expect(outputs["ls bronze"]).not.toContain("globex");
    expect(outputs["diff bronze"]).toContain("year=2024/month=01/day=16");
    const runs = outputs.runs ?? "";
    expect(runs.trim().split("\n")).toHaveLength(1); // acme's run, not globex's
    expect(runs).toContain("silver/tenant=acme/sales/orders");

    const requests = proxy.requests;
    const s3 = requests.filter((r) => r.service === "S3");
    const glue = requests.filter((r) => r.service === "Glue");
    // Not vacuous: the walk listed, read, wrote and deleted objects, and read and changed the catalog.
    expect(new Set(s3.map((r) => r.method))).toEqual(new Set(["GET", "HEAD", "PUT", "POST"]));
    for (const op of ["GetTable", "GetPartitions", "BatchCreatePartition", "CreateTable"])
      expect(glue.map((r) => r.operation)).toContain(op);

    const keys = s3.flatMap(s3Keys);
    expect(keys.filter((k) => k.startsWith("lake/silver/tenant=acme/")).length).toBeGreaterThan(3);
    expect(keys.filter((k) => k.startsWith("lake/_medallion/tenant=acme/runs/")).length).toBeGreaterThan(0);
    const outside = s3.flatMap((r) =>
      s3Keys(r)
        .filter((k) => !ACME.test(k))
        .map((k) => `${r.method} ${k}`),
    );
    expect(outside).toEqual([]);
    const otherTables = glue.flatMap((r) => {
      const table = glueTable(r);
      return table !== undefined && !table.startsWith("acme_") ? [`${r.operation} ${table}`] : [];
    });
    expect(otherTables).toEqual([]);
    // Never a whole database listed (GetTables hands back every tenant's tables), never another tenant named.
    expect(glue.map((r) => r.operation)).not.toContain("GetTables");
    expect(requests.filter((r) => `${r.url} ${r.body}`.includes("globex"))).toEqual([]);
    // Every write asks for encryption, as the tenant's policy requires.
    const puts = s3.filter((r) => r.method === "PUT" && !r.url.includes("partNumber="));
    expect(puts.length).toBeGreaterThan(0);
    expect(puts.filter((r) => r.headers["x-amz-server-side-encryption"] !== "AES256")).toEqual([]);
  }, 300_000);

  it("refuses another tenant's path and the tenant-less one in one line, before any request", async () => {
    const before = proxy.requests.length;
    const globex = await medallion(proxy.url, "--tenant", "acme", "ls", "bronze/tenant=globex/sales/orders");
    expect(globex).toMatchObject({ code: 2, stdout: "" });
    expect(globex.stderr).toBe(
      "medallion: refused to open `bronze/tenant=globex/sales/orders`: outside tenant acme, whose data is under <layer>/tenant=acme/\n",
    );
    const shop = await medallion(proxy.url, "--tenant", "acme", "preview", "bronze/sales/orders");
    expect(shop.code).toBe(2);
    expect(shop.stderr).toMatch(/did you mean bronze\/tenant=acme\/sales\/orders\?\n$/);
    expect(proxy.requests.length).toBe(before);
  });
});

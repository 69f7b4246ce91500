// Every command of the built CLI against an S3 + Glue endpoint that fails the way production ones do:
// each ends within the configured limits with retry progress and one line naming service and operation.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { longestWait } from "../../src/aws/retry.js";
import type { NetworkSettings } from "../../src/config/index.js";
import { S3Store } from "../../src/storage/s3-store.js";
import { parquetWriter } from "../parquet/_duckdb.js";
import { cli } from "../preview/_cli.js";
import { type Fault, FaultServer } from "./fault-server.js";

const moto = inject("motoEndpoint");
// Short limits so the suite runs fast; 3 s idle so calls that pass through to moto (on a loaded machine)
// are not cut short, while a silent endpoint still ends in seconds.
const network: NetworkSettings = { connectTimeout: 1, readTimeout: 3, retries: 1, throttleRetries: 1 };
const bound = longestWait(network);
// The most a command may take from its first request to the faulty service until it exits: that
// request's longest wait, a mid-body stall after it, and 5 s for the process to wind down on a loaded
// machine (node's start and the calls passed through to moto come before and are not counted).
const limitSeconds = Math.max(bound.unanswered, bound.throttled) + network.readTimeout + 3 + 5;

const bucket = `fault-cli-${randomUUID().slice(0, 8)}`;
const database = `fault_${randomUUID().replaceAll("-", "").slice(0, 8)}`;
const faults: Fault[] = ["silent", "stall", "throttle", "error500"];

/** A folder whose medallion.yaml points the S3 lake and Glue at `url` (a fault server). */
function lakeDir(url: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-fault-"));
  writeFileSync(
    path.join(dir, "medallion.yaml"),
    `lake: s3://${bucket}/lake
catalog: glue
region: us-east-1
endpointUrl: ${url}
database: ${database}_{layer}
network: { connectTimeout: ${network.connectTimeout}, readTimeout: ${network.readTimeout}, retries: ${network.retries}, throttleRetries: ${network.throttleRetries} }
tables:
  bronze/sales/orders: { partitionKeys: [year, month], format: json }
  silver/sales/orders: { partitionKeys: [year] }
`,
  );
  return dir;
}

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error("dist/commands/medallion.js is missing: run `npm run build` first");
  await new S3Client({ endpoint: moto, forcePathStyle: true, region: "us-east-1" }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
  const store = new S3Store({ bucket, prefix: "lake/", endpointUrl: moto });
  for (const month of ["01", "02"]) {
    await store.put(
      `bronze/sales/orders/year=2024/month=${month}/part-0.json`,
      '{"OrderId":1,"Amount":9.5}\n',
    );
  }
  const duck = await parquetWriter();
  try {
    const name = await duck.write("orders.parquet", "SELECT 1::BIGINT AS order_id, 9.5::DOUBLE AS amount");
    await store.put("silver/sales/orders/year=2024/part-0.parquet", readFileSync(path.join(duck.dir, name)));
  } finally {
    await duck.close();
  }
}, 180_000);

function medallion(cwd: string, args: string[]): Promise<{ code: number; stderr: string; exitAt: number }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd, env: { ...process.env, MEDALLION_CONFIG: "" }, timeout: 120_000 },
      (err, _stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? -1) : 0;
        resolve({
          code: typeof code === "number" ? code : -1,
          stderr,
          exitAt: Date.now(),
        });
      },
    );
  });
}

/** What the last line says for each fault. */
const endings: Record<Fault, string> = {
  silent: "no answer from",
  stall: "(no answer from|the answer from .* stalled mid-body)",
  throttle: "still throttled by",
  error500: "HTTP 500 from",
};

const commands: { args: string[]; service: "S3" | "Glue" }[] = [
  { args: ["ls", "bronze/sales/orders"], service: "S3" },
  { args: ["preview", "bronze/sales/orders/year=2024/month=01/part-0.json"], service: "S3" },
  { args: ["schema", "silver/sales/orders/year=2024/part-0.parquet"], service: "S3" },
  { args: ["diff", "bronze/sales/orders"], service: "Glue" },
  { args: ["sync", "bronze/sales/orders", "--yes"], service: "Glue" },
  { args: ["catalog", "register", "bronze/sales/orders"], service: "Glue" },
];

describe.concurrent("every command against a faulty endpoint ends in time with one line", () => {
  for (const { args, service } of commands) {
    for (const fault of faults) {
      it(`${args.slice(0, 2).join(" ")} · ${service} ${fault}`, async () => {
        // A fault server of its own, so the first faulty request it sees is this command's.
        const server = await new FaultServer(moto).start();
        server.inject({ service, fault });
        const run = await medallion(lakeDir(server.url), args).finally(() => server.stop());
        const lines = run.stderr.trimEnd().split("\n");
        const last = lines.pop() ?? "";
        expect(run.code, run.stderr).toBe(2);
        expect(last).toMatch(
          new RegExp(
            `^medallion: ${service} \\w+ failed: ${endings[fault]} ${server.url.replaceAll(".", "\\.")}`,
          ),
        );
        // Everything before the last line is retry progress for the same service.
        for (const line of lines)
          expect(line).toMatch(new RegExp(`^medallion: ${service} \\w+: .+, retry \\d/\\d…$`));
        if (fault !== "stall") expect(lines.length).toBeGreaterThan(0);
        const faulted = server.faulted(service);
        expect(faulted.length).toBeGreaterThan(0);
        expect((run.exitAt - Math.min(...faulted.map((h) => h.at))) / 1000).toBeLessThan(limitSeconds);
      }, 150_000);
    }
  }
});

describe("network flags", () => {
  it("--read-timeout and --retries override the file's network settings", async () => {
    const server = await new FaultServer(moto).start();
    server.inject({ service: "S3", fault: "silent" });
    const args = ["--read-timeout", "1", "--retries", "0", "ls", "bronze/sales/orders"];
    const run = await medallion(lakeDir(server.url), args).finally(() => server.stop());
    expect(run.code, run.stderr).toBe(2);
    // The file allows one retry after 3 s; the flags allow none after 1 s: no retry line, the one failure line.
    expect(run.stderr).toMatch(
      /^medallion: S3 \w+ failed: no answer from \S+ \(no data for 1 s\): .*raise --read-timeout/,
    );
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    // One request: a listing that failed is not followed by another before the error shows.
    expect(server.faulted("S3")).toHaveLength(1);
  }, 60_000);
});

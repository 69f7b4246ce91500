// Cost breakdown throughput: 1,000,000 objects from an S3 Inventory CSV report (objects/s, peak RSS),
// 100,000 from a live listing of a local-folder lake and 20,000 from moto_server, each next to a bare
// baseline on the same objects in the same run (`aws s3 ls --recursive --summarize` on moto; `find` on a
// local folder, which `aws s3 ls` cannot list). BENCH_COST_SCALE=0.1 makes a quick run.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mapBounded } from "../src/catalog/bounded.js";
import { startMoto } from "./_moto.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const scale = Number(process.env.BENCH_COST_SCALE ?? "1");
const CLASSES = ["STANDARD", "STANDARD_IA", "GLACIER_IR", "DEEP_ARCHIVE", "INTELLIGENT_TIERING"];

interface ChildResult {
  objects: number;
  ms: number;
  rssMB: number;
}

function child(...args: string[]): ChildResult {
  const run = spawnSync(process.execPath, [path.join(here, "_cost-child.js"), ...args], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`cost child failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as ChildResult;
}

function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const key = (i: number) => {
  const day = String((i % 28) + 1).padStart(2, "0");
  const table = ["orders", "payments", "customers", "events"][i % 4];
  const layer = ["bronze", "silver", "gold"][i % 3];
  return `${layer}/sales/${table}/year=2025/month=${String((i % 12) + 1).padStart(2, "0")}/day=${day}/part-${i}.parquet`;
};

async function inventory(n: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-inventory-"));
  mkdirSync(path.join(dir, "data"));
  const data = path.join(dir, "data", "inventory.csv.gz");
  const gzip = createGzip();
  const done = new Promise<void>((resolve) =>
    gzip.pipe(createWriteStream(data)).on("finish", () => resolve()),
  );
  let chunk = "";
  for (let i = 0; i < n; i++) {
    chunk += `"lake","${key(i)}","${(i * 7919) % 50_000_000}","2025-0${(i % 9) + 1}-15T10:00:00.000Z","${CLASSES[i % 5]}"\n`;
    if (chunk.length > 1 << 20) {
      if (!gzip.write(chunk)) await new Promise((r) => gzip.once("drain", r));
      chunk = "";
    }
  }
  gzip.end(chunk);
  await done;
  const manifest = path.join(dir, "manifest.json");
  writeFileSync(
    manifest,
    JSON.stringify({
      sourceBucket: "lake",
      destinationBucket: "arn:aws:s3:::inv",
      fileFormat: "CSV",
      fileSchema: "Bucket, Key, Size, LastModifiedDate, StorageClass",
      files: [{ key: "lake/all/data/inventory.csv.gz" }],
    }),
  );
  const ours = child("inventory", manifest);
  let lines = "";
  const bare = timed(() => {
    lines = execFileSync("sh", ["-c", `gzip -dc '${data}' | wc -l`], { encoding: "utf8" }).trim();
  });
  process.stdout.write(
    `inventory CSV, ${n.toLocaleString("en-US")} objects: breakdown ${(ours.ms / 1000).toFixed(2)} s ` +
      `(${Math.round(ours.objects / (ours.ms / 1000)).toLocaleString("en-US")} objects/s), peak RSS ${ours.rssMB.toFixed(0)} MB (target ≤ 300 MB); ` +
      `baseline gzip -dc | wc -l (${lines} lines) ${(bare / 1000).toFixed(2)} s: ratio ${(ours.ms / bare).toFixed(2)}x\n`,
  );
}

async function local(n: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-lake-"));
  for (let i = 0; i < n; i++) {
    const file = path.join(dir, key(i));
    if (i < 1008) mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "");
  }
  const ours = child("local", dir);
  let count = "";
  const bare = timed(() => {
    count = execFileSync("sh", ["-c", `find '${dir}' -type f | wc -l`], { encoding: "utf8" }).trim();
  });
  // The listing needs each file's size and time, so a stat per file: find does the same with -printf.
  const stated = timed(() => {
    execFileSync("sh", ["-c", `find '${dir}' -type f -printf '%s %T@\\n' | wc -l`], { encoding: "utf8" });
  });
  process.stdout.write(
    `live listing, local folder, ${ours.objects.toLocaleString("en-US")} objects: ${(ours.ms / 1000).toFixed(2)} s, peak RSS ${ours.rssMB.toFixed(0)} MB; ` +
      `baseline find -type f (${count}) ${(bare / 1000).toFixed(2)} s: ratio ${(ours.ms / bare).toFixed(2)}x; ` +
      `find -type f -printf '%s %T@' (a stat per file) ${(stated / 1000).toFixed(2)} s: ratio ${(ours.ms / stated).toFixed(2)}x\n`,
  );
}

async function moto(n: number): Promise<void> {
  const server = await startMoto();
  try {
    const client = new S3Client({ endpoint: server.endpoint, forcePathStyle: true, region: "us-east-1" });
    const bucket = `bench-${randomBytes(3).toString("hex")}`;
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    await mapBounded(
      Array.from({ length: n }, (_, i) => i),
      16,
      (i) => client.send(new PutObjectCommand({ Bucket: bucket, Key: `lake/${key(i)}`, Body: "-" })),
    );
    const ours = child("s3", server.endpoint, bucket, "lake/");
    let summary = "";
    const bare = timed(() => {
      summary = execFileSync(
        "aws",
        ["s3", "ls", `s3://${bucket}/lake/`, "--recursive", "--summarize", "--endpoint-url", server.endpoint],
        { encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, AWS_DEFAULT_REGION: "us-east-1" } },
      );
    });
    const total = /Total Objects: (\d+)/.exec(summary)?.[1];
    process.stdout.write(
      `live listing, moto_server, ${ours.objects.toLocaleString("en-US")} objects: ${(ours.ms / 1000).toFixed(2)} s, peak RSS ${ours.rssMB.toFixed(0)} MB; ` +
        `baseline aws s3 ls --recursive --summarize (${total} objects) ${(bare / 1000).toFixed(2)} s: ratio ${(ours.ms / bare).toFixed(2)}x\n`,
    );
  } finally {
    server.stop();
  }
}

export default async function main(): Promise<void> {
  // BENCH_COST_PARTS=local (or inventory,moto) runs only those parts.
  const parts = (process.env.BENCH_COST_PARTS ?? "inventory,local,moto").split(",");
  if (parts.includes("inventory")) await inventory(Math.round(1_000_000 * scale));
  if (parts.includes("local")) await local(Math.round(100_000 * scale));
  if (parts.includes("moto")) await moto(Math.round(20_000 * scale));
}

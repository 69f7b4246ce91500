// Discovering the partitions of a table with 10,000 partitions × 3 files through the S3 store, against a
// flat recursive listing of the same prefix with the AWS CLI (`aws s3 ls --recursive`), in the same run,
// on a moto_server started here. Layout: bronze/sales/orders/year=YYYY/month=MM/day=DD/part-0000N.json,
// 10,000 consecutive days from 1999-01-01 (27.4 years): the design's bronze layout for daily feeds.
import { spawn } from "node:child_process";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import {
  type DiscoveryPlan,
  type DiscoveryStrategy,
  discoverPartitions,
} from "../src/storage/partition-walk.js";
import { createS3Client } from "../src/storage/s3-client.js";
import { S3Store } from "../src/storage/s3-store.js";
import { startMoto } from "./_moto.js";

const PARTITIONS = 10_000;
const FILES = 3;
const TABLE = "bronze/sales/orders/";
const BUCKET = "bench-lake";
const RUNS = 3;
const CREDS = {
  AWS_ACCESS_KEY_ID: "testing",
  AWS_SECRET_ACCESS_KEY: "testing",
  AWS_DEFAULT_REGION: "us-east-1",
};

function dayKeys(): string[] {
  const keys: string[] = [];
  const start = Date.UTC(1999, 0, 1);
  for (let d = 0; d < PARTITIONS; d++) {
    const date = new Date(start + d * 86_400_000).toISOString();
    const [y, m, day] = [date.slice(0, 4), date.slice(5, 7), date.slice(8, 10)];
    for (let f = 0; f < FILES; f++) keys.push(`${TABLE}year=${y}/month=${m}/day=${day}/part-0000${f}.json`);
  }
  return keys;
}

async function upload(store: S3Store, keys: string[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++] as string;
      await store.put(key, `{"order_id":${next},"amount":12.5,"currency":"EUR","key":"${key}"}\n`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

interface Ours {
  ms: number;
  firstMs: number;
  partitions: number;
  requests: number;
  plan?: DiscoveryPlan;
}

async function medallion(
  endpoint: string,
  options: { concurrency: number; strategy: DiscoveryStrategy },
): Promise<Ours> {
  const store = new S3Store({
    bucket: BUCKET,
    endpointUrl: endpoint,
    region: "us-east-1",
    maxSockets: options.concurrency,
  });
  const started = performance.now();
  let firstMs = -1;
  let partitions = 0;
  let plan: DiscoveryPlan | undefined;
  const walk = discoverPartitions(store, TABLE, 3, {
    ...options,
    namesOnly: true,
    onPlan: (p) => (plan = p),
  });
  for await (const batch of walk) {
    if (batch.partitions.length > 0 && firstMs < 0) firstMs = performance.now() - started;
    partitions += batch.partitions.length;
  }
  const ms = performance.now() - started;
  store.client.destroy();
  return { ms, firstMs, partitions, requests: store.requests.ListObjectsV2 ?? 0, plan };
}

function awsCli(endpoint: string, args: string[]): Promise<{ ms: number; firstMs: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("aws", [...args, "--endpoint-url", endpoint], { env: { ...process.env, ...CREDS } });
    let lines = 0;
    let firstMs = -1;
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      if (firstMs < 0) firstMs = performance.now() - started;
      for (const byte of chunk) if (byte === 10) lines += 1;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve({ ms: performance.now() - started, firstMs, lines });
      else reject(new Error(`aws ${args.join(" ")} exited ${code}: ${err.split("\n")[0]}`));
    });
  });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export default async function partitionDiscovery(): Promise<void> {
  const moto = await startMoto();
  // moto accepts any key pair; the SDK's default chain finds these in the environment, as the CLI does.
  const savedEnv = { ...process.env };
  Object.assign(process.env, CREDS);
  try {
    const admin = createS3Client({ endpointUrl: moto.endpoint, region: "us-east-1" }, {});
    await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const keys = dayKeys();
    const loader = new S3Store({ bucket: BUCKET, endpointUrl: moto.endpoint, region: "us-east-1" });
    const t0 = performance.now();
    await upload(loader, keys, 32);
    process.stdout.write(
      `table: s3://${BUCKET}/${TABLE} with ${PARTITIONS} partitions (year/month/day, 1999-01-01 on) × ${FILES} files = ${keys.length} objects, uploaded in ${secs(performance.now() - t0)}\n`,
    );

    const cliArgs = ["s3", "ls", "--recursive", `s3://${BUCKET}/${TABLE}`];
    await awsCli(moto.endpoint, ["s3", "ls", `s3://${BUCKET}/`]); // warm both sides up once
    await medallion(moto.endpoint, { concurrency: 16, strategy: "auto" });

    const ours: Ours[] = [];
    const cli: { ms: number; firstMs: number; lines: number }[] = [];
    for (let run = 0; run < RUNS; run++) {
      ours.push(await medallion(moto.endpoint, { concurrency: 16, strategy: "auto" }));
      cli.push(await awsCli(moto.endpoint, cliArgs));
    }
    const startup = median(
      await Promise.all([0, 1, 2].map(() => awsCli(moto.endpoint, ["--version"]))).then((r) =>
        r.map((x) => x.ms),
      ),
    );
    for (const r of ours)
      if (r.partitions !== PARTITIONS)
        throw new Error(`Medallion found ${r.partitions} partitions, expected ${PARTITIONS}`);
    for (const r of cli)
      if (r.lines !== keys.length)
        throw new Error(`aws s3 ls printed ${r.lines} lines, expected ${keys.length}`);

    const ourMs = median(ours.map((r) => r.ms));
    const cliMs = median(cli.map((r) => r.ms));
    const sample = ours[0] as Ours;
    const plan = sample.plan;
    const lines = [
      `medallion (auto → ${plan?.strategy}${plan?.delimiter ? ` with delimiter ${plan.delimiter}` : ""}, ${plan?.filesPerPartition?.toFixed(1)} files/partition sampled, concurrency 16):`,
      `  ${secs(ourMs)} median of ${RUNS} (${ours.map((r) => secs(r.ms)).join(", ")}), ${sample.requests} ListObjectsV2 requests, first partition after ${secs(median(ours.map((r) => r.firstMs)))}`,
      `aws s3 ls --recursive (AWS CLI v1):`,
      `  ${secs(cliMs)} median of ${RUNS} (${cli.map((r) => secs(r.ms)).join(", ")}), ${Math.ceil(keys.length / 1000)} ListObjectsV2 requests (ceil(${keys.length}/1000)), first line printed after ${secs(median(cli.map((r) => r.firstMs)))}`,
      `ratio: medallion is ${(cliMs / ourMs).toFixed(2)}× faster (target ≥ 2×)`,
      `  without the CLI's start-up (aws --version takes ${secs(startup)}): ${((cliMs - startup) / ourMs).toFixed(2)}×`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);

    // The strategies auto did not pick, measured once each for comparison.
    for (const strategy of ["flat", "delimiter"] as const) {
      const r = await medallion(moto.endpoint, { concurrency: 16, strategy });
      process.stdout.write(
        `  for reference, strategy ${strategy}: ${secs(r.ms)}, ${r.requests} requests, first partition after ${secs(r.firstMs)}\n`,
      );
    }
    admin.destroy();
    loader.client.destroy();
  } finally {
    moto.stop();
    process.env = savedEnv;
  }
}

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MedallionError } from "../../src/errors.js";
import { LocalStore } from "../../src/storage/local-store.js";
import type { ObjectStore } from "../../src/storage/object-store.js";
import {
  type DiscoveryBatch,
  type DiscoveryOptions,
  type DiscoveryPlan,
  discoverPartitions,
} from "../../src/storage/partition-walk.js";
import { S3Store } from "../../src/storage/s3-store.js";
import { putMany } from "./contract.js";

const endpoint = inject("motoEndpoint");
const bucket = `walk-${randomBytes(4).toString("hex")}`;
const folders: string[] = [];

beforeAll(async () => {
  const admin = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
  await admin.send(new CreateBucketCommand({ Bucket: bucket }));
});
afterAll(async () => {
  await Promise.all(folders.map((f) => rm(f, { recursive: true, force: true })));
});

const stores: [string, () => Promise<ObjectStore>][] = [
  [
    "local folder",
    async () => {
      const folder = await mkdtemp(path.join(tmpdir(), "medallion-walk-"));
      folders.push(folder);
      return new LocalStore(folder);
    },
  ],
  [
    "S3 on moto",
    async () => new S3Store({ bucket, prefix: `${randomBytes(4).toString("hex")}/`, endpointUrl: endpoint }),
  ],
];

const table = "bronze/sales/orders/";
const days = [
  "year=2023/month=12/day=30",
  "year=2023/month=12/day=31",
  "year=2024/month=01/day=01",
  "year=2024/month=01/day=02",
  "year=2024/month=02/day=01",
];

async function walk(store: ObjectStore, depth: number | undefined, options: DiscoveryOptions = {}) {
  const batches: DiscoveryBatch[] = [];
  let plan: DiscoveryPlan | undefined;
  for await (const batch of discoverPartitions(store, table, depth, {
    ...options,
    onPlan: (p) => (plan = p),
  })) {
    batches.push(batch);
  }
  const partitions = batches.flatMap((b) => b.partitions).sort((a, b) => (a.prefix < b.prefix ? -1 : 1));
  return {
    plan,
    partitions,
    strayFiles: batches.flatMap((b) => b.strayFiles.map((s) => s.object.key)).sort(),
    otherFolders: batches.flatMap((b) => b.otherFolders.map((f) => f.prefix)).sort(),
  };
}

describe.each(stores)("discoverPartitions on %s", (_name, open) => {
  let store: ObjectStore;
  beforeAll(async () => {
    store = await open();
    const keys = days.flatMap((day) => [0, 1, 2].map((i) => `${table}${day}/part-${i}.json`));
    await putMany(store, [
      ...keys,
      `${table}_SUCCESS`,
      `${table}year=2024/marker.txt`,
      `${table}_temporary/0/part-9.json`,
      `${table}year=2024/month=01/notes/readme.txt`,
      `${table}year=2024/month=02/part-misplaced.json`, // a file above the day level, named like the data
      "bronze/sales/orders_backup/year=2024/month=01/day=01/x.json", // a sibling table sharing a name prefix
    ]);
  });

  it("finds the same partitions with every strategy, with raw segments", async () => {
    const expected = days.map((d) => `${table}${d}/`);
    for (const strategy of ["auto", "flat", "delimiter", "rollup"] as const) {
      const found = await walk(store, 3, { strategy });
      expect(found.partitions.map((p) => p.prefix)).toEqual(expected);
      expect(found.partitions[0]?.segments).toEqual(["year=2023", "month=12", "day=30"]);
      expect(found.strayFiles).toEqual([
        `${table}_SUCCESS`,
        `${table}year=2024/marker.txt`,
        `${table}year=2024/month=02/part-misplaced.json`,
      ]);
      expect(found.otherFolders).toEqual([`${table}_temporary/`, `${table}year=2024/month=01/notes/`]);
    }
  });

  it("gives each partition's objects, bytes, storage classes and last change when it lists flat", async () => {
    const { partitions, plan } = await walk(store, 3, { strategy: "flat" });
    expect(plan?.strategy).toBe("flat");
    const first = partitions[0];
    const bytes = [0, 1, 2].reduce((n, i) => n + `${table}${days[0]}/part-${i}.json`.length, 0);
    expect(first?.stats).toMatchObject({ objects: 3, bytes, storageClasses: { STANDARD: bytes } });
    expect(first?.stats?.lastModified).toBeInstanceOf(Date);
    const delimiter = await walk(store, 3, { strategy: "delimiter" });
    expect(delimiter.partitions[0]?.stats).toBeUndefined();
  });

  it("costs one request per parent prefix walking with delimiters, one per 1,000 keys listing flat", async () => {
    let before = store.requests.ListObjectsV2 ?? 0;
    await walk(store, 3, { strategy: "delimiter" });
    // table, 2 years, 3 year/month prefixes (notes/ and _temporary/ are not walked into)
    expect((store.requests.ListObjectsV2 ?? 0) - before).toBe(1 + 2 + 3);
    before = store.requests.ListObjectsV2 ?? 0;
    const flat = await walk(store, 3, { strategy: "flat", concurrency: 1 });
    expect(flat.plan).toMatchObject({ strategy: "flat", fanOutLevel: 1 });
    // the table's first level, then one flat listing per year
    expect((store.requests.ListObjectsV2 ?? 0) - before).toBe(1 + 2);
  });

  it("auto lists flat with stats by default, and rolls up by the files' shared name start for names only", async () => {
    const counted = await walk(store, 3, { concurrency: 1 });
    expect(counted.plan).toMatchObject({ strategy: "flat", fanOutLevel: 1, filesPerPartition: 3 });
    expect(counted.partitions.every((p) => p.stats?.objects === 3)).toBe(true);
    const before = store.requests.ListObjectsV2 ?? 0;
    const auto = await walk(store, 3, { namesOnly: true });
    expect(auto.plan).toMatchObject({
      strategy: "rollup",
      fanOutLevel: 1,
      filesPerPartition: 3,
      delimiter: "/part-",
    });
    expect(auto.partitions).toHaveLength(5);
    expect(auto.partitions.every((p) => p.stats === undefined)).toBe(true);
    // the table's first level, the sample (all of year=2023), year=2024 rolled up, and the misplaced
    // file's rollup (`year=2024/month=02/part-`, above the day level) listed again level by level
    expect((store.requests.ListObjectsV2 ?? 0) - before).toBe(1 + 1 + 1 + 1);
  });

  it("auto lists flat, with stats, when asked for stats", async () => {
    const found = await walk(store, 3, { stats: true, namesOnly: true, concurrency: 1 });
    expect(found.plan).toMatchObject({ strategy: "flat" });
    expect(found.partitions.every((p) => p.stats?.objects === 3)).toBe(true);
  });

  it("rollup finds partitions whatever their files are called, and folders named like the files", async () => {
    const odd = await open();
    await putMany(odd, [
      `${table}year=2024/month=01/part-0.json`,
      `${table}year=2024/month=01/part-1.json`,
      `${table}year=2024/month=01/part-2.json`,
      `${table}year=2024/month=01/_SUCCESS`,
      `${table}year=2024/month=02/part-0.json`,
      `${table}year=2024/month=02/data.csv`,
      `${table}year=2024/month=03/sub/part-1.json`,
      `${table}year=2024/part-stray.json`,
      `${table}year=2024/part-folder/part-2.json`,
    ]);
    const found = await walk(odd, 2, { strategy: "rollup" });
    expect(found.plan).toMatchObject({ strategy: "rollup", delimiter: "/part-" });
    expect(found.partitions.map((p) => p.prefix)).toEqual([
      `${table}year=2024/month=01/`,
      `${table}year=2024/month=02/`,
      `${table}year=2024/month=03/`,
    ]);
    expect(found.strayFiles).toEqual([`${table}year=2024/part-stray.json`]);
    expect(found.otherFolders).toEqual([`${table}year=2024/part-folder/`]);
  });

  it("lists one level deeper in parallel when the first level has fewer prefixes than listings allowed", async () => {
    const found = await walk(store, 3, { strategy: "flat", concurrency: 8 });
    expect(found.plan).toMatchObject({ strategy: "flat", fanOutLevel: 2 });
    expect(found.partitions).toHaveLength(5);
    expect(found.partitions.every((p) => p.stats?.objects === 3)).toBe(true);
  });

  it("infers the depth from the keys of a table that declares no partition keys", async () => {
    const found = await walk(store, undefined);
    expect(found.plan?.depth).toBe(3);
    expect(found.partitions).toHaveLength(5);
  });

  it("without a shared file name, lists flat when partitions hold few files and walks levels when many", async () => {
    const named = (n: number, p: string) =>
      Array.from({ length: n }, () => `${table}${p}/${randomBytes(6).toString("hex")}.json`);
    const few = await open();
    await putMany(few, [...named(3, "dt=2024-01-01/hour=00"), ...named(3, "dt=2024-01-02/hour=00")]);
    expect((await walk(few, 2, { concurrency: 1 })).plan).toMatchObject({
      strategy: "flat",
      filesPerPartition: 3,
    });
    const many = await open();
    await putMany(many, [...named(60, "dt=2024-01-01/hour=00"), ...named(60, "dt=2024-01-02/hour=00")]);
    const found = await walk(many, 2);
    expect(found.plan).toMatchObject({ strategy: "delimiter", filesPerPartition: 60 });
    expect(found.partitions.map((p) => p.prefix)).toEqual([
      `${table}dt=2024-01-01/hour=00/`,
      `${table}dt=2024-01-02/hour=00/`,
    ]);
  });

  it("streams: the first partitions arrive before the walk ends, and stopping early stops listing", async () => {
    const wide = await open();
    const years = Array.from({ length: 30 }, (_, i) => 1990 + i);
    await putMany(
      wide,
      years.flatMap((y) => [
        `${table}year=${y}/month=01/part-0.json`,
        `${table}year=${y}/month=02/part-0.json`,
      ]),
    );
    const full = await walk(wide, 2, { strategy: "delimiter", concurrency: 2 });
    expect(full.partitions).toHaveLength(60);
    const fullCost = 1 + 30;
    const before = wide.requests.ListObjectsV2 ?? 0;
    let atFirst = -1;
    for await (const batch of discoverPartitions(wide, table, 2, { strategy: "delimiter", concurrency: 2 })) {
      if (batch.partitions.length > 0) {
        atFirst = (wide.requests.ListObjectsV2 ?? 0) - before;
        break;
      }
    }
    expect(atFirst).toBeGreaterThan(0);
    expect(atFirst).toBeLessThan(fullCost);
    await new Promise((r) => setTimeout(r, 200));
    // after the break, at most the listings already in flight finish
    expect((wide.requests.ListObjectsV2 ?? 0) - before).toBeLessThanOrEqual(atFirst + 2);
  });

  it("finds nothing in a table with no objects", async () => {
    const before = store.requests.ListObjectsV2 ?? 0;
    const none: DiscoveryBatch[] = [];
    for await (const batch of discoverPartitions(store, "bronze/sales/none/", undefined)) none.push(batch);
    expect(none).toEqual([]);
    expect((store.requests.ListObjectsV2 ?? 0) - before).toBe(1);
  });
});

describe("discoverPartitions errors", () => {
  it("ends with the store's one-line error (a missing bucket), not a hang", async () => {
    const store = new S3Store({ bucket: "walk-no-such-bucket", endpointUrl: endpoint });
    const run = async () => {
      for await (const _ of discoverPartitions(store, table, 3)) {
        // nothing
      }
    };
    await expect(run()).rejects.toThrow(MedallionError);
    await expect(run()).rejects.toThrow(/bucket `walk-no-such-bucket` does not exist/);
  });

  it("stops when its signal aborts", async () => {
    const store = new S3Store({ bucket, prefix: "aborted/", endpointUrl: endpoint });
    await store.put(`${table}year=2024/month=01/part-0.json`, "x");
    const controller = new AbortController();
    controller.abort();
    const run = async () => {
      for await (const _ of discoverPartitions(store, table, 2, { signal: controller.signal })) {
        // nothing
      }
    };
    await expect(run()).rejects.toThrow(/abort/i);
    expect(store.requests.ListObjectsV2).toBeUndefined();
  });
});

import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createDemoLake } from "../../src/demo/index.js";
import { NotFoundError } from "../../src/errors.js";
import { type ListableLake, listEntries } from "../../src/lake/entries.js";
import type { LakeEntry } from "../../src/lake/entry.js";
import type { LakeLayout } from "../../src/lake/types.js";
import { LocalStore } from "../../src/storage/local-store.js";
import type { ListOptions, ListPage, ObjectStore } from "../../src/storage/object-store.js";
import { S3Store } from "../../src/storage/s3-store.js";

const layout: LakeLayout = {
  layers: ["bronze", "silver", "gold"],
  partitionKeys: {
    "bronze/sales/orders": ["year", "month", "day"],
    "bronze/sales/customers": ["year", "month", "day"],
    "bronze/sales/payments": ["year", "month"],
  },
};

const root = mkdtempSync(path.join(tmpdir(), "medallion-entries-"));
const dir = path.join(root, "lake");
let local: ListableLake;
let s3: ListableLake;

function put(key: string, body: string): void {
  mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
  writeFileSync(path.join(dir, key), body);
}

/** Every file under the local lake, as key → size. */
function filesOnDisk(): Map<string, number> {
  const files = new Map<string, number>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file).split(path.sep).join("/"), statSync(file).size);
  }
  return files;
}

/** The final rows of a listing, by path (later batches replace earlier rows). */
async function rows(lake: ListableLake, location: string): Promise<Map<string, LakeEntry>> {
  const out = new Map<string, LakeEntry>();
  for await (const batch of listEntries(lake, location))
    for (const entry of batch) out.set(entry.path, entry);
  return out;
}

function under(prefix: string): { objects: number; bytes: number } {
  let objects = 0;
  let bytes = 0;
  for (const [key, size] of filesOnDisk()) {
    if (key.startsWith(prefix)) {
      objects += 1;
      bytes += size;
    }
  }
  return { objects, bytes };
}

beforeAll(async () => {
  await createDemoLake(dir, { days: 4, endDate: new Date("2024-03-02T00:00:00Z") });
  // The dirt a real lake collects, next to the demo's clean partitions.
  put("bronze/sales/orders/year=2024/day=01/month=03/late.json", '{"order_id":"x"}\n');
  put("bronze/sales/orders/backup/old.json", '{"order_id":"y"}\n');
  put("bronze/sales/orders/README.txt", "orders feed\n");
  put("bronze/sales/orders/year=2024/stray.json", "{}\n");
  put("bronze/sales/orders/_SUCCESS", "");
  put("bronze/tenant=acme/sales/orders/year=2024/month=03/day=01/part-00000.json", "{}\n");
  put("bronze/web/clicks/label=a%3Ab/country=__HIVE_DEFAULT_PARTITION__/part-0.json", "{}\n");
  for (const day of ["01", "02", "03"]) {
    for (let i = 0; i < 3; i++)
      put(`bronze/web/sessions/dt=2024-01-${day}/part-0000${i}.json`, `{"day":"${day}","i":${i}}\n`);
  }
  put("bronze/web/sessions/_temporary/0/part-00009.json", "{}\n");
  put("scratch/notes.txt", "not a layer\n");
  put("README.md", "a file at the root\n");
  put(".DS_Store", "");
  local = { store: new LocalStore(dir), layout };

  const endpoint = inject("motoEndpoint");
  const bucket = `entries-${randomBytes(4).toString("hex")}`;
  await new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" }).send(
    new CreateBucketCommand({ Bucket: bucket }),
  );
  const store = new S3Store({ bucket, prefix: "lake/", endpointUrl: endpoint });
  const keys = [...filesOnDisk().keys()];
  for (let i = 0; i < keys.length; i += 16) {
    await Promise.all(keys.slice(i, i + 16).map((key) => store.put(key, readFileSync(path.join(dir, key)))));
  }
  s3 = { store, layout };
});

describe("listEntries on a local lake", () => {
  it("lists layers at the root, flags a folder that is not a layer and a stray root file", async () => {
    const r = await rows(local, "");
    // The tool's own state (the demo's local catalog) and its config file are not the lake's data.
    // The demo promotes into silver and gold too.
    expect([...r.keys()].sort()).toEqual([".DS_Store", "README.md", "bronze", "gold", "scratch", "silver"]);
    expect(r.get("bronze")).toMatchObject({ kind: "layer", ...under("bronze/"), anomalies: [] });
    expect(r.get("scratch")?.kind).toBe("folder");
    expect(r.get("scratch")?.anomalies.map((a) => a.kind)).toEqual(["unknown-layer"]);
    expect(r.get("README.md")).toMatchObject({ kind: "file", objects: 1 });
    expect(r.get("README.md")?.anomalies.map((a) => a.kind)).toEqual(["stray-file"]);
    expect(r.get(".DS_Store")?.anomalies).toEqual([]);
    expect(r.get("bronze")?.storageClasses).toEqual({ STANDARD: under("bronze/").bytes });
    expect(r.get("bronze")?.lastModified).toBeInstanceOf(Date);
  });

  it("still lists the tool's own state when asked for it by path", async () => {
    const r = await rows(local, "_medallion");
    expect([...r.keys()]).toContain("_medallion/catalog.sqlite");
  });

  it("lists domains and tenants in a layer", async () => {
    const r = await rows(local, "bronze");
    expect([...r.values()].map((e) => [e.name, e.kind]).sort()).toEqual([
      ["sales", "domain"],
      ["tenant=acme", "tenant"],
      ["tenant=globex", "tenant"],
      ["web", "domain"],
    ]);
    expect(r.get("bronze/sales")).toMatchObject(under("bronze/sales/"));
    const tenant = await rows(local, "bronze/tenant=acme");
    expect([...tenant.values()].map((e) => [e.name, e.kind])).toEqual([["sales", "domain"]]);
  });

  it("lists tables in a domain with their totals", async () => {
    const r = await rows(local, "bronze/sales/");
    expect([...r.keys()].sort()).toEqual([
      "bronze/sales/customers",
      "bronze/sales/orders",
      "bronze/sales/payments",
    ]);
    for (const entry of r.values()) {
      expect(entry.kind).toBe("table");
      expect(entry).toMatchObject(under(`${entry.path}/`));
    }
  });

  it("lists a table's partitions at full depth with unescaped values, and flags what does not fit", async () => {
    const r = await rows(local, "bronze/sales/orders");
    const day = r.get("bronze/sales/orders/year=2024/month=03/day=01");
    expect(day).toMatchObject({
      kind: "partition",
      name: "year=2024/month=03/day=01",
      partition: [
        { key: "year", value: "2024" },
        { key: "month", value: "03" },
        { key: "day", value: "01" },
      ],
      anomalies: [],
      ...under("bronze/sales/orders/year=2024/month=03/day=01/"),
    });
    const partitions = [...r.values()].filter((e) => e.kind === "partition" && e.anomalies.length === 0);
    expect(partitions.map((e) => e.name).sort()).toEqual([
      "year=2024/month=02/day=28",
      "year=2024/month=02/day=29",
      "year=2024/month=03/day=01",
      "year=2024/month=03/day=02",
    ]);
    const flags = (p: string) => r.get(`bronze/sales/orders/${p}`)?.anomalies.map((a) => a.kind);
    expect(flags("year=2024/day=01/month=03")).toContain("keys-out-of-order");
    expect(flags("backup")).toEqual(["folder-without-equals"]);
    expect(r.get("bronze/sales/orders/backup")).toMatchObject({
      kind: "folder",
      ...under("bronze/sales/orders/backup/"),
    });
    expect(flags("README.txt")).toEqual(["stray-file"]);
    expect(r.get("bronze/sales/orders/year=2024")).toMatchObject({ kind: "folder", objects: 1 });
    expect(flags("year=2024")).toEqual(["stray-file"]);
    expect(r.get("bronze/sales/orders/_SUCCESS")).toMatchObject({ kind: "file", anomalies: [] });
    const total = [...r.values()].reduce((n, e) => n + e.bytes, 0);
    expect(total).toBe(under("bronze/sales/orders/").bytes);
  });

  it("reads escaped and null partition values of a table with no declared keys", async () => {
    const r = await rows(local, "bronze/web/clicks");
    const entry = r.get("bronze/web/clicks/label=a%3Ab/country=__HIVE_DEFAULT_PARTITION__");
    expect(entry?.partition).toEqual([
      { key: "label", value: "a:b" },
      { key: "country", value: null },
    ]);
  });

  it("totals partitions of a one-level table, whose walk names them by delimiter", async () => {
    const r = await rows(local, "bronze/web/sessions");
    expect([...r.keys()].sort()).toEqual([
      "bronze/web/sessions/_temporary",
      "bronze/web/sessions/dt=2024-01-01",
      "bronze/web/sessions/dt=2024-01-02",
      "bronze/web/sessions/dt=2024-01-03",
    ]);
    for (const entry of r.values()) expect(entry).toMatchObject(under(`${entry.path}/`));
    expect(r.get("bronze/web/sessions/dt=2024-01-02")).toMatchObject({
      kind: "partition",
      objects: 3,
      partition: [{ key: "dt", value: "2024-01-02" }],
    });
    expect(r.get("bronze/web/sessions/_temporary")).toMatchObject({ kind: "folder", anomalies: [] });
  });

  it("lists the partitions under a partial partition prefix, named from there", async () => {
    const r = await rows(local, "bronze/sales/orders/year=2024/month=03");
    expect([...r.values()].map((e) => [e.name, e.kind])).toEqual([
      ["day=01", "partition"],
      ["day=02", "partition"],
    ]);
    expect(r.get("bronze/sales/orders/year=2024/month=03/day=02")?.partition?.map((p) => p.value)).toEqual([
      "2024",
      "03",
      "02",
    ]);
  });

  it("lists the files of a partition, and a single file by its path", async () => {
    const at = "bronze/sales/payments/year=2024/month=03";
    const r = await rows(local, at);
    expect(r.size).toBe(4);
    for (const entry of r.values()) {
      expect(entry.kind).toBe("file");
      expect(entry.objects).toBe(1);
      expect(entry.bytes).toBe(filesOnDisk().get(entry.path));
    }
    const file = [...r.keys()][0] as string;
    const one = await rows(local, file);
    expect([...one.values()]).toEqual([r.get(file)]);
  });

  it("says there is nothing at a path that holds nothing", async () => {
    await expect(rows(local, "bronze/sales/nope")).rejects.toThrow(NotFoundError);
    await expect(rows(local, "bronze/sales/nope")).rejects.toThrow("nothing at bronze/sales/nope");
  });

  it("stops when its signal is aborted", async () => {
    const controller = new AbortController();
    const seen: LakeEntry[] = [];
    const run = async () => {
      for await (const batch of listEntries(local, "bronze/sales/orders", { signal: controller.signal })) {
        seen.push(...batch);
        controller.abort();
      }
    };
    await expect(run()).rejects.toThrow(/abort/i);
    expect(seen.length).toBeGreaterThan(0);
  });
});

describe("listEntries on the same lake in S3 (moto)", () => {
  const levels = [
    "",
    "bronze",
    "bronze/tenant=acme",
    "bronze/sales",
    "bronze/sales/orders",
    "bronze/sales/orders/year=2024/month=03",
    "bronze/sales/orders/year=2024/month=03/day=01",
    "bronze/sales/payments",
    "bronze/web/clicks",
    "bronze/web/sessions",
  ];
  for (const level of levels) {
    it(`returns the same rows as the local lake at "${level}"`, async () => {
      const strip = (r: Map<string, LakeEntry>) =>
        [...r.values()]
          .map(({ lastModified, ...rest }) => {
            expect(lastModified).toBeInstanceOf(Date);
            return rest;
          })
          .sort((a, b) => a.path.localeCompare(b.path));
      const [fromDisk, fromS3] = await Promise.all([rows(local, level), rows(s3, level)]);
      expect(fromDisk.size).toBeGreaterThan(0);
      expect(strip(fromS3)).toEqual(strip(fromDisk));
    });
  }

  it("reports storage classes by bytes", async () => {
    const store = s3.store as S3Store;
    // A table of its own: the demo's silver tables hold data already.
    await store.put("silver/archive/orders/year=2024/month=01/day=01/a.parquet", "x".repeat(300), {
      storageClass: "GLACIER",
    });
    await store.put("silver/archive/orders/year=2024/month=01/day=01/b.parquet", "x".repeat(700));
    const r = await rows(s3, "silver/archive");
    expect(r.get("silver/archive/orders")?.storageClasses).toEqual({ GLACIER: 300, STANDARD: 700 });
  });

  it("says there is nothing at a missing path", async () => {
    await expect(rows(s3, "bronze/sales/nope")).rejects.toThrow("nothing at bronze/sales/nope");
  });
});

/**
 * An in-memory store holding `partitions` partitions of one object each, listed with S3's semantics
 * (key order, pages of 1,000, delimiter prefixes): a lake too big to write to disk in a test.
 */
function memoryStore(partitions: number): ObjectStore & { objectsServed: number } {
  const keys: string[] = [];
  for (let i = 0; i < partitions; i++) {
    const [y, m, d] = new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString().slice(0, 10).split("-");
    keys.push(`bronze/sales/orders/year=${y}/month=${m}/day=${d}/part-00000.json`);
  }
  keys.sort();
  const lastModified = new Date("2024-01-01T00:00:00Z");
  const firstAtOrAfter = (key: string) => {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((keys[mid] as string) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const store = {
    kind: "local" as const,
    root: "/memory",
    requests: {},
    objectsServed: 0,
    uri: (key: string) => `/memory/${key}`,
    async *list(prefix: string, options: ListOptions = {}): AsyncIterable<ListPage> {
      let page: ListPage = { objects: [], prefixes: [] };
      let i = firstAtOrAfter(prefix);
      while (i < keys.length && (keys[i] as string).startsWith(prefix)) {
        const key = keys[i] as string;
        const slash = options.delimiter ? key.indexOf("/", prefix.length) : -1;
        if (slash >= 0) {
          const common = key.slice(0, slash + 1);
          page.prefixes.push(common);
          i = firstAtOrAfter(`${common}\u{10FFFF}`);
        } else {
          page.objects.push({ key, size: 100 + (i % 7), lastModified, storageClass: "STANDARD" });
          store.objectsServed += 1;
          i += 1;
        }
        if (page.objects.length + page.prefixes.length === 1000) {
          yield page;
          page = { objects: [], prefixes: [] };
        }
      }
      yield page;
    },
    head: () => Promise.reject(new Error("not used")),
    read: () => Promise.reject(new Error("not used")),
    put: () => Promise.reject(new Error("not used")),
    delete: () => Promise.reject(new Error("not used")),
  };
  return store;
}

describe("listEntries at scale", () => {
  it("streams 100,000 partitions in page-sized batches, the first before the listing is done", async () => {
    const store = memoryStore(100_000);
    const started = Date.now();
    let batches = 0;
    let firstBatchWhileListing: boolean | undefined;
    const seen = new Map<string, LakeEntry>();
    for await (const batch of listEntries({ store, layout }, "bronze/sales/orders")) {
      batches += 1;
      firstBatchWhileListing ??= store.objectsServed < 100_000;
      for (const entry of batch) seen.set(entry.path, entry);
    }
    const ms = Date.now() - started;
    expect(firstBatchWhileListing).toBe(true);
    expect(seen.size).toBe(100_000);
    expect(batches).toBeLessThanOrEqual(200);
    expect([...seen.values()].reduce((n, e) => n + e.objects, 0)).toBe(100_000);
    console.log(`100,000 partitions listed in ${ms} ms, ${batches} batches`);
  });
});

import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { S3Store } from "../../src/storage/s3-store.js";

// Runs the built CLI, as a user would (`npm test` builds first).
const cli = path.resolve("dist/commands/medallion.js");
const root = mkdtempSync(path.join(tmpdir(), "medallion-ls-cli-"));
const lake = path.join(root, "lake");
const LAST_DAY = "2026-01-15";
// The shop's orders, customers and payments, and two tenants' orders of the last 7 days (9 files each).
const BRONZE_OBJECTS = 49 + 30 + 2 * 4 + 2 * 9;

function medallion(args: string[], cwd = root) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Objects and bytes on disk under one partition folder of the demo's orders. */
function onDisk(partition: string): { objects: number; bytes: number } {
  const folder = path.join(lake, "bronze/sales/orders", partition);
  const files = readdirSync(folder);
  return { objects: files.length, bytes: files.reduce((n, f) => n + statSync(path.join(folder, f)).size, 0) };
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does)`);
  // Fixed dates: the demo's 30 days end on this day, so counts do not move with the calendar.
  const demo = medallion(["demo", lake, "--last-day", LAST_DAY]);
  expect(demo.stderr).toBe("");
  expect(demo.code).toBe(0);
  expect(demo.stdout).toContain(`Next: medallion ls --lake ${lake} bronze/sales/orders`);
});

describe("medallion ls", () => {
  it("prints the partitions of a table with object counts, sizes, storage class and a totals line", () => {
    const { code, stdout, stderr } = medallion(["ls", "--lake", lake, "bronze/sales/orders"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toContain("bronze/sales/orders");
    // The browser's column titles: the name column says what the rows are.
    expect(lines[1]).toMatch(/^partition\s+objects\s+size\s+storage\s+modified \(UTC\)$/);
    const rows = lines.slice(2, -1);
    expect(rows).toHaveLength(30);
    let objects = 0;
    for (const row of rows) {
      const match =
        /^(year=\d{4}\/month=\d{2}\/day=\d{2})\s+(\d+)\s+([\d.]+ (?:B|KiB|MiB))\s+STANDARD\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.exec(
          row,
        );
      expect(match, row).not.toBeNull();
      const [, name = "", count] = match ?? [];
      expect(Number(count)).toBe(onDisk(name).objects);
      objects += Number(count);
    }
    // Columns line up: every row's size ends where the size title ends.
    const sizeEnd = (lines[1] ?? "").indexOf("size") + "size".length;
    for (const row of rows) expect(row.slice(0, sizeEnd)).toMatch(/(B|KiB|MiB)$/);
    expect(lines.at(-1)).toMatch(
      new RegExp(`^total: 30 partitions; ${objects} objects, [\\d.]+ MiB, STANDARD$`),
    );
  });

  it("prints one JSON document with stable field names under --json", () => {
    const { code, stdout } = medallion(["ls", "--lake", lake, "bronze/sales/orders", "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.path).toBe("bronze/sales/orders");
    expect(doc.lake).toBe(lake);
    expect(doc.entries).toHaveLength(30);
    const first = doc.entries[0];
    expect(Object.keys(first)).toEqual([
      "kind",
      "name",
      "path",
      "partition",
      "objects",
      "bytes",
      "storageClasses",
      "lastModified",
      "anomalies",
    ]);
    expect(first.kind).toBe("partition");
    expect(first.partition.map((p: { key: string }) => p.key)).toEqual(["year", "month", "day"]);
    expect({ objects: first.objects, bytes: first.bytes }).toEqual(onDisk(first.name));
    expect(first.storageClasses).toEqual({ STANDARD: first.bytes });
    expect(new Date(first.lastModified).getTime()).toBeGreaterThan(0);
    const bytes = doc.entries.reduce((n: number, e: { bytes: number }) => n + e.bytes, 0);
    expect(doc.total).toMatchObject({ entries: 30, bytes });
  });

  it("finds the lake from the medallion.yaml in the working folder and lists its layers", () => {
    const { code, stdout } = medallion(["ls"], lake);
    expect(code).toBe(0);
    // 30 days from 2025-12-17 to 2026-01-15: 49 orders files, 30 customers, 4 payments files in each of 2 months.
    const bronze = readdirSync(path.join(lake, "bronze"), { recursive: true, withFileTypes: true });
    const files = bronze.filter((e) => e.isFile()).length;
    expect(files).toBe(BRONZE_OBJECTS);
    // A layer is a folder, written as the browser writes it.
    expect(stdout).toMatch(new RegExp(`^bronze/\\s+${BRONZE_OBJECTS}\\s`, "m"));
    // bronze, and the silver and gold the demo promotes. Only the lake: not the tool's own _medallion/ state, not the config file next to the layers.
    expect(stdout).not.toContain("_medallion");
    expect(stdout).not.toContain("medallion.yaml");
    expect(stdout.trimEnd().split("\n").at(-1)).toMatch(/^total: 3 layers;/);
  });

  it("takes a folder path under a local lake as well as a lake path", () => {
    const { code, stdout } = medallion(["ls", "--lake", lake, path.join(lake, "bronze/sales")]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^orders\/\s+\d+/m);
  });

  it("fails with one line and exit 2 for a missing path, a path outside the lake, and a bad config", () => {
    const missing = medallion(["ls", "--lake", lake, "bronze/sales/nope"]);
    expect(missing).toMatchObject({
      code: 2,
      stdout: "",
      stderr: "medallion: nothing at bronze/sales/nope\n",
    });
    const outside = medallion(["ls", "--lake", lake, "/etc"]);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^medallion: `\/etc` is outside the lake .*\n$/);
    writeFileSync(path.join(root, "bad.yaml"), "lake: .\ntables:\n  orders:\n    format: xml\n");
    const bad = medallion(["ls", "--config", "bad.yaml"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(/^medallion: .*bad\.yaml: tables\.orders/);
  });

  // Nine CLI runs and the upload: generous under a loaded machine, still bounded.
  it("prints the same rows for a copy of the lake on S3 (moto) as for the folder", {
    timeout: 180_000,
  }, async () => {
    const endpoint = inject("motoEndpoint");
    const bucket = `ls-cli-${randomBytes(4).toString("hex")}`;
    await new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" }).send(
      new CreateBucketCommand({ Bucket: bucket }),
    );
    const store = new S3Store({ bucket, prefix: "demo/", endpointUrl: endpoint });
    const files = readdirSync(lake, { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(lake, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
    for (let i = 0; i < files.length; i += 16) {
      await Promise.all(
        files.slice(i, i + 16).map((key) => store.put(key, readFileSync(path.join(lake, key)))),
      );
    }
    const withoutTimes = (stdout: string) => {
      const doc = JSON.parse(stdout);
      return doc.entries.map(({ lastModified, ...rest }: { lastModified: string }) => rest);
    };
    for (const at of ["", "bronze/sales", "bronze/sales/orders", "bronze/sales/payments/year=2026"]) {
      const local = medallion(["ls", "--lake", lake, at, "--json"].filter(Boolean));
      const remote = medallion(
        ["ls", "--lake", `s3://${bucket}/demo`, "--endpoint-url", endpoint, at, "--json"].filter(Boolean),
      );
      expect(remote.stderr).toBe("");
      expect(remote.code).toBe(0);
      expect(withoutTimes(remote.stdout)).toEqual(withoutTimes(local.stdout));
    }
    const text = medallion([
      "ls",
      "--lake",
      `s3://${bucket}/demo`,
      "--endpoint-url",
      endpoint,
      "bronze/sales/orders",
    ]);
    expect(text.stdout).toMatch(/^year=\d{4}\/month=\d{2}\/day=\d{2}\s+\d+\s+[\d.]+ (KiB|MiB)\s+STANDARD/m);
  });

  it("documents its argument, --json, the global flags and examples in --help", () => {
    const { code, stdout } = medallion(["ls", "--help"]);
    expect(code).toBe(0);
    for (const part of [
      "Usage: medallion ls [options] [path]",
      "--json",
      "--lake <root>",
      "--endpoint-url",
      "Examples:",
    ]) {
      expect(stdout).toContain(part);
    }
  });
});

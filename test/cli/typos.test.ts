import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { lakeOnDisk, ORDERS_YAML, order } from "../sync/lake-fixture.js";
import { type CliRun, medallion } from "./_run.js";

/** Exit 2, nothing on stdout, exactly one line on stderr; returns that line. */
function oneLineError(run: CliRun): string {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr.endsWith("\n")).toBe(true);
  expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  return run.stderr.trimEnd();
}

const files = {
  "bronze/sales/orders/year=2024/month=01/part-0.json": order(1),
  "bronze/sales/orders/year=2024/month=02/part-0.json": order(2),
};
let dir: string;
beforeAll(async () => {
  dir = lakeOnDisk(ORDERS_YAML, files).dir;
  expect((await medallion(dir, "sync", "--yes")).code).toBe(0);
});

describe("a path that names nothing is exit 2 with one line, and 'did you mean' when one is close", () => {
  it("diff and sync of a table that is neither in storage nor in the catalog", async () => {
    expect(oneLineError(await medallion(dir, "diff", "bronze/sales/nope"))).toBe(
      "medallion: nothing at bronze/sales/nope: no such table in storage or in the local catalog",
    );
    expect(oneLineError(await medallion(dir, "diff", "bronze/sales/ordres"))).toBe(
      "medallion: nothing at bronze/sales/ordres: no such table in storage or in the local catalog (did you mean bronze/sales/orders?)",
    );
    expect(oneLineError(await medallion(dir, "sync", "bronze/sals/orders", "--dry-run"))).toMatch(
      /did you mean bronze\/sales\/orders\?\)$/,
    );
    // The table itself is compared and in sync: exit 0.
    expect((await medallion(dir, "diff", "bronze/sales/orders")).code).toBe(0);
  });

  it("diff and sync of a layer without a single table, and a mistyped layer", async () => {
    expect(oneLineError(await medallion(dir, "diff", "silver"))).toBe(
      "medallion: nothing at silver: no tables in storage or in the local catalog",
    );
    expect(oneLineError(await medallion(dir, "sync", "silver", "--dry-run"))).toBe(
      "medallion: nothing at silver: no tables in storage or in the local catalog",
    );
    expect(oneLineError(await medallion(dir, "diff", "brnze/sales/orders"))).toMatch(
      /is neither a table nor a layer: .* \(did you mean bronze\/sales\/orders\?\)$/,
    );
  });

  it("diff of a lake with no tables at all compares nothing, so it is not 'in sync'", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "medallion-empty-lake-"));
    expect(oneLineError(await medallion(empty, "--lake", ".", "diff"))).toBe(
      `medallion: nothing to compare: ${empty} has no tables in storage or in the local catalog`,
    );
  });

  it("ls, preview and schema of a mistyped path in a local lake", async () => {
    expect(oneLineError(await medallion(dir, "ls", "bronze/sales/ordrs"))).toBe(
      "medallion: nothing at bronze/sales/ordrs (did you mean bronze/sales/orders?)",
    );
    expect(oneLineError(await medallion(dir, "ls", "bronze/sales/orders/year=2024/month=1"))).toBe(
      "medallion: nothing at bronze/sales/orders/year=2024/month=1 (did you mean bronze/sales/orders/year=2024/month=01?)",
    );
    expect(oneLineError(await medallion(dir, "preview", "bronze/sales/ordrs"))).toMatch(
      /^medallion: not found: bronze\/sales\/ordrs \(.*\); did you mean bronze\/sales\/orders\?$/,
    );
    expect(
      oneLineError(await medallion(dir, "schema", "lake/bronze/sales/orders/year=2024/month=01/part-0.jsn")),
    ).toMatch(/; did you mean lake\/bronze\/sales\/orders\/year=2024\/month=01\/part-0\.json\?$/);
  });

  it("ls and preview of a mistyped prefix on S3", async () => {
    const endpoint = inject("motoEndpoint");
    const bucket = `typo-${randomBytes(4).toString("hex")}`;
    const s3 = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const [key, body] of Object.entries(files))
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `prod/${key}`, Body: body }));
    const cwd = mkdtempSync(path.join(tmpdir(), "medallion-typo-s3-"));
    const at = (lake: string) => ["--lake", lake, "--endpoint-url", endpoint];
    expect(oneLineError(await medallion(cwd, ...at(`s3://${bucket}/prd`), "ls"))).toBe(
      `medallion: nothing at s3://${bucket}/prd: the lake is empty or its prefix mistyped (did you mean s3://${bucket}/prod?)`,
    );
    expect(oneLineError(await medallion(cwd, ...at(`s3://${bucket}/prod`), "ls", "bronze/sales/ordrs"))).toBe(
      "medallion: nothing at bronze/sales/ordrs (did you mean bronze/sales/orders?)",
    );
    expect(
      oneLineError(
        await medallion(
          cwd,
          ...at(`s3://${bucket}/prod`),
          "preview",
          `s3://${bucket}/prod/bronze/sales/ordrs`,
        ),
      ),
    ).toMatch(new RegExp(`; did you mean s3://${bucket}/prod/bronze/sales/orders\\?$`));
  });
});

describe("usage errors exit 2, never 1 (which means 'differs')", () => {
  it("names an unknown command, and the one meant when close", async () => {
    expect(oneLineError(await medallion(dir, "bogus"))).toBe(
      "medallion: unknown command 'bogus' (run `medallion --help` for usage)",
    );
    expect(oneLineError(await medallion(dir, "dif", "bronze"))).toMatch(
      /^medallion: unknown command 'dif' \(did you mean diff\?\)/,
    );
  });

  it("an unknown flag, a missing argument and too many arguments", async () => {
    expect(oneLineError(await medallion(dir, "ls", "--bogus"))).toMatch(
      /^medallion: unknown option '--bogus'/,
    );
    expect(oneLineError(await medallion(dir, "preview"))).toMatch(
      /^medallion: missing required argument 'path'/,
    );
    expect(oneLineError(await medallion(dir, "diff", "bronze", "silver"))).toMatch(
      /too many arguments for 'diff'/,
    );
    expect((await medallion(dir, "--help")).code).toBe(0);
    expect((await medallion(dir, "diff", "--help")).code).toBe(0);
  });
});

describe("messages", () => {
  it("--catalog gloo names the flag, not medallion.yaml", async () => {
    expect(oneLineError(await medallion(dir, "--catalog", "gloo", "diff"))).toBe(
      'medallion: --catalog gloo: Invalid option: expected one of "local"|"glue"',
    );
  });

  it("--endpoint-url without a scheme suggests http://", async () => {
    expect(oneLineError(await medallion(dir, "--endpoint-url", "127.0.0.1:5177", "ls"))).toBe(
      'medallion: --endpoint-url 127.0.0.1:5177: "127.0.0.1:5177" is not an http(s) URL: did you mean http://127.0.0.1:5177?',
    );
  });

  it("an empty medallion.yaml says it is empty", async () => {
    const empty = mkdtempSync(path.join(tmpdir(), "medallion-empty-yaml-"));
    writeFileSync(path.join(empty, "medallion.yaml"), "");
    expect(oneLineError(await medallion(empty, "ls"))).toMatch(
      /^medallion: .*medallion\.yaml: the file is empty: add `lake: <folder\|s3:\/\/bucket\/prefix>`/,
    );
  });

  it("under --json an error is also one JSON object on stdout, with a stable code", async () => {
    for (const args of [
      ["diff", "bronze/sales/nope", "--json"],
      ["ls", "bronze/sales/nope", "--json"],
      ["preview", "bronze/sales/nope", "--json"],
      ["ls", "--json", "--bogus"],
    ]) {
      const run = await medallion(dir, ...args);
      expect(run.code).toBe(2);
      const line = run.stderr.trimEnd();
      expect(line.split("\n")).toHaveLength(1);
      const doc = JSON.parse(run.stdout);
      expect(Object.keys(doc)).toEqual(["error"]);
      expect(Object.keys(doc.error)).toEqual(["code", "message"]);
      expect(`medallion: ${doc.error.message}`).toBe(line);
    }
    expect(JSON.parse((await medallion(dir, "diff", "bronze/sales/nope", "--json")).stdout).error.code).toBe(
      "not-found",
    );
    expect(JSON.parse((await medallion(dir, "ls", "--json", "--bogus")).stdout).error.code).toBe("usage");
  });
});

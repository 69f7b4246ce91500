import path from "node:path";
import { describe, expect, it } from "vitest";
import type { LakeRoot } from "../../src/config/index.js";
import { MedallionError } from "../../src/errors.js";
import { resolveLocation, rootLocation } from "../../src/lake/index.js";

const layers = ["bronze", "silver", "gold", "_medallion"];
const s3Root: LakeRoot = { kind: "s3", bucket: "my-bucket", prefix: "data/" };
const bucketRoot: LakeRoot = { kind: "s3", bucket: "my-bucket", prefix: "" };
const localRoot: LakeRoot = { kind: "local", path: "/srv/lakes/demo" };

function failure(location: string, root: LakeRoot, cwd = "/home/me"): MedallionError {
  try {
    resolveLocation(location, root, { layers, cwd });
  } catch (err) {
    expect(err).toBeInstanceOf(MedallionError);
    return err as MedallionError;
  }
  throw new Error(`expected ${location} to be refused`);
}

describe("resolveLocation on an S3 lake", () => {
  it.each([
    ["silver/sales/orders/year=2024", "silver/sales/orders/year=2024"],
    ["silver/sales/orders/", "silver/sales/orders/"],
    ["silver//sales/./orders", "silver/sales/orders"],
    ["s3://my-bucket/data/silver/sales/orders/year=2024", "silver/sales/orders/year=2024"],
    ["s3://my-bucket/data/silver/sales/orders/", "silver/sales/orders/"],
    ["s3://my-bucket/data", ""],
    ["s3://my-bucket/data/", ""],
    ["", ""],
    ["s3://my-bucket/data/bronze/sales/orders/day=1/a b=%.json", "bronze/sales/orders/day=1/a b=%.json"],
  ])("resolves %j to %j", (location, key) => {
    expect(resolveLocation(location, s3Root, { layers, cwd: "/home/me" })).toBe(key);
  });

  it("resolves against a whole-bucket lake", () => {
    expect(resolveLocation("s3://my-bucket/gold/x/", bucketRoot, { layers })).toBe("gold/x/");
    expect(resolveLocation("s3://my-bucket", bucketRoot, { layers })).toBe("");
  });

  it("refuses another bucket with one line naming both", () => {
    const err = failure("s3://other/x", s3Root);
    expect(err.code).toBe("outside-lake");
    expect(err.message).toBe("`s3://other/x` is outside the lake s3://my-bucket/data: give a path under it");
  });

  it.each([
    "s3://my-bucket/database/x", // shares the characters of the prefix, not the folder
    "s3://my-bucket/other/x",
    "s3://my-bucket/data/../x",
    "silver/../../x",
    "/srv/lakes/demo/bronze",
    "./bronze",
  ])("refuses %j as outside the lake", (location) => {
    const err = failure(location, s3Root);
    expect(err.code).toBe("outside-lake");
    expect(err.message).toContain("s3://my-bucket/data: give a path under it");
  });

  it("shows a whole-bucket root without a trailing slash", () => {
    expect(rootLocation(bucketRoot)).toBe("s3://my-bucket");
    expect(failure("s3://other", bucketRoot).message).toBe(
      "`s3://other` is outside the lake s3://my-bucket: give a path under it",
    );
  });

  it("refuses other URI schemes as not a lake location", () => {
    const err = failure("https://example.com/x", s3Root);
    expect(err.code).toBe("usage");
    expect(err.message).toContain("give a lake path");
  });
});

describe("resolveLocation on a local lake", () => {
  const root = localRoot.kind === "local" ? localRoot.path : "";
  it.each([
    ["bronze/sales/orders", "/home/me", "bronze/sales/orders"],
    [path.join(root, "bronze/sales/orders/year=2024/"), "/home/me", "bronze/sales/orders/year=2024/"],
    [
      path.join(root, "bronze/sales/orders/year=2024/month=01/day=15/part-0.json"),
      "/",
      "bronze/sales/orders/year=2024/month=01/day=15/part-0.json",
    ],
    [root, "/home/me", ""],
    [`${root}/`, "/home/me", ""],
    ["./bronze/sales", root, "bronze/sales"],
    [".", root, ""],
    ["../demo/silver/", root, "silver/"],
    ["demo/silver/sales", "/srv/lakes", "silver/sales"],
    ["bronze/sales", "/srv/lakes", "bronze/sales"],
    ["bronze/sales", root, "bronze/sales"],
    [`file://${root}/gold/x%20y`, "/", "gold/x y"],
  ])("resolves %j from %s to %j", (location, cwd, key) => {
    expect(resolveLocation(location, localRoot, { layers, cwd })).toBe(key);
  });

  it.each([
    ["/srv/lakes/demo2/bronze", "/"],
    ["/srv/lakes", "/"],
    ["../other", "/srv/lakes/demo"],
    ["s3://my-bucket/data/bronze", "/"],
  ])("refuses %j (from %s) naming the lake folder", (location, cwd) => {
    const err = failure(location, localRoot, cwd);
    expect(err.code).toBe("outside-lake");
    expect(err.message).toBe(`\`${location}\` is outside the lake /srv/lakes/demo: give a path under it`);
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";

function dirWith(yaml: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-config-"));
  writeFileSync(path.join(dir, "medallion.yaml"), yaml);
  return dir;
}

describe("loadConfig", () => {
  it("resolves a folder lake relative to the config file and fills defaults", () => {
    const dir = dirWith(
      "lake: ./lake\ntables:\n  bronze/sales/orders:\n    partitionKeys: [year, month, day]\n    format: json\n",
    );
    const config = loadConfig({}, dir);
    expect(config.root).toEqual({ kind: "local", path: path.join(dir, "lake") });
    expect(config.catalog).toBe("local");
    expect(config.layers.silver).toBe("silver");
    expect(config.tables["bronze/sales/orders"]?.partitionKeys).toEqual(["year", "month", "day"]);
  });

  it("names the file, the field path and what was expected when a field is wrong", () => {
    const dir = dirWith("lake: ./lake\ntables:\n  bronze/sales/orders:\n    partitionKeys: year\n");
    expect(() => loadConfig({}, dir)).toThrow(
      /medallion\.yaml: tables\.bronze\/sales\/orders\.partitionKeys: .*expected array/,
    );
  });

  it("reports YAML syntax errors with the line", () => {
    const dir = dirWith("lake: [unclosed\n");
    expect(() => loadConfig({}, dir)).toThrow(/medallion\.yaml: line \d+, column \d+: not valid YAML/);
  });

  it("rejects unknown fields so typos do not pass silently", () => {
    const dir = dirWith("lake: ./lake\ncatalgo: glue\n");
    expect(() => loadConfig({}, dir)).toThrow(/medallion\.yaml: .*catalgo/);
  });

  it("says what a table path must look like when a table key is wrong", () => {
    const dir = dirWith("lake: ./lake\ntables:\n  bronze/orders: {}\n");
    expect(() => loadConfig({}, dir)).toThrow(
      /medallion\.yaml: tables\.bronze\/orders: expected a table path like bronze\/sales\/orders/,
    );
  });

  it("lets flags override the file", () => {
    const dir = dirWith("lake: ./lake\ncatalog: local\n");
    const config = loadConfig(
      { lake: "s3://my-bucket/data", catalog: "glue", readOnly: true, config: "medallion.yaml" },
      dir,
    );
    expect(config.root).toEqual({ kind: "s3", bucket: "my-bucket", prefix: "data/" });
    expect(config.catalog).toBe("glue");
    expect(config.readOnly).toBe(true);
  });

  it("says how to get a lake when none is configured", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-empty-"));
    expect(() => loadConfig({}, dir)).toThrow(/no lake configured.*medallion demo/);
  });

  it("rejects an s3 URI that names no valid bucket", () => {
    expect(() => loadConfig({ lake: "s3://Bad_Bucket/x" })).toThrow(/does not name a valid S3 bucket/);
  });
});

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

  it("keeps the file's other fields when --lake overrides its lake: readOnly, catalog, tables", () => {
    const dir = dirWith(
      "lake: ./lake\ncatalog: glue\nreadOnly: true\ntables:\n  bronze/sales/orders:\n    partitionKeys: [year, month]\n",
    );
    const config = loadConfig({ lake: "s3://acme-lake/prod" }, dir);
    expect(config.root).toEqual({ kind: "s3", bucket: "acme-lake", prefix: "prod/" });
    expect(config.readOnly).toBe(true);
    expect(config.catalog).toBe("glue");
    expect(config.tables["bronze/sales/orders"]?.partitionKeys).toEqual(["year", "month"]);
    expect(loadConfig({ lake: "." }, dir).root).toEqual({ kind: "local", path: dir });
  });

  it("lets a flag switch readOnly on but never off", () => {
    expect(loadConfig({ readOnly: true }, dirWith("lake: .\n")).readOnly).toBe(true);
    expect(loadConfig({ readOnly: false }, dirWith("lake: .\nreadOnly: true\n")).readOnly).toBe(true);
  });

  it("reads the --lake folder's own medallion.yaml when the working folder has none", () => {
    const lake = dirWith("lake: .\ntables:\n  bronze/sales/orders:\n    partitionKeys: [year]\n");
    const cwd = mkdtempSync(path.join(tmpdir(), "medallion-cwd-"));
    const config = loadConfig({ lake }, cwd);
    expect(config.source).toBe(path.join(lake, "medallion.yaml"));
    expect(config.tables["bronze/sales/orders"]?.partitionKeys).toEqual(["year"]);
  });

  it("blames a bad flag on the flag, not on medallion.yaml", () => {
    const dir = dirWith("lake: .\n");
    expect(() => loadConfig({ catalog: "gloo" }, dir)).toThrow(
      /^--catalog gloo: .*expected one of "local"\|"glue"$/,
    );
    expect(() => loadConfig({ engine: "spark" }, dir)).toThrow(/^--engine spark: /);
  });

  it("lets --connect-timeout, --read-timeout and --retries override one network field each", () => {
    const dir = dirWith("lake: .\nnetwork: { connectTimeout: 5, readTimeout: 40, throttleRetries: 2 }\n");
    const config = loadConfig({ network: { readTimeout: 2, retries: 0 } }, dir);
    expect(config.network).toEqual({ connectTimeout: 5, readTimeout: 2, retries: 0, throttleRetries: 2 });
    expect(() => loadConfig({ network: { readTimeout: Number.NaN } }, dir)).toThrow(
      /^--read-timeout: expected a number of seconds$/,
    );
    expect(() => loadConfig({ network: { retries: 50 } }, dir)).toThrow(/^--retries 50: /);
  });

  it("suggests http:// for an endpoint given without a scheme, as a flag or in the file", () => {
    const dir = dirWith("lake: .\n");
    expect(() => loadConfig({ endpointUrl: "127.0.0.1:5177" }, dir)).toThrow(
      '--endpoint-url 127.0.0.1:5177: "127.0.0.1:5177" is not an http(s) URL: did you mean http://127.0.0.1:5177?',
    );
    expect(() => loadConfig({ endpointUrl: "localhost:4566" }, dir)).toThrow(
      /did you mean http:\/\/localhost:4566\?/,
    );
    expect(() => loadConfig({}, dirWith("lake: .\nendpointUrl: 127.0.0.1:5177\n"))).toThrow(
      /medallion\.yaml: endpointUrl: .*did you mean http:\/\/127\.0\.0\.1:5177\?/,
    );
  });

  it("says an empty medallion.yaml is empty, and one without lake has no lake field", () => {
    expect(() => loadConfig({}, dirWith(""))).toThrow(/medallion\.yaml: the file is empty: add `lake: /);
    expect(() => loadConfig({}, dirWith("# nothing yet\n"))).toThrow(/the file is empty/);
    expect(() => loadConfig({}, dirWith("catalog: glue\n"))).toThrow(
      /medallion\.yaml: no lake field: add `lake: /,
    );
    expect(loadConfig({ lake: "." }, dirWith("")).catalog).toBe("local");
  });

  it("names --lake when the flag's lake is not a bucket", () => {
    expect(() => loadConfig({ lake: "s3://Bad_Bucket/x" })).toThrow(
      /^--lake: "s3:\/\/Bad_Bucket\/x" does not name/,
    );
  });
});

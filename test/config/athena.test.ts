import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";

function dirWith(yaml: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-athena-config-"));
  writeFileSync(path.join(dir, "medallion.yaml"), yaml);
  return dir;
}

describe("athena: in medallion.yaml", () => {
  it("defaults to the primary workgroup, 2 s polls at most and a 30 min limit", () => {
    expect(loadConfig({}, dirWith("lake: .\n")).athena).toEqual({
      workgroup: "primary",
      pollInterval: 2,
      queryTimeout: 1800,
    });
  });

  it("takes workgroup, output location, database, poll interval and query timeout", () => {
    const yaml =
      "lake: .\nathena: { workgroup: etl, outputLocation: 's3://results/athena/', database: acme_silver, pollInterval: 5, queryTimeout: 600 }\n";
    expect(loadConfig({}, dirWith(yaml)).athena).toEqual({
      workgroup: "etl",
      outputLocation: "s3://results/athena/",
      database: "acme_silver",
      pollInterval: 5,
      queryTimeout: 600,
    });
  });

  it("refuses an output location that is not an s3:// URI, in one line naming the field", () => {
    const dir = dirWith("lake: .\nathena: { outputLocation: /tmp/results }\n");
    expect(() => loadConfig({}, dir)).toThrow(/medallion\.yaml: athena\.outputLocation: .*s3:\/\/ URI/);
  });
});

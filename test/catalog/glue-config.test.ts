import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetPartitionsCommand, GetTableCommand, GlueClient } from "@aws-sdk/client-glue";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { GlueCatalog } from "../../src/catalog/glue-catalog.js";
import { loadConfig } from "../../src/config/index.js";

const glue = mockClient(GlueClient);
afterEach(() => glue.reset());

function configWith(yaml: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-glue-config-"));
  writeFileSync(path.join(dir, "medallion.yaml"), yaml);
  return loadConfig({}, dir);
}

describe("glue settings in medallion.yaml", () => {
  it("reads partitions in the number of segments the config sets", async () => {
    const config = configWith(
      "lake: s3://lake-bucket/prod\ncatalog: glue\nregion: eu-west-1\nglue:\n  segments: 4\n",
    );
    const totals = new Set<number | undefined>();
    const segments = new Set<number | undefined>();
    glue.on(GetTableCommand).resolves({ Table: { Name: "sales_orders", DatabaseName: "silver" } });
    glue.on(GetPartitionsCommand).callsFake((input) => {
      totals.add(input.Segment?.TotalSegments);
      segments.add(input.Segment?.SegmentNumber);
      return { Partitions: [] };
    });
    const catalog = GlueCatalog.fromConfig(config);
    for await (const _ of catalog.listPartitions("silver", "sales_orders")) {
      // drain
    }
    expect([...totals]).toEqual([4]);
    expect([...segments].sort()).toEqual([0, 1, 2, 3]);
  });

  it("rejects a segment count Glue does not accept, naming the field", () => {
    expect(() => configWith("lake: s3://lake-bucket/prod\nglue:\n  segments: 11\n")).toThrow(
      /medallion\.yaml: glue\.segments: .*<=10/,
    );
  });
});

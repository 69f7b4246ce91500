import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { pathValues } from "../../src/ingest/path-values.js";
import { fetchSource, openSource } from "../../src/ingest/sources.js";

function load(table: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-ingest-spec-"));
  writeFileSync(path.join(dir, "medallion.yaml"), `lake: ./lake\ntables:\n${table}`);
  return () => loadConfig({}, dir);
}

const bronze = (ingest: string, keys = "[year, month, day]", layer = "bronze") => `  ${layer}/sales/orders:
    partitionKeys: ${keys}
    format: csv
    ingest: ${ingest}
`;

describe("the ingest spec of a bronze table in medallion.yaml", () => {
  it("reads a path pattern and a partitionFrom column", () => {
    const byPath = load(bronze('{ path: "{year}/{month}/{day}/*.csv.gz" }'))();
    expect(byPath.tables["bronze/sales/orders"]?.ingest?.path).toBe("{year}/{month}/{day}/*.csv.gz");
    const byColumn = load(bronze("{ partitionFrom: order_ts }"))();
    expect(byColumn.tables["bronze/sales/orders"]?.ingest?.partitionFrom).toBe("order_ts");
  });

  it("names the table and the field of each mistake, one line each", () => {
    const message = (table: string) => {
      try {
        load(table)();
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error("loaded");
    };
    expect(message(bronze('{ path: "{year}/{month}/*.csv" }'))).toMatch(
      /tables\.bronze\/sales\/orders\.ingest\.path: has no \{day\}/,
    );
    expect(message(bronze('{ path: "{year}/{month}/{day}/{region}.csv" }'))).toMatch(
      /ingest\.path: \{region\} is not a partition key/,
    );
    expect(message(bronze("{ partitionFrom: order_ts }", "[region]"))).toMatch(
      /bronze\/sales\/orders\.partitionKeys\.0: region cannot be derived from partitionFrom/,
    );
    expect(message(bronze('{ partitionFrom: order_ts, path: "{year}/{month}/{day}/x" }'))).toMatch(
      /ingest\.path: give partitionFrom or path, not both/,
    );
    expect(message(bronze("{ partitionFrom: Order-TS }"))).toMatch(/ingest\.partitionFrom: /);
    expect(message(bronze("{ partitionFrom: order_ts }", "[year]", "silver"))).toMatch(
      /silver\/sales\/orders\.ingest: an ingest spec belongs to a bronze/,
    );
  });
});

describe("partition values from where a raw file was delivered", () => {
  const keys = ["year", "month", "day"];

  it("reads Hive key=value folders anywhere in the path, the last of each key winning", () => {
    expect(pathValues("s3://landing/orders/year=2024/month=01/day=15/a.csv", keys)).toEqual([
      "2024",
      "01",
      "15",
    ]);
    expect(pathValues("/raw/year=2023/x/year=2024/month=01/day=15/a.csv", keys)).toEqual([
      "2024",
      "01",
      "15",
    ]);
    expect(pathValues("/raw/region=eu%2Fwest/a.csv", ["region"])).toEqual(["eu/west"]);
    expect(pathValues("/raw/region=/a.csv", ["region"])).toEqual([null]);
  });

  it("says which key=value folder a path lacks", () => {
    expect(() => pathValues("/raw/year=2024/month=01/a.csv", keys)).toThrow(
      /\/raw\/year=2024\/month=01\/a\.csv: its path has no day=… folder/,
    );
  });

  it("matches a pattern against the end of the path, fixed widths splitting run-together values", () => {
    expect(pathValues("/land/2024/01/15/orders.csv.gz", keys, "{year}/{month}/{day}/*.csv.gz")).toEqual([
      "2024",
      "01",
      "15",
    ]);
    expect(
      pathValues("s3://b/in/orders_20240115.json", keys, "orders_{year:4}{month:2}{day:2}.json"),
    ).toEqual(["2024", "01", "15"]);
    expect(() => pathValues("/land/orders-2024.json", keys, "orders_{year:4}{month:2}{day:2}.json")).toThrow(
      /does not match the table's ingest\.path pattern/,
    );
  });
});

describe("the files of a source", () => {
  it("lists a folder's raw files by their names, leaving out hidden and other files, and copies one range by range", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-ingest-source-"));
    mkdirSync(path.join(dir, "day=1"));
    const text = "id,name\n1,a\n2,b\n3,c\n";
    writeFileSync(path.join(dir, "day=1/a.csv"), text);
    writeFileSync(path.join(dir, "day=1/b.ndjson.gz"), "");
    writeFileSync(path.join(dir, "day=1/_SUCCESS"), "");
    writeFileSync(path.join(dir, "notes.txt"), "");
    const config = loadConfig({ lake: dir });
    const source = await openSource(config, dir);
    expect(source.files.map((f) => [path.relative(dir, f.uri), f.format, f.gzip])).toEqual([
      ["day=1/a.csv", "csv", false],
      ["day=1/b.ndjson.gz", "json", true],
    ]);
    expect(source.skipped.map((f) => path.relative(dir, f))).toEqual(["notes.txt"]);
    const copy = path.join(dir, "copy.csv");
    await fetchSource(source, source.files[0] as (typeof source.files)[0], copy, 7);
    expect(readFileSync(copy, "utf8")).toBe(text);
    await expect(openSource(config, path.join(dir, "notes.txt"))).rejects.toThrow(
      /not a raw file Medallion reads/,
    );
  });
});

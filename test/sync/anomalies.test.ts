import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, lakeOnDisk, medallion, order } from "./lake-fixture.js";

beforeAll(() => {
  if (!existsSync(cli)) throw new Error("dist/commands/medallion.js is missing: run `npm run build` first");
});

const YAML = `database: acme_{layer}
tables:
  bronze/sales/orders:
    partitionKeys: [year, month, day]
    format: json
`;

const T = "bronze/sales/orders";

/** One healthy partition, and one of every layout that must not reach the catalog as a healthy one. */
const files: Record<string, string> = {
  [`${T}/year=2024/month=02/day=01/part-0.json`]: order(1),
  [`${T}/year=2024/month=01/day=02/_SUCCESS`]: "",
  [`${T}/year=2024/month=01/day=03/part-0.json`]: "",
  [`${T}/year=2024/month=01/day=04/.part-0.json.crc`]: "crc",
  [`${T}/year=2024/month=01/day=05/_temporary/0/part-0.json`]: order(5),
  [`${T}/year=2024/month=01/day=06/part-0.json`]: order(6),
  [`${T}/year=2024/month=01/day=06/part-1.parquet`]: "",
  [`${T}/year=2024/month=01/day=01/part-0.json`]: order(7),
  [`${T}/year=2024/month=01/day=1/part-0.json`]: order(8),
  [`${T}/year=2024/month=13/day=01/part-0.json`]: order(9),
  [`${T}/year= 2026/month=01/day=01/part-0.json`]: order(10),
  [`${T}/year=2024/month=01/day=07/hour=01/part-0.json`]: order(11),
  [`${T}/year=2024/month=__HIVE_DEFAULT_PARTITION__/day=01/part-0.json`]: order(12),
};

/** Each odd partition, the anomaly kind it must carry and words its reason must hold. */
const odd: [string, string, string][] = [
  ["year=2024/month=01/day=02", "no-data", "holds no data file, only _SUCCESS"],
  ["year=2024/month=01/day=03", "no-data", "holds no data file, only 0-byte part-0.json"],
  ["year=2024/month=01/day=04", "no-data", "holds no data file, only .part-0.json.crc"],
  ["year=2024/month=01/day=05", "no-data", "holds no data file, only _temporary/"],
  ["year=2024/month=01/day=06", "empty-file", "0-byte file part-1.parquet: Athena fails reading it"],
  ["year=2024/month=01/day=01", "same-value", `"year=2024/month=01/day=01" and "year=2024/month=01/day=1"`],
  ["year=2024/month=01/day=1", "same-value", "values differ only by leading zeros"],
  ["year=2024/month=13/day=01", "bad-value", "month 13 is out of range (1–12)"],
  ["year= 2026/month=01/day=01", "bad-value", 'whitespace around its value " 2026"'],
  ["year=2024/month=01/day=07", "too-deep", '"year=2024/month=01/day=07/hour=01"'],
  ["year=2024/month=__HIVE_DEFAULT_PARTITION__/day=01", "null-partition", "month is NULL there, not a value"],
];

interface Row {
  status: string;
  name: string;
  reason: string;
}

async function partitions(dir: string): Promise<Map<string, Row>> {
  const diff = await medallion(dir, "diff", T, "--json");
  expect(diff.code).toBe(1);
  const rows = JSON.parse(diff.stdout).tables[0].partitions as Row[];
  return new Map(rows.map((r) => [r.name, r]));
}

describe("layouts that must not reach the catalog as healthy partitions", () => {
  it("ls flags each with its reason", async () => {
    const { dir } = lakeOnDisk(YAML, files);
    const ls = await medallion(dir, "ls", T, "--json");
    expect(ls.stderr).toBe("");
    const rows = new Map(
      (
        JSON.parse(ls.stdout).entries as { name: string; anomalies: { kind: string; message: string }[] }[]
      ).map((e) => [e.name, e.anomalies]),
    );
    expect(rows.get("year=2024/month=02/day=01")).toEqual([]);
    for (const [name, kind, words] of odd) {
      expect(rows.get(name), name).toContainEqual(
        expect.objectContaining({ kind, message: expect.stringContaining(words) }),
      );
    }
    const human = await medallion(dir, "ls", T);
    expect(human.stdout).toMatch(/year=2024\/month=01\/day=02 .* ! no data: _SUCCESS\n/);
    expect(human.stdout).toMatch(/year=2024\/month=13\/day=01 .* ! bad value: month=13\n/);
  });

  it("diff reports each as an anomaly; sync adds only the healthy partition unless told --include-anomalies", async () => {
    const { dir } = lakeOnDisk(YAML, files);
    const before = await partitions(dir);
    expect(before.get("year=2024/month=02/day=01")?.status).toBe("add");
    for (const [name, , words] of odd) {
      expect(before.get(name), name).toMatchObject({
        status: "anomaly",
        reason: expect.stringContaining(words),
      });
    }

    const sync = await medallion(dir, "sync", T, "--yes");
    expect(sync.stdout).toContain("add 1 partition");
    expect(sync.stdout).toContain(
      `leave ${odd.length} drift/anomaly as reported (never synced; --include-anomalies registers ${odd.length})`,
    );
    expect(sync.stdout).toContain(`${T}: registered, added 1`);

    const all = await medallion(dir, "sync", T, "--yes", "--include-anomalies");
    expect(all.stdout).toContain(`${T}: added ${odd.length}`);
    // Registered now, a folder with no data file is stale, as an empty one is: --drop-stale drops it.
    const after = await partitions(dir);
    for (const [name, kind] of odd) {
      expect(after.get(name)?.status, name).toBe(kind === "no-data" ? "drop" : "anomaly");
    }
    const dropped = await medallion(dir, "sync", T, "--yes", "--drop-stale");
    expect(dropped.stdout).toContain(`${T}: dropped 4`);
  });
});

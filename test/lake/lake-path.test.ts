import { describe, expect, it } from "vitest";
import type { AnomalyKind, LakeLayout, LakePath } from "../../src/lake/index.js";
import {
  formatLakePath,
  parseLakePath,
  partitionPrefix,
  partitionValuesOf,
  tablePath,
} from "../../src/lake/index.js";

const layout: LakeLayout = {
  layers: ["bronze", "silver", "gold"],
  partitionKeys: {
    "bronze/sales/orders": ["year", "month", "day"],
    "gold/sales/revenue": ["year", "month"],
    "silver/tenant=globex/sales/orders": ["region"],
  },
};

const kinds = (p: LakePath): AnomalyKind[] => p.anomalies.map((a) => a.kind);

describe("parseLakePath on well-formed keys", () => {
  it.each<[string, Partial<LakePath>]>([
    ["", {}],
    ["bronze/", { layer: "bronze" }],
    ["bronze/sales/", { layer: "bronze", domain: "sales" }],
    ["bronze/sales/orders/", { layer: "bronze", domain: "sales", table: "orders" }],
    [
      "bronze/sales/orders/year=2024/month=01/",
      {
        layer: "bronze",
        domain: "sales",
        table: "orders",
        partition: [
          { key: "year", value: "2024" },
          { key: "month", value: "01" },
        ],
      },
    ],
    [
      "bronze/sales/orders/year=2024/month=01/day=15/part-00000.json",
      {
        layer: "bronze",
        domain: "sales",
        table: "orders",
        partition: [
          { key: "year", value: "2024" },
          { key: "month", value: "01" },
          { key: "day", value: "15" },
        ],
        file: "part-00000.json",
      },
    ],
    [
      "bronze/tenant=acme/sales/orders/year=2024/",
      {
        layer: "bronze",
        tenant: "acme",
        domain: "sales",
        table: "orders",
        partition: [{ key: "year", value: "2024" }],
      },
    ],
    ["bronze/tenant=acme/", { layer: "bronze", tenant: "acme" }],
    ["medallion.yaml", { file: "medallion.yaml" }],
    [
      "silver/web/events/ts=2024-01-15 10%3A30%3A00/city=Z%C3rich/e.parquet",
      {
        layer: "silver",
        domain: "web",
        table: "events",
        partition: [
          { key: "ts", value: "2024-01-15 10:30:00" },
          { key: "city", value: "Z\u00C3rich" },
        ],
        file: "e.parquet",
      },
    ],
    [
      "silver/web/events/city=Zürich/e.parquet",
      {
        layer: "silver",
        domain: "web",
        table: "events",
        partition: [{ key: "city", value: "Zürich" }],
        file: "e.parquet",
      },
    ],
  ])("parses %j with no anomalies", (key, expected) => {
    expect(parseLakePath(key, layout)).toEqual({ partition: [], anomalies: [], ...expected });
  });

  it("reads __HIVE_DEFAULT_PARTITION__ as the null partition: a null value, flagged as such", () => {
    const p = parseLakePath(
      "gold/sales/revenue/year=2024/month=__HIVE_DEFAULT_PARTITION__/p.parquet",
      layout,
    );
    expect(p.partition).toEqual([
      { key: "year", value: "2024" },
      { key: "month", value: null },
    ]);
    expect(p.anomalies).toEqual([
      {
        kind: "null-partition",
        segment: "month=__HIVE_DEFAULT_PARTITION__",
        message:
          '"month=__HIVE_DEFAULT_PARTITION__" under gold/sales/revenue is the null partition: month is NULL there, not a value',
      },
    ]);
  });

  it.each([
    ["bronze/sales/orders/year=2024/month=13/day=01/f.json", "month 13 is out of range (1–12)"],
    ["bronze/sales/orders/year=2024/month=01/day=32/f.json", "day 32 is out of range (1–31)"],
    ["bronze/sales/orders/year= 2026/month=01/day=01/f.json", 'whitespace around its value " 2026"'],
  ])("flags the value of %j as bad", (key, words) => {
    expect(parseLakePath(key, layout).anomalies).toEqual([
      expect.objectContaining({ kind: "bad-value", message: expect.stringContaining(words) }),
    ]);
  });

  it("accepts any key=value order for a table that declares no keys", () => {
    const p = parseLakePath("silver/web/events/day=15/year=2024/f.parquet", layout);
    expect(p.anomalies).toEqual([]);
    expect(p.partition.map((v) => v.key)).toEqual(["day", "year"]);
  });

  it("uses the tenant-less declaration for a tenant's table", () => {
    const p = parseLakePath("bronze/tenant=acme/sales/orders/month=01/f.json", layout);
    expect(kinds(p)).toEqual(["keys-out-of-order", "stray-file"]);
  });

  it("prefers a tenant's own declaration", () => {
    expect(kinds(parseLakePath("silver/tenant=globex/sales/orders/region=eu/f.parquet", layout))).toEqual([]);
    expect(kinds(parseLakePath("silver/tenant=globex/sales/orders/year=2024/f.parquet", layout))).toEqual([
      "unknown-key",
    ]);
  });

  it("unescapes an escaped tenant id", () => {
    expect(parseLakePath("bronze/tenant=a%2Fb/sales/", layout).tenant).toBe("a/b");
  });
});

describe("parseLakePath anomalies", () => {
  it.each<[string, string, AnomalyKind[], string]>([
    ["folder without =", "bronze/sales/orders/backup/f.json", ["folder-without-equals"], "backup"],
    [
      "folder without = between partitions",
      "bronze/sales/orders/year=2024/old/month=01/day=02/f.json",
      ["folder-without-equals"],
      "old",
    ],
    [
      "keys out of order",
      "bronze/sales/orders/year=2024/day=15/month=01/f.json",
      ["keys-out-of-order", "keys-out-of-order"],
      "day=15",
    ],
    ["a key repeated", "bronze/sales/orders/year=2024/year=2024/", ["keys-out-of-order"], "year=2024"],
    [
      "a level deeper than declared",
      "gold/sales/revenue/year=2024/month=01/year=2024/",
      ["keys-out-of-order"],
      "year=2024",
    ],
    ["unknown key", "bronze/sales/orders/year=2024/hour=10/", ["unknown-key"], "hour=10"],
    ["key missing", "bronze/sales/orders/=2024/", ["unknown-key"], "=2024"],
    ["empty value", "gold/sales/revenue/year=2024/month=/p.parquet", ["empty-value"], "month="],
    ["bad escape in value", "gold/sales/revenue/year=20%G4/month=01/p.parquet", ["bad-escape"], "year=20%G4"],
    ["bad escape in key", "silver/web/events/ci%ty=x/p.parquet", ["bad-escape"], "ci%ty=x"],
    ["trailing %", "silver/web/events/pct=100%/p.parquet", ["bad-escape"], "pct=100%"],
    ["stray file in table folder", "bronze/sales/orders/orders.csv", ["stray-file"], "orders.csv"],
    [
      "stray file above the deepest level",
      "bronze/sales/orders/year=2024/month=01/x.json",
      ["stray-file"],
      "x.json",
    ],
    ["file in a layer folder", "bronze/notes.txt", ["stray-file"], "notes.txt"],
    ["file in a domain folder", "bronze/sales/notes.txt", ["stray-file"], "notes.txt"],
    ["unknown layer", "platinum/sales/orders/", ["unknown-layer"], "platinum"],
    ["empty tenant", "bronze/tenant=/sales/", ["empty-value"], "tenant="],
  ])("flags %s", (_, key, expected, segment) => {
    const p = parseLakePath(key, layout);
    expect(kinds(p)).toEqual(expected);
    expect(p.anomalies[0]?.segment).toBe(segment);
    for (const a of p.anomalies) {
      expect(a.message).not.toContain("\n");
      expect(a.message).toContain(a.segment);
    }
  });

  it("keeps parsing after an anomaly", () => {
    const p = parseLakePath("bronze/sales/orders/year=2024/day=15/month=01/f.json", layout);
    expect(p.partition).toEqual([
      { key: "year", value: "2024" },
      { key: "day", value: "15" },
      { key: "month", value: "01" },
    ]);
    expect(p.file).toBe("f.json");
  });

  it("names what was expected in the message", () => {
    const [first] = parseLakePath("bronze/sales/orders/year=2024/day=15/month=01/", layout).anomalies;
    expect(first?.message).toBe(
      '"day=15" under bronze/sales/orders is out of order: expected month (declared: year, month, day)',
    );
    const [unknown] = parseLakePath("platinum/", layout).anomalies;
    expect(unknown?.message).toBe('"platinum" is not a layer of this lake (layers: bronze, silver, gold)');
  });

  it("keeps the empty value as empty, not null", () => {
    expect(parseLakePath("gold/sales/revenue/year=2024/month=/", layout).partition[1]).toEqual({
      key: "month",
      value: "",
    });
  });

  it("does not flag hidden files engines write next to partitions", () => {
    expect(kinds(parseLakePath("bronze/sales/orders/_SUCCESS", layout))).toEqual([]);
    expect(kinds(parseLakePath("bronze/sales/orders/year=2024/.part-0.crc", layout))).toEqual([]);
    expect(kinds(parseLakePath("bronze/.keep", layout))).toEqual([]);
  });

  it("does not flag the tool's own state folder", () => {
    expect(kinds(parseLakePath("_medallion/runs/2024/run.json", layout))).toEqual([]);
    expect(parseLakePath("_medallion/", layout).layer).toBe("_medallion");
  });

  it("does not flag files shallower than the declared depth when a folder is already flagged", () => {
    expect(kinds(parseLakePath("bronze/sales/orders/tmp/f.json", layout))).toEqual(["folder-without-equals"]);
  });

  it("does not flag a partial folder path above the deepest level", () => {
    expect(kinds(parseLakePath("bronze/sales/orders/year=2024/", layout))).toEqual([]);
  });

  it("never throws, whatever the key", () => {
    for (const key of [
      "/",
      "//",
      "a//b",
      "%",
      "=",
      "bronze//x",
      "bronze/sales/orders//f",
      "bronze/tenant=%/x/y/=/%%/f",
    ]) {
      expect(() => parseLakePath(key, layout)).not.toThrow();
    }
  });
});

describe("formatLakePath", () => {
  it.each([
    "",
    "bronze/",
    "bronze/sales/",
    "bronze/sales/orders/",
    "bronze/sales/orders/year=2024/month=01/day=15/part-00000.json",
    "bronze/tenant=acme/sales/orders/year=2024/month=01/",
    "bronze/tenant=a%2Fb/sales/orders/",
    "silver/web/events/ts=2024-01-15 10%3A30%3A00/city=Zürich/e.parquet",
    "gold/sales/revenue/year=2024/month=__HIVE_DEFAULT_PARTITION__/p.parquet",
    "bronze/sales/orders/year=2024/day=15/month=01/f.json",
    "medallion.yaml",
  ])("round-trips %j", (key) => {
    expect(formatLakePath(parseLakePath(key, layout))).toBe(key);
  });

  it("escapes values it is given", () => {
    expect(
      formatLakePath({
        layer: "silver",
        domain: "web",
        table: "events",
        partition: [
          { key: "path", value: "/a/b" },
          { key: "n", value: null },
        ],
        file: "e.parquet",
        anomalies: [],
      }),
    ).toBe("silver/web/events/path=%2Fa%2Fb/n=__HIVE_DEFAULT_PARTITION__/e.parquet");
  });

  it("parses back to the same lake path", () => {
    const p: LakePath = {
      layer: "bronze",
      tenant: "acme corp",
      domain: "sales",
      table: "orders",
      partition: [
        { key: "year", value: "2024" },
        { key: "month", value: "01" },
        { key: "day", value: "15" },
      ],
      file: "part 0.json",
      anomalies: [],
    };
    expect(parseLakePath(formatLakePath(p), layout)).toEqual(p);
  });
});

describe("tablePath and partitionPrefix", () => {
  it("names a table by layer/domain/table", () => {
    expect(tablePath(parseLakePath("bronze/sales/orders/year=2024/f.json", layout))).toBe(
      "bronze/sales/orders",
    );
  });

  it("keeps the tenant level", () => {
    expect(tablePath(parseLakePath("bronze/tenant=acme/sales/orders/", layout))).toBe(
      "bronze/tenant=acme/sales/orders",
    );
  });

  it("is undefined above table level", () => {
    expect(tablePath(parseLakePath("bronze/sales/", layout))).toBeUndefined();
  });

  it("builds an escaped listing prefix", () => {
    expect(
      partitionPrefix([
        { key: "year", value: "2024" },
        { key: "ts", value: "10:30" },
      ]),
    ).toBe("year=2024/ts=10%3A30/");
    expect(partitionPrefix([])).toBe("");
  });
});

describe("partitionValuesOf", () => {
  it("reads a partition folder below a table as Hive wrote it: unescaped, the default partition as null", () => {
    expect(partitionValuesOf("region=eu%2Fwest/day=__HIVE_DEFAULT_PARTITION__")).toEqual([
      { key: "region", value: "eu/west" },
      { key: "day", value: null },
    ]);
    // A folder without = is no partition level.
    expect(partitionValuesOf("year=2024/junk")).toEqual([{ key: "year", value: "2024" }]);
  });
});

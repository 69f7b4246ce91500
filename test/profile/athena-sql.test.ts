// The profile's SQL in Athena's dialect: what it asks of each kind of column, bins whose `≤` labels are
// true, and none of DuckDB's own syntax. test/profile/athena.mock.test.ts runs it end to end.
import { describe, expect, it } from "vitest";
import {
  boundText,
  chartsSql,
  columnKind,
  histogramBins,
  readCharts,
  readStats,
  statsSql,
} from "../../src/profile/athena-sql.js";

/** DuckDB's own syntax and names, which Athena (Trino) does not accept. */
const DUCKDB_ONLY = [
  /::/,
  /\bapprox_count_distinct\(/i,
  /\bhistogram_values\(/i,
  /\bepoch\(/i,
  /\bEXCLUDE\b/i,
  /\bQUALIFY\b/i,
];

const COLUMNS = [
  { name: "order_id", type: "bigint" },
  { name: "amount", type: "decimal(10,2)" },
  { name: "created_at", type: "timestamp" },
  { name: "status", type: "string" },
  { name: "items", type: "array<string>" },
  { name: "order date", type: "date" },
];

describe("the profile's statements in Athena's dialect", () => {
  it("counts non-null values, estimates distinct ones, and takes min, max and each number line's range in one statement", () => {
    const sql = statsSql("SELECT * FROM silver.sales_orders WHERE day = '02';", COLUMNS);
    expect(sql).toContain("WITH profiled AS (\nSELECT * FROM silver.sales_orders WHERE day = '02'\n)");
    expect(sql).toContain('approx_distinct("status")');
    expect(sql).toContain('min("amount")');
    expect(sql).toContain(
      `min(CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00', "created_at") AS double))`,
    );
    expect(sql).toContain(`max(CAST(date_diff('day', DATE '1970-01-01', "order date") AS double))`);
    // A nested value is counted by its JSON text and has no min or max.
    expect(sql).toContain('approx_distinct(json_format(CAST("items" AS json)))');
    expect(sql).not.toContain('min("items")');
    for (const duckdb of DUCKDB_ONLY) expect(sql).not.toMatch(duckdb);
  });

  it("reads the row back: nulls from the non-null count, distinct counts said to be estimates", () => {
    const row = ["10", "10", "9", "1", "10", "1", "10", "7", "8", "1.5", "99.25", "1.5", "99.25"];
    const { rows, columns } = readStats(row, COLUMNS.slice(0, 2));
    expect(rows).toBe(10);
    expect(columns[0]).toMatchObject({
      kind: "integer",
      profile: { nulls: 0, distinct: 9, distinctExact: false, min: "1", max: "10" },
      range: { lo: 1, hi: 10 },
    });
    expect(columns[1]).toMatchObject({
      kind: "float",
      profile: { nulls: 3, min: "1.5" },
      range: { lo: 1.5, hi: 99.25 },
    });
  });

  it("sorts Glue's and Athena's type names into what each gets", () => {
    expect(["int", "bigint", "tinyint"].map(columnKind)).toEqual(["integer", "integer", "integer"]);
    expect(["double", "real", "decimal", "decimal(38,9)"].map(columnKind)).toEqual([
      "float",
      "float",
      "float",
      "float",
    ]);
    expect(["timestamp", "timestamp(3)", "timestamp(3) with time zone", "date"].map(columnKind)).toEqual([
      "timestamp",
      "timestamp",
      "timestamptz",
      "date",
    ]);
    expect(["string", "varchar", "varchar(20)", "char(2)", "boolean"].map(columnKind)).toEqual(
      Array(5).fill("text"),
    );
    expect(["array<int>", "struct<a:int>", "map<string,int>", "row", "array"].map(columnKind)).toEqual(
      Array(5).fill("nested"),
    );
    expect(columnKind("varbinary")).toBe("other");
  });
});

describe("histogram bins", () => {
  it("are round and cover the range, so the last bin's bound is at or past the largest value", () => {
    expect(histogramBins("integer", 0, 29, 10)).toEqual({ start: 0, width: 5, count: 6 });
    expect(histogramBins("integer", 3, 7, 10)).toEqual({ start: 3, width: 1, count: 4 });
    expect(histogramBins("float", 1.5, 99.25, 10)).toEqual({ start: 0, width: 10, count: 10 });
    expect(histogramBins("float", 0.013, 0.071, 10)).toMatchObject({ width: 0.01, count: 7 });
    // Three days of timestamps (ms): 12-hour bins from midnight.
    const day = Date.UTC(2024, 0, 28);
    expect(histogramBins("timestamp", day + 3_600_000, day + 3 * 86_400_000 - 1, 10)).toEqual({
      start: day,
      width: 43_200_000,
      count: 6,
    });
  });

  it("label each bin with its upper bound as the column's values read", () => {
    expect(boundText("float", 0.30000000000000004, 0.05)).toBe("0.30");
    expect(boundText("float", 25, 2.5)).toBe("25.0");
    expect(boundText("integer", 150, 50)).toBe("150");
    expect(boundText("date", 19_752, 1)).toBe("2024-01-30");
    expect(boundText("timestamp", Date.UTC(2024, 0, 30, 12), 43_200_000)).toBe("2024-01-30 12:00:00");
    expect(boundText("timestamp", Date.UTC(2024, 0, 30, 12, 0, 0, 250), 250)).toBe("2024-01-30 12:00:00.250");
  });

  it("are counted over the negated values, so a value on a bound falls in the bin that bound closes", () => {
    const charts = [
      { column: "amount", kind: "integer" as const, bins: { start: 0, width: 10, count: 3 } },
      { column: "status", kind: "text" as const, top: 2 },
    ];
    const sql = chartsSql("SELECT * FROM t", charts);
    expect(sql).toContain('greatest(1, 4 - width_bucket(-(CAST("amount" AS double)), -3E+1, 0E+0, 3))');
    expect(sql).toContain('ORDER BY n DESC, "value" NULLS LAST LIMIT 2');
    for (const duckdb of DUCKDB_ONLY) expect(sql).not.toMatch(duckdb);
    // Athena's rows in any order; empty bins come back as 0, top values most first, NULL last on ties.
    const drawn = readCharts(
      [
        ["1", "paid", "4"],
        ["0", "3", "2"],
        ["1", null, "9"],
        ["0", "1", "5"],
      ],
      charts,
    );
    expect(drawn.get("amount")?.histogram).toEqual([
      { upTo: "10", count: 5 },
      { upTo: "20", count: 0 },
      { upTo: "30", count: 2 },
    ]);
    expect(drawn.get("status")?.top).toEqual([
      { value: null, count: 9 },
      { value: "paid", count: 4 },
    ]);
  });
});

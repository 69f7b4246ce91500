import { describe, expect, it } from "vitest";
import { hiveTypeIn } from "../../src/promote/sql.js";

describe("Hive types of Athena's result columns (a gold table's columns on Athena)", () => {
  it("names each Athena type as the catalog does, and refuses in one line a type Athena gives without its parts", () => {
    const hive = (type: string) => hiveTypeIn("athena", type, "gold/shop/daily.x");
    expect(
      [
        "varchar",
        "char",
        "integer",
        "bigint",
        "real",
        "double",
        "decimal(38,2)",
        "timestamp",
        "date",
        "boolean",
        "varbinary",
      ].map(hive),
    ).toEqual([
      "string",
      "string",
      "int",
      "bigint",
      "float",
      "double",
      "decimal(38,2)",
      "timestamp",
      "date",
      "boolean",
      "binary",
    ]);
    expect(() => hive("array")).toThrow(
      /^gold\/shop\/daily\.x is array on Athena, which has no Hive type Medallion can name for the catalog: cast it in the spec/,
    );
    expect(hiveTypeIn("duckdb", "DECIMAL(38,2)", "x")).toBe("decimal(38,2)");
  });
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";

function load(tables: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-spec-"));
  writeFileSync(path.join(dir, "medallion.yaml"), `lake: ./lake\ntables:\n${tables}`);
  return () => loadConfig({}, dir);
}

const BRONZE = `  bronze/sales/orders:
    partitionKeys: [year, month, day]
    format: json
`;

const SILVER = `  silver/sales/orders:
    partitionKeys: [year, month, day]
    silver:
      from: bronze/sales/orders
      partitionFrom: created_at
      columns:
        - { name: order_id, type: string, nullable: false }
        - { name: email, type: string, sql: "lower(trim(customer_email))" }
        - { name: amount, type: "decimal(10,2)" }
        - { name: created_at, type: timestamp, nullable: false }
        - { name: updated_at, type: timestamp }
      rules:
        - { name: positive_amount, check: "amount > 0" }
      dedupe: { keys: [order_id], latest: updated_at }
`;

describe("pipeline specs in medallion.yaml", () => {
  it("reads a silver spec with its defaults", () => {
    const config = load(BRONZE + SILVER)();
    const silver = config.tables["silver/sales/orders"]?.silver;
    expect(silver?.from).toBe("bronze/sales/orders");
    expect(silver?.columns.map((c) => [c.name, c.nullable])).toEqual([
      ["order_id", false],
      ["email", true],
      ["amount", true],
      ["created_at", false],
      ["updated_at", true],
    ]);
    expect(silver?.dedupe).toEqual({ keys: ["order_id"], latest: "updated_at" });
  });

  it("names the table and the field of a bad column type", () => {
    const bad = SILVER.replace("type: timestamp, nullable: false", "type: datetime, nullable: false");
    expect(load(BRONZE + bad)).toThrow(
      /tables\.silver\/sales\/orders\.silver\.columns\.3\.type: .*a Hive type/,
    );
  });

  it("says when a dedupe key is not a silver column", () => {
    const bad = SILVER.replace("keys: [order_id]", "keys: [order_no]");
    expect(load(BRONZE + bad)).toThrow(
      /tables\.silver\/sales\/orders\.silver\.dedupe\.keys\.0: order_no is not a silver column/,
    );
  });

  it("says when the source table is not declared", () => {
    expect(load(SILVER)).toThrow(
      /tables\.silver\/sales\/orders\.silver\.from: bronze\/sales\/orders is not a table in tables:/,
    );
  });

  it("says when a partition key can be neither a column nor derived", () => {
    const bad = SILVER.replace("      partitionFrom: created_at\n", "");
    expect(load(BRONZE + bad)).toThrow(/tables\.silver\/sales\/orders\.partitionKeys\.0: year is neither/);
  });

  it("checks a gold spec's partition keys against its groupBy and its sources", () => {
    const gold = `  gold/sales/daily:
    partitionKeys: [year]
    gold:
      sources:
        - { table: silver/sales/orders, as: o }
        - { table: silver/sales/payments, as: p }
      groupBy: [{ name: day, sql: o.day }]
      measures: [{ name: revenue, fn: sum, sql: o.amount }]
`;
    let message = "";
    try {
      load(BRONZE + SILVER + gold)();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toMatch(
      /gold\/sales\/daily\.gold\.sources\.1\.table: silver\/sales\/payments is not a table/,
    );
    expect(message).toMatch(
      /gold\/sales\/daily\.gold\.sources\.1: every source after the first needs join and on/,
    );
    expect(message).toMatch(/gold\/sales\/daily\.partitionKeys\.0: year is not a groupBy name/);
  });

  it("refuses an unknown measure function, naming what is allowed", () => {
    const gold = `  gold/sales/daily:
    gold:
      sources: [{ table: silver/sales/orders, as: o }]
      measures: [{ name: revenue, fn: median, sql: o.amount }]
`;
    expect(load(BRONZE + SILVER + gold)).toThrow(/gold\/sales\/daily\.gold\.measures\.0\.fn: .*"sum"/);
  });
});

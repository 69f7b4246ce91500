import { describe, expect, it } from "vitest";
import type { GoldSpec, SilverSpec } from "../../src/config/index.js";
import { goldSql, silverCheckedSql } from "../../src/promote/sql.js";
import { duck } from "./shop-lake.js";

const spec: SilverSpec = {
  from: "bronze/shop/orders",
  columns: [
    { name: "order_id", type: "string", nullable: false },
    { name: "email", type: "string", nullable: true, sql: "lower(trim(email))" },
    { name: "amount", type: "decimal(10,2)", nullable: true },
    { name: "coupon", type: "string", nullable: true },
  ],
  rules: [{ name: "positive_amount", check: "amount > 0" }],
};

const bronze = `CREATE TEMP VIEW bronze AS SELECT * FROM (VALUES
  ('A', ' X@Y.COM ', '10.5', 'k/2024/a.json', '2024'),
  (NULL, 'a@b', '1', 'k/2024/a.json', '2024'),
  ('C', NULL, 'ten', 'k/2024/a.json', '2024'),
  ('D', NULL, '-1', 'k/2024/a.json', '2024')
) t(order_id, email, amount, _object_key, year)`;

describe("silver SQL from the spec", () => {
  it("types each row and names the first rule it fails: a cast, a required column, then the checks", async () => {
    const sql = silverCheckedSql(spec, "bronze", ["year"], new Set(["order_id", "email", "amount", "year"]));
    const rows = await duck(
      `${bronze}; SELECT order_id, email, amount, coupon, _rule, _bronze_year FROM (${sql}) ORDER BY order_id NULLS FIRST`,
    );
    expect(rows).toEqual([
      {
        order_id: null,
        email: "a@b",
        amount: "1.00",
        coupon: null,
        _rule: "required:order_id",
        _bronze_year: "2024",
      },
      { order_id: "A", email: "x@y.com", amount: "10.50", coupon: null, _rule: null, _bronze_year: "2024" },
      { order_id: "C", email: null, amount: null, coupon: null, _rule: "type:amount", _bronze_year: "2024" },
      {
        order_id: "D",
        email: null,
        amount: "-1.00",
        coupon: null,
        _rule: "rule:positive_amount",
        _bronze_year: "2024",
      },
    ]);
  });
});

describe("gold SQL from the spec", () => {
  const gold: GoldSpec = {
    sources: [
      { table: "silver/shop/orders", as: "o" },
      { table: "silver/shop/payments", as: "p", join: "left", on: "p.order_id = o.order_id" },
    ],
    where: "o.status <> 'cancelled'",
    groupBy: [{ name: "year", sql: "o.year" }],
    measures: [
      { name: "orders", fn: "count_distinct", sql: "o.order_id" },
      { name: "revenue", fn: "sum", sql: "o.amount" },
      { name: "payments", fn: "count", sql: "p.payment_id" },
      { name: "rows", fn: "count" },
    ],
  };

  it("joins, filters, groups and measures, with the partition key as text", async () => {
    const sql = goldSql(gold, ["year"], (alias) => `v_${alias}`);
    expect(sql).toContain('count(DISTINCT o.order_id) AS "orders"');
    expect(sql).toContain('LEFT JOIN "v_p" AS "p" ON p.order_id = o.order_id');
    const rows = await duck(`
      CREATE TEMP VIEW v_o AS SELECT * FROM (VALUES ('A', 10.0, 'paid', 2024), ('B', 5.0, 'cancelled', 2024), ('C', 2.5, 'paid', 2025)) t(order_id, amount, status, year);
      CREATE TEMP VIEW v_p AS SELECT * FROM (VALUES ('P1', 'A'), ('P2', 'A')) t(payment_id, order_id);
      ${sql} ORDER BY year`);
    expect(rows).toEqual([
      { year: "2024", orders: "1", revenue: "20.0", payments: "2", rows: "2" },
      { year: "2025", orders: "1", revenue: "2.5", payments: "0", rows: "1" },
    ]);
  });
});

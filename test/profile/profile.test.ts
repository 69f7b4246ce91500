import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lake } from "../../src/lake/index.js";
import { profilePath } from "../../src/profile/index.js";
import { duck } from "../promote/shop-lake.js";
import { demoLake } from "../query/_lake.js";

let dir: string;
let lake: Lake;

beforeAll(async () => {
  ({ dir, lake } = await demoLake());
}, 120_000);
afterAll(async () => {
  await lake?.close();
});

const partition = "silver/sales/orders/year=2024/month=01/day=30";

describe("medallion profile, computed by DuckDB over only the path's files", () => {
  it("gives every column's nulls, distinct count, min and max as DuckDB counts them over that partition", async () => {
    const profile = await profilePath(lake, partition);
    const files = await duck(`SELECT file FROM glob('${dir}/${partition}/*.parquet')`);
    expect(profile.files).toBe(files.length);
    expect(profile.bytesRead).toBe(files.reduce((n, f) => n + statSync(String(f.file)).size, 0));
    const source = `read_parquet('${dir}/${partition}/*.parquet')`;
    const [direct] = await duck(
      `SELECT count(*) AS n, count(*) - count(customer_email) AS null_emails, count(DISTINCT customer_id) AS customers,
              min(amount)::VARCHAR AS min_amount, max(created_at)::VARCHAR AS last_created FROM ${source}`,
    );
    const column = (name: string) => profile.columns.find((c) => c.name === name);
    expect(profile.rows).toBe(Number(direct?.n));
    expect(column("customer_email")?.nulls).toBe(Number(direct?.null_emails));
    expect(column("customer_email")?.nulls).toBeGreaterThan(0);
    expect(column("customer_id")).toMatchObject({ distinct: Number(direct?.customers), distinctExact: true });
    expect(column("amount")?.min).toBe(direct?.min_amount);
    expect(column("created_at")?.max).toBe(direct?.last_created);
    // The partition's own columns come from its folders.
    expect(column("day")).toMatchObject({ distinct: 1, min: "30", max: "30" });
  });

  it("draws a histogram for numbers and timestamps and the top values for text, as DuckDB groups them", async () => {
    const profile = await profilePath(lake, partition);
    const column = (name: string) => profile.columns.find((c) => c.name === name);
    const amount = column("amount");
    expect(amount?.histogram?.length).toBeGreaterThan(2);
    expect(amount?.histogram?.reduce((n, b) => n + b.count, 0)).toBe(profile.rows - (amount?.nulls ?? 0));
    expect(column("created_at")?.histogram?.length).toBeGreaterThan(2);
    const statuses = await duck(
      `SELECT status, count(*) AS n FROM read_parquet('${dir}/${partition}/*.parquet') GROUP BY status ORDER BY n DESC, status LIMIT 5`,
    );
    expect(column("status")?.top).toEqual(statuses.map((s) => ({ value: s.status, count: Number(s.n) })));
    // An id column (every value distinct) has no top values to chart.
    expect(column("order_id")?.top).toBeUndefined();
  });

  it("says when a distinct count is an estimate, and refuses a path with no data file", async () => {
    const profile = await profilePath(lake, "silver/sales/orders", { exactDistinctRows: 0 });
    const [direct] = await duck(
      `SELECT count(DISTINCT customer_id) AS n FROM read_parquet('${dir}/silver/sales/orders/**/*.parquet')`,
    );
    const customers = profile.columns.find((c) => c.name === "customer_id");
    expect(customers?.distinctExact).toBe(false);
    expect(Math.abs((customers?.distinct ?? 0) / Number(direct?.n) - 1)).toBeLessThan(0.1);
    await expect(profilePath(lake, "silver/sales/nothing")).rejects.toThrow(
      /nothing to profile at silver\/sales\/nothing/,
    );
  });
});

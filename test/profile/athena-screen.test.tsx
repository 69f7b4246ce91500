// `a` on a column of Athena's query results in the terminal UI: the query screen runs the SQL on Athena
// (the lake's engine), and the profile of that column is computed by Athena too, over every row of the
// query, with Athena's bytes scanned and cost in its heading. Athena as in _athena-lake.ts.
import { cleanup } from "ink-testing-library";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { lakeSource } from "../../components/lake-source.js";
import { KEYS, renderApp } from "../components/render-app.js";
import { duck } from "../promote/shop-lake.js";
import { type AthenaLake, athenaLake, PARTITION } from "./_athena-lake.js";

let fixture: AthenaLake;
beforeAll(async () => {
  fixture = await athenaLake();
}, 180_000);
afterAll(() => fixture?.close());
afterEach(() => cleanup());

/** Ctrl-R runs the query. */
const RUN = "\u0012";

describe("a on Athena's query results", () => {
  it("profiles the column on Athena over every row of the query, with what Athena scanned and cost", async () => {
    const athena = fixture.athenaRuns();
    const app = renderApp({
      source: lakeSource(fixture.config),
      size: { width: 120, height: 30 },
      start: {
        screen: "query",
        params: { sql: "select status, amount from silver.sales_orders where day = '30'" },
      },
    });
    await app.waitForText("SQL> select status");
    await app.press(RUN);
    await app.waitForText("column status", 60_000);
    expect(athena.statements).toHaveLength(1);
    await app.press(KEYS.right, "a");
    const frame = await app.waitForText("amount  decimal · histogram", 60_000);
    const [direct] = await duck(
      `SELECT count(*) AS n, min(amount)::VARCHAR AS least, max(amount)::VARCHAR AS most FROM read_parquet('${fixture.dir}/${PARTITION}/*.parquet')`,
    );
    expect(frame).toContain("Profile · query · amount");
    expect(frame).toMatch(/Athena \(analysts\): 2 queries, 128(\.0)? MiB scanned, \$0\.0006/);
    expect(frame).toContain(`${Number(direct?.n).toLocaleString("en-US")} rows`);
    expect(frame).toMatch(
      new RegExp(`^amount\\s+decimal\\s+0\\s+≈[\\d,]+\\s+${direct?.least}\\s+${direct?.most}`, "m"),
    );
    // The query's statement, then the profile's two, each over the query's rows.
    expect(athena.statements).toHaveLength(3);
    for (const sql of athena.statements.slice(1))
      expect(sql).toContain(
        "WITH profiled AS (\nselect status, amount from silver.sales_orders where day = '30'\n)",
      );
  }, 120_000);
});

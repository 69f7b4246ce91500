// `medallion profile` on Athena: the lake on S3 and Glue (moto_server), Athena's calls through a mocked
// AthenaClient whose statements run on DuckDB over the demo lake's local files (_athena-lake.ts). The
// Athena profile must give the numbers DuckDB's profile gives over the same files.
import { StartQueryExecutionCommand, StopQueryExecutionCommand } from "@aws-sdk/client-athena";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Profile, profileHeading, profilePath, profileQuery } from "../../src/profile/index.js";
import { lineText } from "../../src/render/index.js";
import { duck } from "../promote/shop-lake.js";
import { type AthenaLake, athenaLake, PARTITION as partition, SCANNED } from "./_athena-lake.js";

let fixture: AthenaLake;
beforeAll(async () => {
  fixture = await athenaLake();
}, 180_000);
afterAll(() => fixture?.close());

const column = (profile: Profile, name: string) => profile.columns.find((c) => c.name === name);

/** Each column's counts as both engines give them (DuckDB's distinct counts as estimates too), by name. */
function figures(profile: Profile) {
  return profile.columns
    .map((c) => ({ name: c.name, nulls: c.nulls, distinct: c.distinct, top: c.top }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

describe("medallion profile --engine athena", () => {
  it("profiles a partition through its Glue table with the numbers DuckDB gives over its files", async () => {
    const mocked = fixture.athenaRuns();
    const progress: string[] = [];
    const athena = await profilePath(fixture.lake, partition, {
      engine: "athena",
      onProgress: (p) => progress.push(p),
    });
    const duckdb = await profilePath(fixture.local, partition, { exactDistinctRows: 0 });
    expect(athena.rows).toBe(duckdb.rows);
    expect(figures(athena)).toEqual(figures(duckdb));
    expect(athena.columns.every((c) => !c.distinctExact)).toBe(true);
    expect(column(athena, "amount")).toMatchObject({
      min: column(duckdb, "amount")?.min,
      max: column(duckdb, "amount")?.max,
    });
    // Two statements, both over only that partition, in the configured workgroup; Athena's bytes and cost.
    expect(mocked.statements).toHaveLength(2);
    for (const sql of mocked.statements)
      expect(sql).toContain(
        `FROM "${fixture.prefix}_silver"."sales_orders" WHERE "year" = '2024' AND "month" = '01' AND "day" = '30'`,
      );
    expect(mocked.mock.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toMatchObject({
      WorkGroup: "analysts",
    });
    expect(athena.bytesRead).toBe(2 * SCANNED);
    expect(athena.athena).toMatchObject({ workgroup: "analysts", queries: ["q-1", "q-2"] });
    expect(athena.athena?.costUsd).toBeCloseTo(2 * (SCANNED / 2 ** 40) * 5, 10);
    expect(lineText(profileHeading(athena))).toMatch(
      /^silver\/sales\/orders\/year=2024\/month=01\/day=30 · Athena \(analysts\): 2 queries, 128(\.0)? MiB scanned, \$0\.0006 · [\d,]+ rows · 15 columns · distinct counts ≈ \(Athena's approx_distinct estimates\)/,
    );
    expect(progress.map((p) => p.replace(/ [\d.]+ s$/, ""))).toEqual(
      expect.arrayContaining([
        "counting: Athena (analysts) queued",
        "counting: Athena (analysts) running",
        "charts: Athena (analysts) succeeded",
      ]),
    );
  });

  it("bins numbers and timestamps so that each bin counts the values up to its bound", async () => {
    fixture.athenaRuns();
    const athena = await profilePath(fixture.lake, partition, { engine: "athena" });
    const source = `read_parquet('${fixture.dir}/${partition}/*.parquet')`;
    for (const [name, value] of [
      ["amount", "amount"],
      ["created_at", "created_at"],
    ] as const) {
      const histogram = column(athena, name)?.histogram ?? [];
      expect(histogram.length, name).toBeGreaterThan(2);
      const [direct] = await duck(`SELECT count(${value}) AS n FROM ${source}`);
      expect(histogram.reduce((n, b) => n + b.count, 0)).toBe(Number(direct?.n));
      // Each bin holds the values above the previous bound, up to and with its own.
      let previous: string | undefined;
      for (const bin of histogram) {
        const bound = name === "created_at" ? `TIMESTAMP '${bin.upTo}'` : bin.upTo;
        const above =
          previous === undefined
            ? ""
            : ` AND ${value} > ${name === "created_at" ? `TIMESTAMP '${previous}'` : previous}`;
        const [inBin] = await duck(`SELECT count(*) AS n FROM ${source} WHERE ${value} <= ${bound}${above}`);
        expect(bin.count, `${name} ≤ ${bin.upTo}`).toBe(Number(inBin?.n));
        previous = bin.upTo;
      }
    }
  });

  it('profiles one file of a partition by its "$path", and a query\'s column as the query screen asks', async () => {
    const mocked = fixture.athenaRuns();
    const athena = await profilePath(fixture.lake, fixture.file, { engine: "athena" });
    const duckdb = await profilePath(fixture.local, fixture.file, { exactDistinctRows: 0 });
    expect(athena.rows).toBe(duckdb.rows);
    expect(figures(athena)).toEqual(figures(duckdb));
    expect(mocked.statements[0]).toContain(`AND "$path" = 's3://${fixture.bucket}/prod/${fixture.file}'`);

    const sql = "select status, amount from silver.sales_orders where day = '30'";
    const resultColumns = [{ name: "status", type: "varchar" }];
    const onAthena = await profileQuery(fixture.lake, sql, {
      engine: "athena",
      columns: ["status"],
      resultColumns,
    });
    const onDuckDb = await profileQuery(fixture.local, sql, { columns: ["status"], exactDistinctRows: 0 });
    expect(figures(onAthena)).toEqual(figures(onDuckDb));
    expect(onAthena.path).toBe("the query's rows");
  });

  it("stops the query in Athena when cancelled, and refuses a partition Glue does not hold", async () => {
    const mocked = fixture.athenaRuns(["QUEUED", "RUNNING"]);
    const cancel = new AbortController();
    const running = profilePath(fixture.lake, partition, {
      engine: "athena",
      signal: cancel.signal,
      onProgress: (p) => {
        if (p.includes("running")) cancel.abort(new Error("interrupted"));
      },
    });
    await expect(running).rejects.toThrow(/Athena query q-1 cancelled after [\d.]+ s: stopped it in Athena/);
    expect(mocked.mock.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);

    await expect(
      profilePath(fixture.lake, "silver/sales/orders/year=2023/month=12/day=31", { engine: "athena" }),
    ).rejects.toThrow(
      /is not a partition of p\w+_silver\.sales_orders in the Glue catalog, so Athena would read nothing there: run `medallion sync silver\/sales\/orders --yes` first/,
    );
    await expect(profilePath(fixture.local, partition, { engine: "athena" })).rejects.toThrow(
      /the athena engine reads S3 and this lake is .*: profile it with --engine duckdb/,
    );
    expect(mocked.statements).toHaveLength(1);
  });
});

// Athena's states, failures and statistics during a promotion, where moto is not faithful (it never
// fails a query, always reports 0 bytes scanned): Athena's API is mocked (aws-sdk-client-mock), its SQL
// is run by the stand-in on DuckDB (athena-stand-in.ts: SELECTs give their rows, UNLOADs write their
// Parquet files into moto's S3). S3 and Glue are moto through the real SDK; the promotion is the real one.
import path from "node:path";
import { AthenaClient, StartQueryExecutionCommand, StopQueryExecutionCommand } from "@aws-sdk/client-athena";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { AthenaEngine } from "../../src/engine/athena.js";
import { AthenaQueries } from "../../src/engine/athena-query.js";
import { openLake } from "../../src/lake/index.js";
import { athenaSession } from "../../src/promote/athena-inputs.js";
import { listRuns, promote, resultLines, resumeRun } from "../../src/promote/index.js";
import { type Ending, mockedAthena, mockedAthenaLakes } from "./athena-mock.js";

const MiB = 2 ** 20;
let lakes: Awaited<ReturnType<typeof mockedAthenaLakes>>;
const keysUnder = (prefix: string) => lakes.keysUnder(prefix);
const lakeNamed = (name: string) => lakes.lakeNamed(name);

/** A mocked Athena client whose statements run on DuckDB, each polled through `ending(n, sql)`'s states. */
function mockedClient(ending: (n: number, sql: string) => Ending | undefined) {
  const client = new AthenaClient({
    region: "us-east-1",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  return { client, ...mockedAthena(lakes.standIn, ending, client) };
}

/** The lake of `dir` and an Athena session on it, mocked as `ending` says, opened as promote opens one. */
async function session(
  dir: string,
  ending: (n: number, sql: string) => Ending | undefined,
  onState?: (sql: string, state: string) => void,
  signal?: AbortSignal,
) {
  const lake = openLake(loadConfig({ config: path.join(dir, "medallion.yaml") }));
  const { client, mock, statements } = mockedClient(ending);
  const states: string[] = [];
  const queries = new AthenaQueries(client, lake.config.athena);
  const engine = new AthenaEngine(
    queries,
    lake.store,
    athenaSession(lake, await lake.catalog(), {
      signal,
      onQuery: ({ sql, state }) => {
        states.push(`${sql.split(/\s/)[0]} ${state}`);
        onState?.(sql, state);
      },
    }),
  );
  return {
    lake,
    engine,
    statements,
    states,
    mock,
    done: async () => {
      await engine.close();
      await lake.close();
    },
  };
}

beforeAll(async () => {
  lakes = await mockedAthenaLakes(inject("motoEndpoint"), "athena-mock", [
    "mock1",
    "mock2",
    "mock3",
    "mock4",
  ]);
}, 120_000);

afterAll(() => lakes?.close());

describe("Athena states and statistics during a promotion (mocked Athena, moto S3 and Glue)", () => {
  it("polls each statement from queued through running to succeeded and reports the bytes scanned and their cost", async () => {
    const { lake, engine, statements, states, mock, done } = await session(
      await lakeNamed("mock1"),
      () => undefined,
    );
    const result = await promote(lake, "bronze/shop/orders", { to: "silver", session: engine });
    expect(result.run.state).toBe("committed");
    // In medallion.yaml's workgroup.
    expect(
      mock.commandCalls(StartQueryExecutionCommand).every((c) => c.args[0].input.WorkGroup === "etl"),
    ).toBe(true);
    // Every statement seen queued, then running, then succeeded.
    expect(states.filter((s) => s.startsWith("UNLOAD"))).toEqual([
      "UNLOAD QUEUED",
      "UNLOAD RUNNING",
      "UNLOAD SUCCEEDED",
      "UNLOAD QUEUED",
      "UNLOAD RUNNING",
      "UNLOAD SUCCEEDED",
    ]);
    expect(states).toHaveLength(3 * statements.length);
    // 64 MiB a statement: billed by the MiB at $5 per TiB.
    const usd = (statements.length * 64 * MiB * 5) / 2 ** 40;
    expect(result.run.usage).toEqual({
      queries: statements.length,
      scannedBytes: statements.length * 64 * MiB,
      costUsd: expect.closeTo(usd, 12),
    });
    expect(resultLines(result)).toContain(
      `  Athena: ${statements.length} queries, ${statements.length * 64} MiB scanned · $${usd.toFixed(4)} (Athena's statistics: billed by the MiB, 10 MiB at least per query)`,
    );
    await done();
  }, 120_000);

  it("leaves the run to resume, with nothing visible, when Athena fails an UNLOAD on its side; resume finishes it", async () => {
    const dir = await lakeNamed("mock2");
    const first = await session(dir, (_n, sql) =>
      sql.startsWith("UNLOAD")
        ? { states: ["QUEUED", "RUNNING", "FAILED"], error: { ErrorCategory: 1, Retryable: true } }
        : undefined,
    );
    await expect(
      promote(first.lake, "bronze/shop/orders", { to: "silver", session: first.engine }),
    ).rejects.toMatchObject({
      code: "endpoint",
      message: expect.stringMatching(
        /^Athena query q-\d+ failed: HIVE_CURSOR_ERROR: Please reduce your request rate\.; run (\S+) is unfinished and nothing of it is visible: `medallion runs resume \1` stages it again/,
      ),
    });
    const [run] = await listRuns(first.lake.store);
    expect(run).toMatchObject({ state: "running" });
    // What the failed run scanned stays on its journal.
    expect(run?.usage?.queries).toBe(first.statements.length);
    expect(await keysUnder("mock2/silver/")).toEqual([]);
    expect(await (await first.lake.catalog()).getTable("mock2_silver", "shop_orders")).toBeUndefined();
    await first.done();

    const second = await session(dir, () => undefined);
    const resumed = await resumeRun(second.lake, run?.id as string, { session: second.engine });
    expect(resumed.state).toBe("committed");
    expect(resumed.usage?.queries).toBe(first.statements.length + second.statements.length);
    expect((await keysUnder("mock2/silver/shop/orders/")).length).toBe(3);
    expect(await keysUnder("mock2/_medallion/")).toEqual([`mock2/_medallion/runs/${run?.id}.json`]);
    await second.done();
  }, 120_000);

  it("rolls the run back at once when Athena fails a statement on its SQL, and when one is cancelled outside Medallion leaves it to resume", async () => {
    const dir = await lakeNamed("mock3");
    const bad = await session(dir, (n) =>
      n === 2 ? { states: ["QUEUED", "FAILED"], error: { ErrorCategory: 2 } } : undefined,
    );
    await expect(
      promote(bad.lake, "bronze/shop/orders", { to: "silver", session: bad.engine }),
    ).rejects.toMatchObject({
      code: "usage",
      message: expect.stringMatching(/^Athena query q-2 failed: [^;]*$/),
    });
    expect((await listRuns(bad.lake.store)).map((r) => r.state)).toEqual(["rolled-back"]);
    await bad.done();

    const cancelled = await session(dir, (n) => (n === 3 ? { states: ["RUNNING", "CANCELLED"] } : undefined));
    await expect(
      promote(cancelled.lake, "bronze/shop/orders", { to: "silver", session: cancelled.engine }),
    ).rejects.toMatchObject({
      code: "cancelled",
      message: expect.stringMatching(/cancelled \(outside Medallion\).*is unfinished/),
    });
    expect((await listRuns(cancelled.lake.store)).map((r) => r.state)).toEqual(["rolled-back", "running"]);
    expect(await keysUnder("mock3/silver/")).toEqual([]);
    await cancelled.done();
  }, 120_000);

  it("stops the running UNLOAD when aborted (Ctrl-C), counts what it had scanned, and leaves the run to resume", async () => {
    const dir = await lakeNamed("mock4");
    const abort = new AbortController();
    const stopped = await session(
      dir,
      (_n, sql) => (sql.startsWith("UNLOAD") ? { states: ["QUEUED", "RUNNING", "CANCELLED"] } : undefined),
      (sql, state) =>
        sql.startsWith("UNLOAD") && state === "RUNNING" && abort.abort(new Error("interrupted")),
      abort.signal,
    );
    await expect(
      promote(stopped.lake, "bronze/shop/orders", {
        to: "silver",
        session: stopped.engine,
        signal: abort.signal,
      }),
    ).rejects.toMatchObject({
      code: "cancelled",
      message: expect.stringMatching(
        /stopped it in Athena; it had scanned 64(\.0)? MiB .*; run \S+ is unfinished/,
      ),
    });
    expect(stopped.mock.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
    const [run] = await listRuns(stopped.lake.store);
    // Every statement scanned 64 MiB, the stopped UNLOAD included, and each is billed.
    expect(run).toMatchObject({
      state: "running",
      usage: { queries: stopped.statements.length, scannedBytes: stopped.statements.length * 64 * MiB },
    });
    expect(run?.usage?.costUsd).toBeCloseTo((stopped.statements.length * 64 * MiB * 5) / 2 ** 40, 12);
    expect(await keysUnder("mock4/silver/")).toEqual([]);
    await stopped.done();
  }, 120_000);
});

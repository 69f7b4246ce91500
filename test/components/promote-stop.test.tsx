// Stopping a running promotion from the UI: Esc (or Ctrl-C, which then does not quit) on the promotion
// screen stops Athena's query (StopQueryExecution, as the CLI's Ctrl-C does) or DuckDB's statement, says
// so, and leaves the run to resume from :runs with nothing of it visible. Athena's API is mocked
// (test/promote/athena-mock.ts: an UNLOAD runs until it is stopped), its SQL run by the DuckDB stand-in;
// S3 and Glue are moto through the real SDK.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { StopQueryExecutionCommand } from "@aws-sdk/client-athena";
import { cleanup } from "ink-testing-library";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { lakeSource } from "../../components/lake-source.js";
import { loadConfig } from "../../src/config/index.js";
import { openLake } from "../../src/lake/index.js";
import { listRuns } from "../../src/promote/index.js";
import { mockedAthena, mockedAthenaLakes } from "../promote/athena-mock.js";
import { shopLake } from "../promote/shop-lake.js";
import { KEYS, renderApp } from "./render-app.js";

const CTRL_C = "\u0003";
let lakes: Awaited<ReturnType<typeof mockedAthenaLakes>>;

afterEach(() => cleanup());
beforeAll(async () => {
  lakes = await mockedAthenaLakes(inject("motoEndpoint"), "promote-stop", ["esc", "ctrlc", "quit"]);
}, 120_000);
afterAll(() => lakes?.close());

/** The run journal (`R`), the unfinished run opened, resumed after asking. */
async function startResume(app: ReturnType<typeof renderApp>, id: string) {
  await app.press("R");
  await app.waitForText("running");
  await app.press(KEYS.enter);
  await app.waitForText("unfinished: `medallion runs resume");
  await app.press("u");
  await app.waitForText(`Resume run ${id}?`);
  await app.press("y");
}

/** The unfinished run resumed from the run journal (or from its page there, `shown`): the run's result. */
async function resumeFromRuns(app: ReturnType<typeof renderApp>, id: string, shown = false) {
  if (shown) {
    await app.press("u");
    await app.waitForText(`Resume run ${id}?`);
    await app.press("y");
  } else await startResume(app, id);
  await app.waitForText(`run ${id} is committed`, 60_000);
  return app.waitForText("rows in 24 · rejected 9 · deduplicated 3 · out 12");
}

/** The promotion screen of silver/shop/orders, the run confirmed. */
async function promoting(config: string) {
  const app = renderApp({
    source: lakeSource(loadConfig({ config })),
    size: { width: 160, height: 30 },
    start: { screen: "promote", params: { table: "silver/shop/orders" } },
  });
  await app.waitFor((f) => /read \d+ partitions/.test(f), "the plan", 30_000);
  await app.press(KEYS.enter, "y");
  return app;
}

describe("stopping a running promotion in the UI", () => {
  for (const [name, key] of [
    ["esc", KEYS.esc],
    ["ctrlc", CTRL_C],
  ] as const) {
    it(`${name === "esc" ? "Esc" : "Ctrl-C"} stops the running Athena UNLOAD, says the run is unfinished with nothing visible, and :runs resumes it${name === "esc" ? " (its first resume stopped by Esc too)" : ""}`, async () => {
      const config = path.join(await lakes.lakeNamed(name), "medallion.yaml");
      // The first UNLOAD runs until it is stopped (with Esc, the first resume's too); the others go through.
      let unloads = 0;
      const held = name === "esc" ? 2 : 1;
      const { mock } = mockedAthena(lakes.standIn, (_n, sql) =>
        sql.startsWith("UNLOAD") && ++unloads <= held
          ? { states: ["QUEUED", "RUNNING"], untilStopped: true }
          : undefined,
      );
      try {
        const app = await promoting(config);
        await app.waitForText("Athena UNLOAD: running", 30_000);
        await app.press(key);
        const frame = await app.waitForText("nothing of it is visible", 30_000);
        expect(frame).toMatch(/Athena query q-\d+ .*stopped it in Athena\s+it had scanned 64(\.0)? MiB/);
        expect(frame).toContain("R opens the runs: u resumes it, B rolls it back");
        expect(mock.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
        const lake = openLake(loadConfig({ config }));
        const [run] = await listRuns(lake.store);
        expect(run?.state).toBe("running");
        expect(await lakes.keysUnder(`${name}/silver/`)).toEqual([]);
        expect(await (await lake.catalog()).getTable(`${name}_silver`, "shop_orders")).toBeUndefined();
        await lake.close();

        // The app is still up (Ctrl-C stopped the run, it did not quit): resume from the run journal.
        if (name === "esc") {
          // A resume from :runs is stopped the same way.
          await startResume(app, run?.id as string);
          await app.waitForText("Athena UNLOAD: running", 30_000);
          await app.press(KEYS.esc);
          await app.waitForText(`run ${run?.id} is unfinished and nothing of it is visible`, 30_000);
          expect(mock.commandCalls(StopQueryExecutionCommand)).toHaveLength(2);
        }
        await resumeFromRuns(app, run?.id as string, name === "esc");
        expect((await lakes.keysUnder(`${name}/silver/shop/orders/`)).length).toBe(3);
      } finally {
        mock.restore();
      }
    }, 180_000);
  }

  it("quitting with q while Athena runs stops its query too: nothing is left running unseen", async () => {
    const config = path.join(await lakes.lakeNamed("quit"), "medallion.yaml");
    const { mock } = mockedAthena(lakes.standIn, (_n, sql) =>
      sql.startsWith("UNLOAD") ? { states: ["QUEUED", "RUNNING"], untilStopped: true } : undefined,
    );
    try {
      const app = await promoting(config);
      await app.waitForText("Athena UNLOAD: running", 30_000);
      await app.press("q");
      const lake = openLake(loadConfig({ config }));
      const deadline = Date.now() + 30_000;
      // The app is gone; the promotion stops in the background and leaves its journal to resume.
      while ((await listRuns(lake.store))[0]?.usage === undefined && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(mock.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
      expect((await listRuns(lake.store))[0]?.state).toBe("running");
      expect(await lakes.keysUnder("quit/silver/")).toEqual([]);
      await lake.close();
    } finally {
      mock.restore();
    }
  }, 120_000);

  it("Esc stops a DuckDB promotion before its commit: nothing visible, resumed from :runs", async () => {
    const root = shopLake();
    const config = path.join(root, "medallion.yaml");
    const app = await promoting(config);
    await app.waitForText("reading 3 partitions of bronze/shop/orders", 30_000);
    await app.press(KEYS.esc);
    const frame = await app.waitForText("nothing of it is visible", 30_000);
    expect(frame).toMatch(
      /stopped(: DuckDB interrupted| before the commit)\s+run \S+ is (unfinished|staged)/,
    );
    const lake = openLake(loadConfig({ config }));
    const [run] = await listRuns(lake.store);
    expect(run?.state).toBe("running");
    await lake.close();
    expect(readdirSync(root)).not.toContain("silver");
    await resumeFromRuns(app, run?.id as string);
    expect(readdirSync(path.join(root, "silver/shop/orders/year=2024/month=01"))).toHaveLength(3);
  }, 120_000);

  it("goes on once the commit has begun: Esc says the commit is finished, not stopped halfway", async () => {
    // 90 days: a commit long enough (90 partitions, each journaled) for Esc to land in it.
    const root = shopLake();
    for (let d = 0; d < 90; d++) {
      const day = new Date(Date.UTC(2024, 2, 1) + d * 86_400_000).toISOString().slice(0, 10);
      const [y, m, dd] = day.split("-");
      const folder = path.join(root, `bronze/shop/orders/year=${y}/month=${m}/day=${dd}`);
      mkdirSync(folder, { recursive: true });
      const row = {
        order_id: `M${d}`,
        email: "a@b.c",
        amount: 1,
        created_at: `${day}T08:00:00Z`,
        updated_at: `${day}T09:00:00Z`,
      };
      writeFileSync(path.join(folder, "part-0.json"), `${JSON.stringify(row)}\n`);
    }
    const app = await promoting(path.join(root, "medallion.yaml"));
    await app.waitFor((f) => /replace \d+\/\d+/.test(f), "the commit's progress", 60_000);
    await app.press(KEYS.esc);
    await app.waitForText("committing: a commit is finished, not stopped halfway; it ends in a moment");
    const frame = await app.waitForText("promoted bronze/shop/orders → silver/shop/orders", 60_000);
    expect(frame).toContain("out 102");
  }, 120_000);
});

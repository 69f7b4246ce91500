// The promotion screen and the runs screen on a real local lake (the shop lake of test/promote):
// P in the browser shows the plan, n a dry run, Enter asks and runs with progress, the result in
// `medallion promote`'s words, x the rejects table, :runs the journal.
import path from "node:path";
import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { lakeSource } from "../../components/lake-source.js";
import { progressBar } from "../../components/promote/promote-screen.js";
import { loadConfig } from "../../src/config/index.js";
import { openLake } from "../../src/lake/index.js";
import { planPromotion, promotionTarget } from "../../src/promote/index.js";
import { saveRun } from "../../src/promote/journal.js";
import { deliverAgain, shopLake } from "../promote/shop-lake.js";
import { KEYS, renderApp } from "./render-app.js";

afterEach(() => cleanup());

const source = (root: string, readOnly = false) =>
  lakeSource(loadConfig({ config: path.join(root, "medallion.yaml"), ...(readOnly ? { readOnly } : {}) }));

describe("the promotion screen", () => {
  it("plans on P, counts on n, asks, promotes with progress, then opens the rejects and the runs", async () => {
    const root = shopLake();
    const app = renderApp({
      source: source(root),
      size: { width: 140, height: 30 },
      start: { screen: "browser", params: { path: "bronze/shop" } },
    });
    await app.waitForText("orders");
    await app.press("P");
    let frame = await app.waitForText("promote bronze/shop/orders → silver/shop/orders with duckdb");
    expect(frame).toContain("read 3 partitions");
    expect(frame).toContain("new or changed");
    expect(frame).toContain("spec: 5 columns, 1 rule, latest updated_at per order_id");
    expect(frame).toContain("writes silver/shop/orders and silver/shop/orders__rejects");

    await app.press("n");
    frame = await app.waitForText(
      "dry run: bronze/shop/orders → silver/shop/orders with duckdb, nothing written",
    );
    expect(frame).toContain("rows in 24 · rejected 9 · deduplicated 3 · out 12");

    await app.press(KEYS.esc); // back to the plan
    await app.press(KEYS.enter);
    await app.waitForText("Promote now? It writes silver/shop/orders from 3 input partitions");
    await app.press("n"); // cancel: nothing written
    await app.waitFor((f) => !f.includes("Promote now?"), "the question to go");
    await app.press(KEYS.enter, "y");
    frame = await app.waitForText("promoted bronze/shop/orders → silver/shop/orders with duckdb", 60_000);
    expect(frame).toContain("rows in 24 · rejected 9 · deduplicated 3 · out 12");
    expect(frame).toContain("silver/shop/orders__rejects: 3 partitions, 9 rows");
    expect(frame).toContain(
      "rejected by rule: required:order_id 3, rule:positive_amount 3, type:created_at 3",
    );

    await app.press("R");
    frame = await app.waitForText("committed");
    expect(frame).toMatch(/committed\s+silver\/shop\/orders\s+rows in 24 · rejected 9/);
    await app.press(KEYS.enter);
    frame = await app.waitForText("inputs: 3 partitions of bronze/shop/orders");
    expect(frame).toContain("output silver/shop/orders: 3 partitions");
    await app.press(KEYS.esc, KEYS.esc); // the run → the runs → the promotion
    await app.waitForText("nothing new or changed since the last run of silver/shop/orders");
    await app.press("x");
    await app.waitForText("silver › shop › orders__rejects");
    await app.waitForText("year 2024 · month 01 · day 01");
  }, 90_000);

  it("shows the plan of a table by its own spec, and refuses to write in read-only mode", async () => {
    const root = shopLake();
    const app = renderApp({
      source: source(root, true),
      size: { width: 120, height: 30 },
      start: { screen: "promote", params: { table: "silver/shop/orders" } },
    });
    await app.waitForText("read 3 partitions");
    await app.press(KEYS.enter);
    await app.waitForText("read-only: promoting would write; drop --read-only to promote");
    expect(app.frame()).not.toContain("Promote now?");
  }, 60_000);

  it("resumes an unfinished run from :runs after asking, and rolls another back", async () => {
    const root = shopLake();
    const lake = openLake(loadConfig({ config: path.join(root, "medallion.yaml") }));
    // Runs killed right after they were planned and journaled: nothing staged yet.
    const target = promotionTarget(lake.config, "silver/shop/orders");
    const first = await planPromotion(lake, target, { engine: "duckdb" });
    await saveRun(lake.store, first.run);
    await lake.close();
    const app = renderApp({
      source: source(root),
      size: { width: 140, height: 30 },
      start: { screen: "runs" },
    });
    await app.waitForText("running");
    await app.press(KEYS.enter);
    await app.waitForText(`unfinished: \`medallion runs resume ${first.run.id}\``);
    await app.press("u");
    await app.waitForText(`Resume run ${first.run.id}? It finishes the promotion of silver/shop/orders`);
    await app.press("y");
    await app.waitForText(`run ${first.run.id} is committed`, 60_000);
    let frame = await app.waitForText("rows in 24 · rejected 9 · deduplicated 3 · out 12");
    expect(frame).not.toContain("unfinished");

    // A second unfinished run over new input: rolled back, the data stays as the first run left it.
    deliverAgain(root);
    const again = openLake(loadConfig({ config: path.join(root, "medallion.yaml") }));
    const second = await planPromotion(again, target, { engine: "duckdb" });
    await saveRun(again.store, second.run);
    await again.close();
    await app.press(KEYS.esc, "r");
    await app.waitForText("running");
    await app.press(KEYS.enter);
    await app.waitForText(`Runs · ${second.run.id}`);
    await app.press("B", "y");
    frame = await app.waitForText(`run ${second.run.id} is rolled-back`, 60_000);
  }, 120_000);

  it("draws a bar for a step's share done", () => {
    expect(progressBar("replace 3/12", 40)).toBe("[██████░░░░░░░░░░░░░░░░] replace 3/12");
    expect(progressBar("validating and typing rows", 40)).toBeUndefined();
  });
});

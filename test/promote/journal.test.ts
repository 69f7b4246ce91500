// The run journal: a record of the whole run plus one small step line per step after it. What a reader
// gets back is the run with every step in order, whatever point a killed writer stopped at.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { journaled, listRuns, loadRun, RUNS_PREFIX, saveRun } from "../../src/promote/journal.js";
import type { PromotionRun } from "../../src/promote/types.js";
import { LocalStore } from "../../src/storage/index.js";

const store = () => new LocalStore(mkdtempSync(path.join(tmpdir(), "medallion-journal-")));

const aRun = (id: string, partitions: number): PromotionRun => ({
  id,
  layer: "silver",
  target: "silver/shop/orders",
  sources: ["bronze/shop/orders"],
  engine: "duckdb",
  state: "running",
  createdAt: "2026-12-02T17:00:00.000Z",
  inputs: [],
  outputs: [
    {
      path: "silver/shop/orders",
      role: "target",
      table: {
        database: "silver",
        name: "shop_orders",
        location: "x/",
        format: "parquet",
        columns: [],
        partitionKeys: [],
      },
      partitions: Array.from({ length: partitions }, (_, i) => ({
        path: `day=${i}`,
        values: [String(i)],
        stagedKeys: [`_medallion/staging/${id}/new/silver/shop/orders/day=${i}/part-0.parquet`],
        oldKeys: [],
        rows: 1,
        bytes: 100,
      })),
    },
  ],
  steps: [],
});

async function journalBytes(partitions: number): Promise<number> {
  const lake = store();
  let bytes = 0;
  const put = lake.put.bind(lake);
  lake.put = async (key, body, options) => {
    if (key.startsWith(RUNS_PREFIX)) bytes += Buffer.byteLength(body as string);
    return put(key, body, options);
  };
  const run = aRun("r1", partitions);
  await journaled(lake, run, "stage", async () => undefined, true);
  for (const p of run.outputs[0]?.partitions ?? [])
    await journaled(lake, run, `replace ${p.path}`, async () => undefined);
  run.state = "committed";
  await saveRun(lake, run);
  return bytes;
}

describe("the run journal", () => {
  it("reads back every step in order: the record's, then the step lines written after it", async () => {
    const lake = store();
    const run = aRun("r1", 3);
    await journaled(lake, run, "stage", async () => undefined, true);
    await journaled(lake, run, "replace silver/shop/orders/day=0/", async () => undefined);
    await journaled(lake, run, "backup ünïcode/é=%2F", async () => undefined);
    // A step name too long for a file name's 255 bytes is kept in its line's body.
    const long = `replace silver/shop/orders/${"city=São Paulo/".repeat(20)}`;
    await journaled(lake, run, long, async () => undefined);
    const read = await loadRun(lake, "r1");
    expect(read.steps.map((s) => `${s.step} ${s.state}`)).toEqual([
      "stage started",
      "stage done",
      "replace silver/shop/orders/day=0/ started",
      "replace silver/shop/orders/day=0/ done",
      "backup ünïcode/é=%2F started",
      "backup ünïcode/é=%2F done",
      `${long} started`,
      `${long} done`,
    ]);
    expect((await listRuns(lake)).map((r) => r.steps.at(-1)?.step)).toEqual([long]);
    // The record rewritten takes the lines in; they are deleted after it.
    await saveRun(lake, read);
    const keys: string[] = [];
    for await (const page of lake.list(RUNS_PREFIX)) keys.push(...page.objects.map((o) => o.key));
    expect(keys).toEqual([`${RUNS_PREFIX}r1.json`]);
    expect((await loadRun(lake, "r1")).steps).toHaveLength(8);
  });

  it("ignores step lines a killed rewrite of the record left behind (older than its steps)", async () => {
    const lake = store();
    const run = aRun("r1", 1);
    await journaled(lake, run, "stage", async () => undefined, true);
    await journaled(lake, run, "backup", async () => undefined);
    // The record as a rewrite killed before it deleted the lines would leave it: the lines stay.
    await put(lake, `${RUNS_PREFIX}r1.json`, `${JSON.stringify(run)}\n`);
    const read = await loadRun(lake, "r1");
    expect(read.steps.map((s) => `${s.step} ${s.state}`)).toEqual([
      "stage started",
      "stage done",
      "backup started",
      "backup done",
    ]);
    await journaled(lake, read, "replace day=0", async () => undefined);
    expect((await loadRun(lake, "r1")).steps).toHaveLength(6);
  });

  it("writes bytes in proportion to the partitions, not their square", async () => {
    const [small, large] = [await journalBytes(100), await journalBytes(400)];
    expect(large / small).toBeLessThan(4.5);
  });
});

const put = (lake: LocalStore, key: string, body: string) => lake.put(key, body);

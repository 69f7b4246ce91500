// The run journal's bytes for a promotion of BENCH_PARTITIONS (default 730: two years of days) partitions:
// a real bronze → silver promotion on DuckDB over a local lake (two rows a day), every write under
// `_medallion/runs/` counted. Baseline, side by side: the journal as it was before the append-only steps,
// which rewrote the whole run (inputs, outputs, every step so far) at each of the same journal writes;
// its bytes are the run's JSON as it stood at each write, rebuilt from the final journal.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config/index.js";
import { openLake } from "../src/lake/index.js";
import { listRuns, promote } from "../src/promote/index.js";
import { RUNS_PREFIX } from "../src/promote/journal.js";
import type { PromotionRun } from "../src/promote/types.js";

const PARTITIONS = Number(process.env.BENCH_PARTITIONS ?? 730);

const YAML = `lake: .
catalog: local
tables:
  bronze/shop/orders:
    partitionKeys: [year, month, day]
    format: json
  silver/shop/orders:
    partitionKeys: [year, month, day]
    silver:
      from: bronze/shop/orders
      partitionFrom: created_at
      columns:
        - { name: order_id, type: string, nullable: false }
        - { name: amount, type: "decimal(10,2)" }
        - { name: created_at, type: timestamp, nullable: false }
      dedupe: { keys: [order_id], latest: created_at }
`;

const MB = 1e6;

export default async function journalBench(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), "medallion-journal-bench-"));
  writeFileSync(path.join(root, "medallion.yaml"), YAML);
  const start = Date.UTC(2023, 0, 1);
  for (let d = 0; d < PARTITIONS; d++) {
    const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    const [y, m, dd] = day.split("-");
    const folder = path.join(root, `bronze/shop/orders/year=${y}/month=${m}/day=${dd}`);
    mkdirSync(folder, { recursive: true });
    const rows = [1, 2].map((n) =>
      JSON.stringify({ order_id: `${day}-${n}`, amount: "9.99", created_at: `${day}T10:0${n}:00Z` }),
    );
    writeFileSync(path.join(folder, "part-0.json"), `${rows.join("\n")}\n`);
  }
  const lake = openLake(loadConfig({ config: path.join(root, "medallion.yaml") }));
  // Every journal write, in order: its bytes and what it was (the whole run, or one step line).
  const writes: { bytes: number; key: string }[] = [];
  const put = lake.store.put.bind(lake.store);
  lake.store.put = async (key, body, options) => {
    if (key.startsWith(RUNS_PREFIX) && typeof body === "string")
      writes.push({ key, bytes: Buffer.byteLength(body) });
    return put(key, body, options);
  };
  const started = Date.now();
  const result = await promote(lake, "silver/shop/orders");
  const ms = Date.now() - started;
  const [run] = await listRuns(lake.store);
  await lake.close();
  rmSync(root, { recursive: true, force: true });
  if (run?.state !== "committed") throw new Error("the promotion did not commit");

  // The old journal wrote the run as it stood at each write: steps so far, outputs once staged.
  const staged = run.steps.findIndex((s) => s.step === "stage" && s.state === "done");
  const whole = (steps: number): number => {
    const at: PromotionRun = {
      ...run,
      state: steps === run.steps.length ? run.state : "running",
      steps: run.steps.slice(0, steps),
      ...(steps > staged ? {} : { outputs: [], counts: undefined }),
    };
    return Buffer.byteLength(`${JSON.stringify(at)}\n`);
  };
  // One journal write per step line, and the last one (committed) again.
  let before = 0;
  for (let steps = 1; steps <= run.steps.length; steps++) before += whole(steps);
  before += whole(run.steps.length);
  const after = writes.reduce((n, w) => n + w.bytes, 0);
  const out = run.outputs.reduce((n, o) => n + o.partitions.length, 0);
  const line = (what: string, value: string) => process.stdout.write(`${what.padEnd(58)} ${value}\n`);
  line(
    `promotion of ${PARTITIONS} bronze partitions → ${out} output partitions`,
    `${(ms / 1000).toFixed(1)} s`,
  );
  line("journal steps (started + done)", `${run.steps.length}`);
  line("journal writes, this build", `${writes.length}`);
  line("final journal (the whole run)", `${(whole(run.steps.length) / 1000).toFixed(1)} kB`);
  line("bytes written: whole run at every step (baseline)", `${(before / MB).toFixed(2)} MB`);
  line("bytes written: this build", `${(after / MB).toFixed(2)} MB`);
  line("ratio this build / baseline", `${(after / before).toFixed(4)}x`);
  if (result.upToDate) throw new Error("nothing was promoted");
}

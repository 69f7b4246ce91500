// Start-up: time from launching the built `medallion` in a terminal (a pty from `script`, 120×40) on the
// demo lake to its first drawn frame (the header text in the output), median of N runs, against
// `node -e 0` (launch to exit) under the same pty in the same run, runs interleaved. Also reports the
// first interactive frame: Ink drawn, the lake's layers listed.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, "../commands/medallion.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TARGET_MS = 300;

interface Timing {
  /** Launch → the header text is on the terminal. */
  header: number;
  /** Launch → the layers are listed (Ink's frame, data loaded). */
  rows: number;
  /** Launch → the process has exited. */
  exit: number;
}

/** Runs `command` under a pty and times when `header` and `rows` first appear; sends `q` once rows show. */
function timeInPty(command: string, cwd: string, marks: { header?: string; rows?: string }): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn("script", ["-qfec", `stty cols 120 rows 40; exec ${command}`, "/dev/null"], {
      cwd,
      stdio: ["pipe", "pipe", "ignore"],
    });
    const timing: Timing = { header: Number.NaN, rows: Number.NaN, exit: Number.NaN };
    let out = "";
    const kill = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const now = performance.now() - started;
      if (marks.header && Number.isNaN(timing.header) && out.includes(marks.header)) timing.header = now;
      if (marks.rows && Number.isNaN(timing.rows) && out.includes(marks.rows)) {
        timing.rows = now;
        child.stdin.write("q");
      }
    });
    child.on("error", reject);
    child.on("exit", () => {
      clearTimeout(kill);
      timing.exit = performance.now() - started;
      if (marks.header && Number.isNaN(timing.header))
        reject(new Error(`no header in the output of ${command}:\n${out}`));
      else resolve(timing);
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const ms = (n: number) => `${Math.round(n)} ms`;

export default async function startup(): Promise<void> {
  const { createDemoLake } = await import("../src/demo/index.js");
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-bench-startup-"));
  const lake = path.join(dir, "demo-lake");
  try {
    await createDemoLake(lake, { days: 30 });
    const header = `Medallion  ${lake}`;
    const node: number[] = [];
    const first: number[] = [];
    const interactive: number[] = [];
    // One warm-up of each (file cache), then interleaved so both see the same machine load.
    await timeInPty("node -e 0", lake, {});
    await timeInPty(`node ${cli}`, lake, { header, rows: "bronze/" });
    for (let i = 0; i < RUNS; i++) {
      node.push((await timeInPty("node -e 0", lake, {})).exit);
      const t = await timeInPty(`node ${cli}`, lake, { header, rows: "bronze/" });
      first.push(t.header);
      interactive.push(t.rows);
    }
    const base = median(node);
    const frame = median(first);
    const ready = median(interactive);
    const lines = [
      `runs: ${RUNS} each, interleaved, in a 120×40 pty (script), demo lake of 30 days`,
      `node -e 0 (launch → exit):                  median ${ms(base)}  (min ${ms(Math.min(...node))}, max ${ms(Math.max(...node))})`,
      `medallion first frame (launch → header):     median ${ms(frame)}  (min ${ms(Math.min(...first))}, max ${ms(Math.max(...first))})  ratio ${(frame / base).toFixed(2)}x  target ≤ ${TARGET_MS} ms: ${frame <= TARGET_MS ? "met" : "NOT met"}`,
      `medallion interactive (launch → layers listed): median ${ms(ready)}  (min ${ms(Math.min(...interactive))}, max ${ms(Math.max(...interactive))})  ratio ${(ready / base).toFixed(2)}x`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

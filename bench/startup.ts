// Start-up: time from launching the built `medallion` in a terminal (a pty from `script`, 120×40) on the
// demo lake to its first real frame, drawn by Ink: the header, the lake's layer rows and the footer of
// keys, median of N runs, against `node -e 0` (launch to exit) under the same pty in the same run, runs
// interleaved. Also reports, second, when the header alone (plain escape codes, before Ink) appears.
import { spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, "../commands/medallion.js");
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
/** The target: the first real frame within 3× a bare `node -e 0` timed in the same run. */
const TARGET_RATIO = 3;
/** Another build's `dist/commands/medallion.js` (e.g. main's, before a change), timed interleaved too. */
const BEFORE = process.env.BENCH_STARTUP_BEFORE;

/**
 * How a user starts a build: the file itself, as the installed `medallion` is (its `#!` line gives node
 * its arguments); a build whose entry is not executable (older ones) through `node`.
 */
function launch(file: string): string {
  try {
    accessSync(file, constants.X_OK);
    return file;
  } catch {
    return `node ${file}`;
  }
}

interface Timing {
  /** Launch → the header text is on the terminal (drawn before Ink loads). */
  header: number;
  /** Launch → Ink's frame with the layer rows and, after them, the footer. */
  rows: number;
  /** Launch → the process has exited. */
  exit: number;
}

/**
 * Runs `command` under a pty and times when `header` first appears, and when `rows` has appeared with
 * `footer` after it (the whole frame); sends `q` then.
 */
function timeInPty(
  command: string,
  cwd: string,
  marks: { header?: string; rows?: string; footer?: string },
): Promise<Timing> {
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
      const rowsAt = marks.rows ? out.indexOf(marks.rows) : -1;
      if (rowsAt >= 0 && Number.isNaN(timing.rows) && out.includes(marks.footer ?? "", rowsAt)) {
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
      else if (marks.rows && Number.isNaN(timing.rows))
        reject(new Error(`no frame with the rows in the output of ${command}:\n${out}`));
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
    // The demo lake's layer row, and the footer's last key: only Ink draws them.
    const frameMarks = { header, rows: "bronze/", footer: "q quit" };
    const node: number[] = [];
    const first: number[] = [];
    const interactive: number[] = [];
    const before: number[] = [];
    // One warm-up of each (file cache), then interleaved so both see the same machine load.
    await timeInPty("node -e 0", lake, {});
    await timeInPty(launch(cli), lake, frameMarks);
    if (BEFORE) await timeInPty(launch(BEFORE), lake, frameMarks);
    for (let i = 0; i < RUNS; i++) {
      node.push((await timeInPty("node -e 0", lake, {})).exit);
      const t = await timeInPty(launch(cli), lake, frameMarks);
      first.push(t.header);
      interactive.push(t.rows);
      if (BEFORE) before.push((await timeInPty(launch(BEFORE), lake, frameMarks)).rows);
    }
    const base = median(node);
    const headerOnly = median(first);
    const frame = median(interactive);
    const range = (v: number[]) => `(min ${ms(Math.min(...v))}, max ${ms(Math.max(...v))})`;
    const lines = [
      `runs: ${RUNS} each, interleaved, in a 120×40 pty (script), demo lake of 30 days; launched as: ${launch(cli)}`,
      `node -e 0 (launch → exit):                                   median ${ms(base)}  ${range(node)}`,
      `medallion first frame (launch → Ink: header, layer rows, footer): median ${ms(frame)}  ${range(interactive)}  ratio ${(frame / base).toFixed(2)}x  target ≤ ${TARGET_RATIO}x: ${frame / base <= TARGET_RATIO ? "met" : "NOT met"}`,
      `  header alone, before Ink (launch → header text):           median ${ms(headerOnly)}  ${range(first)}  ratio ${(headerOnly / base).toFixed(2)}x`,
    ];
    if (BEFORE)
      lines.push(
        `  the other build (${BEFORE}), first frame:  median ${ms(median(before))}  ${range(before)}  ratio ${(median(before) / base).toFixed(2)}x`,
      );
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

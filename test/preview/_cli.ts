import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const cli = path.join(repo, "dist/commands/medallion.js");

/**
 * Builds the CLI users run when its sources changed since the last build (`npm test` has just built it, so
 * then nothing is written), one build at a time: test files run in parallel and must not write dist/ together.
 */
export async function buildCli(): Promise<void> {
  const lock = path.join(os.tmpdir(), `medallion-build-${Buffer.from(repo).toString("hex").slice(-16)}.lock`);
  const deadline = Date.now() + 170_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline)
        throw new Error(`another build holds ${lock}: remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    // Only when a source changed since the last build: rewriting dist/ while other test files run the
    // CLI from it (the promotion kill test, the e2e) would hand them half-written modules.
    spawnSync("node", ["scripts/build-if-changed.mjs"], { cwd: repo, stdio: "ignore" });
  } finally {
    rmdirSync(lock);
  }
}

/**
 * Runs the built CLI without blocking this process (never spawnSync when this process must answer the
 * child's requests, e.g. an Athena stand-in proxy); `onChild` gets the process (to signal it).
 */
export function runCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; onChild?: (child: ChildProcess) => void },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: options.cwd, env: options.env });
    options.onChild?.(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

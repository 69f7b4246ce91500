import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./_run.js";

let lake: string;

beforeAll(() => {
  lake = mkdtempSync(path.join(tmpdir(), "medallion-epipe-"));
  const partition = path.join(lake, "bronze/sales/orders/day=2026-01-01");
  mkdirSync(partition, { recursive: true });
  writeFileSync(path.join(partition, "part-0.json"), '{"id":1}\n{"id":2}\n');
});
afterAll(() => rmSync(lake, { recursive: true, force: true }));

/** Runs the CLI with its stdout a pipe whose reader has gone (`medallion … | head` once head is done). */
function withClosedReader(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: lake,
      env: { ...process.env, NO_COLOR: "1" },
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("a reader that stops early (medallion … | head)", () => {
  for (const args of [["--lake", ".", "ls", "bronze/sales/orders"], ["--help"]]) {
    it(`ends \`medallion ${args.join(" ")}\` quietly, as a process the pipe signalled (exit 141)`, async () => {
      const { code, stderr } = await withClosedReader(...args);
      expect(stderr).toBe("");
      expect(code).toBe(141);
    });
  }
});

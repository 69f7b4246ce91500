import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../preview/_cli.js";

// The CLI runs from dist/ (`npm run build` first, as `npm test` does).
function medallion(dir: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, MEDALLION_CONFIG: "" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("medallion cost --history", () => {
  it("keeps a snapshot per scan under _medallion/ and prints growth between them", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-history-"));
    writeFileSync(path.join(dir, "medallion.yaml"), "lake: .\n");
    const put = (key: string, size: number) => {
      mkdirSync(path.dirname(path.join(dir, key)), { recursive: true });
      writeFileSync(path.join(dir, key), Buffer.alloc(size));
    };
    put("bronze/sales/orders/day=1/part-0.json", 1024 * 1024);
    expect(medallion(dir, "cost", "--history").stdout).toContain("no cost snapshots");
    const first = JSON.parse(medallion(dir, "cost", "--json").stdout);
    expect(first.snapshot).toMatch(/^_medallion\/cost\/history\/\d{4}-\d\d-\d\dT.*\.json$/);
    put("bronze/sales/orders/day=2/part-0.json", 3 * 1024 * 1024);
    put("silver/sales/orders/day=2/part-0.parquet", 512 * 1024);
    expect(medallion(dir, "cost").code).toBe(0);
    const history = medallion(dir, "cost", "--history");
    expect(history.code).toBe(0);
    expect(history.stdout).toContain("2 snapshots");
    // The cost screen's growth line, word for word: a sparkline, then first → last.
    expect(history.stdout).toMatch(
      /^growth ▁█ 2 snapshots \d{4}-\d\d-\d\d → \d{4}-\d\d-\d\d: 1\.0 MiB → 4\.5 MiB \(\+3\.5 MiB\)/m,
    );
    expect(history.stdout).toMatch(/\+3\.5 MiB/); // 3 MiB bronze + 512 KiB silver (+ the first snapshot's few bytes)
    expect(history.stdout).toMatch(/bronze: 1\.0 MiB → 4\.0 MiB \(\+3\.0 MiB in 0 days\)/);
    expect(history.stdout).toMatch(/silver: 0 B → 512 KiB/);
    const json = JSON.parse(medallion(dir, "cost", "--history", "--json").stdout);
    expect(json.snapshots).toHaveLength(2);
    expect(json.snapshots[1].bytes - json.snapshots[0].bytes).toBeGreaterThanOrEqual(3.5 * 1024 * 1024);
  });

  it("keeps no snapshot in read-only mode, and says so", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-history-ro-"));
    writeFileSync(path.join(dir, "medallion.yaml"), "lake: .\n");
    mkdirSync(path.join(dir, "bronze/s/t"), { recursive: true });
    writeFileSync(path.join(dir, "bronze/s/t/a.json"), "{}\n");
    const run = medallion(dir, "cost", "--read-only");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("read-only: no snapshot kept");
    expect(medallion(dir, "cost", "--history").stdout).toContain("no cost snapshots");
  });
});

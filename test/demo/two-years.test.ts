// The seed's criterion for the cost work: on a demo lake with two years of bronze, the lifecycle what-if
// shows at least 50% savings and explains where they come from. Two years is the history that proves it:
// the savings grow with the share of old objects (at a year the demo's saves about a third).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDemoLake } from "../../src/demo/index.js";
import { cli } from "../preview/_cli.js";

const root = mkdtempSync(path.join(tmpdir(), "medallion-demo-2y-"));
const lake = path.join(root, "lake");
const DAY = 86_400_000;

afterAll(() => rmSync(root, { recursive: true, force: true }));

function medallion(...args: string[]) {
  // The CLI runs from dist/ (`npm run build` first, as `npm test` does).
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd: lake,
    encoding: "utf8",
    env: { ...process.env, MEDALLION_CONFIG: "" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const files = (table: string) =>
  readdirSync(path.join(lake, table), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));

describe("medallion demo --days 730", () => {
  it(
    "saves at least 50% with the lifecycle policy, and says where it comes from",
    async () => {
      const summary = await createDemoLake(lake, { days: 730 });
      console.log(`two-year demo: ${summary.rows} rows, ${summary.bytes} bytes in ${summary.ms} ms`);

      // As a daily pipeline wrote it: one file per silver partition, dated the morning after its day.
      const silver = files("silver/sales/orders");
      expect(silver).toHaveLength(730);
      const [year, month, day] = summary.firstDay.split("-");
      const [oldest] = files(`silver/sales/orders/year=${year}/month=${month}/day=${day}`);
      const written = Date.parse(`${summary.firstDay}T00:00:00Z`) + 26 * 3_600_000;
      expect(statSync(oldest as string).mtimeMs).toBe(written);
      // Dated before gold read it: nothing to promote again.
      expect(medallion("promote", "gold/sales/daily_revenue", "--dry-run").stdout).toContain("is up to date");

      const plan = medallion("lifecycle", "plan");
      expect(plan.stderr).toBe("");
      expect(plan.code).toBe(0);
      console.log(plan.stdout);
      const saves = /saves \$[0-9.,]+\/month \((\d+)%\)/.exec(plan.stdout);
      expect(Number(saves?.[1])).toBeGreaterThanOrEqual(50);
      // Where from: bronze to the archive classes, silver's monthly payments to STANDARD_IA; what stays.
      expect(plan.stdout).toContain("Where it comes from:");
      expect(plan.stdout).toMatch(/bronze: [\d,]+ objects, [\d.]+ MiB STANDARD → DEEP_ARCHIVE {2}-\$/);
      expect(plan.stdout).toMatch(/bronze: [\d,]+ objects, [\d.]+ MiB STANDARD → GLACIER_IR {2}-\$/);
      expect(plan.stdout).toMatch(/silver: [\d,]+ objects, [\d.]+ MiB STANDARD → STANDARD_IA {2}-\$/);
      expect(plan.stdout).toMatch(
        /stay: [\d,]+ objects under 128 KiB \([\d.]+ MiB\): S3 does not transition them/,
      );
      expect(plan.stdout).toMatch(/transitions of each month's new objects \$/);
      // The rule S3 would be sent moves only what pays back, and the what-if keeps the rest where it is.
      expect(plan.stdout).toContain(
        "medallion-bronze  bronze/  > 320 KiB  → GLACIER_IR 30d · → DEEP_ARCHIVE 120d",
      );
      expect(plan.stdout).toMatch(
        /stay: [\d,]+ objects \([\d.]+ [KM]iB\) at or under the size filter: not worth moving/,
      );
      expect(plan.stdout).toMatch(/^bronze\s+\$[0-9.]+\s+\$[0-9.]+\s+[789]\d%$/m);
      // The newest bronze is a day old; the oldest two years.
      const ages = files("bronze/sales/orders").map((f) => (Date.now() - statSync(f).mtimeMs) / DAY);
      expect(Math.max(...ages)).toBeGreaterThan(728);
    },
    60 * 60_000,
  );
});

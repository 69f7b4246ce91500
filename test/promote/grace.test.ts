import { appendFileSync, existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { openLake } from "../../src/lake/index.js";
import { loadRun, promote, rollbackRun, sweepStaging } from "../../src/promote/index.js";
import { saveRun } from "../../src/promote/journal.js";
import { gracePeriod } from "../../src/promote/plan.js";
import { deliverAgain, duck, shopLake } from "./shop-lake.js";

const lakeAt = (root: string) => openLake(loadConfig({ config: path.join(root, "medallion.yaml") }));
const filesUnder = (folder: string) =>
  existsSync(folder)
    ? (readdirSync(folder, { recursive: true }) as string[]).filter((f) => f.includes("."))
    : [];
const HOUR = 3600 * 1000;

describe("promote.gracePeriod", () => {
  it("keeps the replaced version out of the table folder until the period has passed, then the next run sweeps it", async () => {
    const root = shopLake();
    appendFileSync(path.join(root, "medallion.yaml"), "promote:\n  gracePeriod: 3600\n");
    const silver = path.join(root, "silver/shop/orders");
    const glob = async () =>
      (
        await duck(
          `SELECT count(*) AS n, count(DISTINCT order_id) AS ids, max(amount) FILTER (WHERE order_id = 'O1-2') AS o12
           FROM read_parquet('${silver}/**/*.parquet', hive_partitioning = true)`,
        )
      )[0];
    const lake = lakeAt(root);
    try {
      const first = (await promote(lake, "bronze/shop/orders", { to: "silver" })).run;
      // Every partition of the first run was new: no catalog reader was ever pointed at a staged copy.
      expect(first.sweepAfter).toBeDefined();
      expect(filesUnder(path.join(root, "_medallion/staging", first.id))).toEqual([]);
      deliverAgain(root);
      const before = Date.now();
      const second = (await promote(lake, "bronze/shop/orders", { to: "silver" })).run;
      expect(second.state).toBe("committed");

      // The glob sees exactly the committed rows: the re-delivered order's new amount, no old copy.
      expect(await glob()).toEqual({ n: "15", ids: "15", o12: "99.00" });
      expect(second.counts?.rowsOut).toBe(15);
      // The previous version of the three replaced partitions waits under _medallion/, with the staged copy.
      const staging = path.join(root, "_medallion/staging", second.id);
      const old = filesUnder(path.join(staging, "old/silver/shop/orders"));
      expect(old.map((f) => f.slice(0, f.indexOf("/part-")))).toEqual(
        expect.arrayContaining([
          "year=2024/month=01/day=01",
          "year=2024/month=01/day=02",
          "year=2024/month=01/day=03",
        ]),
      );
      const [oldRows] = await duck(
        `SELECT count(*) AS n FROM read_parquet('${staging}/old/silver/shop/orders/**/*.parquet')`,
      );
      expect(oldRows?.n).toBe("12");
      expect(filesUnder(path.join(staging, "new/silver/shop/orders")).length).toBeGreaterThan(0);
      const sweepAfter = Date.parse(second.sweepAfter ?? "");
      expect(sweepAfter).toBeGreaterThanOrEqual(before + HOUR);
      expect(sweepAfter).toBeLessThanOrEqual(Date.now() + HOUR);
      await expect(rollbackRun(lake.store, await lake.catalog(), second)).rejects.toThrow(
        /is committed: promote again .*previous version stays in .*_medallion\/staging\/.*\/old\/? until/,
      );

      // Within the period nothing is swept, by a sweep or by the next promotion (here up to date).
      expect(await sweepStaging(lake.store)).toEqual([]);
      expect((await promote(lake, "bronze/shop/orders", { to: "silver" })).upToDate).toBe(true);
      expect(filesUnder(path.join(root, "_medallion/staging")).length).toBeGreaterThan(0);

      // Once it has passed, the next promotion sweeps both runs' staging; the table is unchanged.
      for (const id of [first.id, second.id]) {
        const run = await loadRun(lake.store, id);
        run.sweepAfter = new Date(Date.now() - 1000).toISOString();
        await saveRun(lake.store, run);
      }
      expect((await promote(lake, "bronze/shop/orders", { to: "silver" })).upToDate).toBe(true);
      expect(filesUnder(path.join(root, "_medallion/staging"))).toEqual([]);
      expect((await loadRun(lake.store, second.id)).sweptAt).toBeDefined();
      expect(await sweepStaging(lake.store, new Date(Date.now() + 2 * HOUR))).toEqual([]);
      expect(await glob()).toEqual({ n: "15", ids: "15", o12: "99.00" });
    } finally {
      await lake.close();
    }
  });
});

describe("promote.gracePeriod's default", () => {
  it("is an hour with the Glue catalog (Athena's queries read through it), none with the embedded one", () => {
    const config = (yaml: string) => {
      const root = shopLake();
      appendFileSync(path.join(root, "medallion.yaml"), yaml);
      return loadConfig({ config: path.join(root, "medallion.yaml") });
    };
    expect(gracePeriod(config(""))).toBe(0);
    expect(gracePeriod(config("promote:\n  gracePeriod: 60\n"))).toBe(60);
    const glue = (yaml: string) => ({ ...config(yaml), catalog: "glue" as const });
    expect(gracePeriod(glue(""))).toBe(3600);
    expect(gracePeriod(glue("promote:\n  gracePeriod: 0\n"))).toBe(0);
  });
});

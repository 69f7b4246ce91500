import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { duckdb, filesUnder, ingestLake, medallion } from "./ingest-fixture.js";

/** The unfinished run the journal holds (the one the kill left). */
function unfinishedRun(root: string): string | undefined {
  const folder = path.join(root, "_medallion/runs");
  if (!existsSync(folder)) return undefined;
  return readdirSync(folder)
    .map((name) => JSON.parse(readFileSync(path.join(folder, name), "utf8")) as { id: string; state: string })
    .find((r) => r.state === "running")?.id;
}

// Journal writes of an ingest of one file into one new partition: stage 1-2, catalog-tables 3-4,
// catalog-to-staging 5-6, backup 7-8, replace 9-10, catalog-to-hive 11-12, cleanup 13-14, committed 15.
const KILL_POINTS = [1, 2, 6, 9, 12];

describe("an ingest killed at a step of its commit", () => {
  it("is resumed (or, killed while staging, rolled back and run again) to the rows landed once", async () => {
    for (const point of KILL_POINTS) {
      const { root, landing } = await ingestLake();
      const args = ["ingest", path.join(landing, "customers"), "bronze/shop/customers"];
      const killed = medallion(root, args, { MEDALLION_KILL_AT_JOURNAL_WRITE: String(point) });
      expect(killed.signal, `kill at ${point}`).toBe("SIGKILL");
      const id = unfinishedRun(root) as string;
      expect(id, `kill at ${point}`).toBeDefined();
      if (point === 1) {
        const resume = medallion(root, ["runs", "resume", id]);
        expect(resume.status).toBe(2);
        expect(resume.stderr).toMatch(/stopped before its files were all staged.*runs rollback/);
        expect(medallion(root, ["runs", "rollback", id]).status).toBe(0);
        expect(medallion(root, args).status).toBe(0);
      } else {
        const resume = medallion(root, ["runs", "resume", id]);
        expect(resume.status, `${point}: ${resume.stderr}`).toBe(0);
        expect(medallion(root, args).stdout, `kill at ${point}`).toMatch(/already in it/);
      }
      const table = path.join(root, "bronze/shop/customers");
      const [{ n }] = (await duckdb(`SELECT count(*)::INT AS n FROM read_csv('${table}/**/*.csv.gz')`)) as [
        { n: number },
      ];
      expect(n, `kill at ${point}`).toBe(3);
      expect(filesUnder(path.join(root, "_medallion/staging")), `kill at ${point}`).toEqual([]);
      const diff = medallion(root, ["diff", "bronze/shop/customers"]);
      expect(diff.status, `kill at ${point}: ${diff.stdout}`).toBe(0);
    }
  }, 300_000);
});

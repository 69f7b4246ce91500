import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CUSTOMERS_CSV, duckdb, filesUnder, ingestLake, medallion } from "./ingest-fixture.js";

/** The unfinished run the journal holds (the one the kill left). */
function unfinishedRun(root: string): string | undefined {
  const folder = path.join(root, "_medallion/runs");
  if (!existsSync(folder)) return undefined;
  return readdirSync(folder)
    .filter((name) => name.endsWith(".json")) // step lines are in a folder per run
    .map((name) => JSON.parse(readFileSync(path.join(folder, name), "utf8")) as { id: string; state: string })
    .find((r) => r.state === "running")?.id;
}

// Journal writes of an ingest of one file into one new partition: stage 1-2, catalog-tables 3-4,
// catalog-to-staging 5-6, backup 7-8, replace 9-10, catalog-to-hive 11-12, cleanup 13-14, committed 15.
const KILL_POINTS = [1, 2, 6, 9, 12];

describe("an ingest killed at a step of its commit", () => {
  it("is resumed to the rows landed once", async () => {
    for (const point of KILL_POINTS) {
      const { root, landing } = await ingestLake();
      const args = ["ingest", path.join(landing, "customers"), "bronze/shop/customers"];
      const killed = medallion(root, args, { MEDALLION_KILL_AT_JOURNAL_WRITE: String(point) });
      expect(killed.signal, `kill at ${point}`).toBe("SIGKILL");
      const id = unfinishedRun(root) as string;
      expect(id, `kill at ${point}`).toBeDefined();
      // Point 1 is before anything was staged: resume prepares the file again from the source.
      const resume = medallion(root, ["runs", "resume", id]);
      expect(resume.status, `${point}: ${resume.stderr}`).toBe(0);
      expect(medallion(root, args).stdout, `kill at ${point}`).toMatch(/already in it/);
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

/** Three days of customers in the landing folder: three source files, three staged objects. */
function threeDays(landing: string): string {
  for (const day of ["16", "17"]) {
    const folder = path.join(landing, `customers/year=2024/month=01/day=${day}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "customers.csv.gz"), gzipSync(CUSTOMERS_CSV));
  }
  return path.join(landing, "customers");
}

const stagedUnder = (root: string) =>
  filesUnder(path.join(root, "_medallion/staging")).filter((f) => f.endsWith(".csv.gz"));

/** Rows per ingestion time of the table: one time for the whole run, however often it was staged. */
const rowsByTime = async (root: string) =>
  duckdb(
    `SELECT _ingestion_timestamp::VARCHAR AS at, count(*)::INT AS n FROM read_csv('${path.join(root, "bronze/shop/customers")}/**/*.csv.gz') GROUP BY ALL`,
  );

describe("an ingest killed while it uploads its files to staging", () => {
  it("is resumed: the staged files are kept, the missing ones prepared again from the source, rows landed once", async () => {
    for (const uploaded of [1, 2, 3]) {
      const { root, landing } = await ingestLake();
      const args = ["ingest", threeDays(landing), "bronze/shop/customers"];
      const killed = medallion(root, args, { MEDALLION_KILL_AFTER_STAGED_FILE: String(uploaded) });
      expect(killed.signal, `after ${uploaded}`).toBe("SIGKILL");
      expect(stagedUnder(root), `after ${uploaded}`).toHaveLength(uploaded);
      const id = unfinishedRun(root) as string;
      const resume = medallion(root, ["runs", "resume", id]);
      expect(resume.status, `after ${uploaded}: ${resume.stderr}`).toBe(0);
      expect(resume.stdout).toContain("committed");
      expect(await rowsByTime(root), `after ${uploaded}`).toEqual([{ at: expect.any(String), n: 9 }]);
      expect(filesUnder(path.join(root, "_medallion/staging"))).toEqual([]);
      expect(medallion(root, args).stdout).toMatch(/already in it/);
      expect(medallion(root, ["diff", "bronze/shop/customers"]).status).toBe(0);
    }
  }, 300_000);

  it("stages again a staged object that is not whole (its size differs from the run's record)", async () => {
    const { root, landing } = await ingestLake();
    const args = ["ingest", threeDays(landing), "bronze/shop/customers"];
    medallion(root, args, { MEDALLION_KILL_AFTER_STAGED_FILE: "2" });
    const [first] = stagedUnder(root);
    truncateSync(path.join(root, "_medallion/staging", first as string), 10);
    const resume = medallion(root, ["runs", "resume", unfinishedRun(root) as string]);
    expect(resume.status, resume.stderr).toBe(0);
    expect(await rowsByTime(root)).toEqual([{ at: expect.any(String), n: 9 }]);
  }, 120_000);

  it("says exactly why it cannot be resumed when a source file changed or is gone, and rolls back", async () => {
    const { root, landing } = await ingestLake();
    const folder = threeDays(landing);
    const args = ["ingest", folder, "bronze/shop/customers"];
    medallion(root, args, { MEDALLION_KILL_AFTER_STAGED_FILE: "1" });
    const id = unfinishedRun(root) as string;
    // The files not yet staged are read again: one of them changed since.
    const changed = path.join(folder, "year=2024/month=01/day=17/customers.csv.gz");
    writeFileSync(changed, gzipSync(`${CUSTOMERS_CSV}4,Di,d@z.io,2024-01-17T10:00:00Z\n`));
    let resume = medallion(root, ["runs", "resume", id]);
    expect(resume.status).toBe(2);
    expect(resume.stderr.trim()).toBe(
      `medallion: ingest run ${id} stopped before its files were all staged and cannot be staged again: its source file ${changed} changed since the run read it (its size, ETag or time); nothing of it is committed: \`medallion runs rollback ${id}\`, then ingest again`,
    );
    const gone = path.join(folder, "year=2024/month=01/day=16/customers.csv.gz");
    const staged = stagedUnder(root).join(" ");
    const [missing] = [gone, changed].filter((f) => !staged.includes(f.split("/").at(-2) as string));
    rmSync(missing as string);
    resume = medallion(root, ["runs", "resume", id]);
    expect(resume.stderr).toContain(`its source file ${missing} is gone`);
    expect(existsSync(path.join(root, "bronze/shop/customers"))).toBe(false);
    expect(medallion(root, ["runs", "rollback", id]).status).toBe(0);
    expect(filesUnder(path.join(root, "_medallion/staging"))).toEqual([]);
  }, 120_000);
});

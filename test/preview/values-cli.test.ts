import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS, duckRows, writeCorpus } from "../parquet/_corpus.js";
import { parquetWriter } from "../parquet/_duckdb.js";
import { expectedJson } from "../parquet/_oracle.js";
import { buildCli, cli } from "./_cli.js";

let duck: Awaited<ReturnType<typeof parquetWriter>>;

beforeAll(async () => {
  await buildCli();
  duck = await parquetWriter();
  await writeCorpus(duck);
  await duck.write(
    "hostile.parquet",
    `SELECT 1 AS id, MAP {'k': repeat('x', ${48 * 1024 * 1024})} AS m`,
    "COMPRESSION brotli",
  );
}, 240_000);
afterAll(() => duck.close());

function medallion(args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd: duck.dir,
    encoding: "utf8",
    env: { ...process.env, MEDALLION_CONFIG: "", COLUMNS: "100" },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("medallion preview on a hostile file", () => {
  it("ends with one line naming the column and the limit, exit 2", () => {
    const run = medallion(["preview", "hostile.parquet"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(
      /^medallion: hostile\.parquet: column m: a value of at least 48\.0 MiB is over the 16 MiB a preview holds per value$/,
    );
    // Other columns still preview.
    expect(medallion(["preview", "hostile.parquet", "--columns", "id", "--json"]).stdout).toContain(
      '"id": 1',
    );
  });
});

describe("medallion preview --json", () => {
  for (const file of Object.keys(CORPUS)) {
    it(`prints every value of ${file} as DuckDB reads it`, async () => {
      const reference = await duckRows(duck, file);
      const run = medallion(["preview", file, "--json", "--rows", "100"]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const doc = JSON.parse(run.stdout);
      expect(doc.rows.length).toBe(reference.rows.length);
      const expected = reference.rows.map((row) =>
        Object.fromEntries(
          reference.columns.map((name, c) => [
            name,
            expectedJson(row[c] ?? null, reference.types[c] as Parameters<typeof expectedJson>[1]),
          ]),
        ),
      );
      expect(doc.rows).toEqual(expected);
    });
  }
});

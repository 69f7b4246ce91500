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
}, 180_000);
afterAll(() => duck.close());

describe("medallion preview --json", () => {
  for (const file of Object.keys(CORPUS)) {
    it(`prints every value of ${file} as DuckDB reads it`, async () => {
      const reference = await duckRows(duck, file);
      const run = spawnSync(process.execPath, [cli, "preview", file, "--json", "--rows", "100"], {
        cwd: duck.dir,
        encoding: "utf8",
        env: { ...process.env, MEDALLION_CONFIG: "" },
      });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
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

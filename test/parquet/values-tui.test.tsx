// The terminal UI's own screen, drawn by ink from the real LakeSource on a folder of DuckDB-written files:
// every value of the record view (Enter on a row) equals DuckDB's, as the grid and --json do
// (values.test.ts). Scalars show their cell text whole; nested values show their JSON, pretty-printed.
import { cleanup } from "ink-testing-library";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { lakeSource } from "../../components/lake-source.js";
import { loadConfig } from "../../src/config/index.js";
import { NULL_TEXT } from "../../src/preview/render.js";
import { KEYS, renderApp } from "../components/render-app.js";
import { CORPUS, duckRows, writeCorpus } from "./_corpus.js";
import { parquetWriter } from "./_duckdb.js";
import { expectedJson, expectedText } from "./_oracle.js";

let duck: Awaited<ReturnType<typeof parquetWriter>>;

beforeAll(async () => {
  duck = await parquetWriter();
  await writeCorpus(duck);
});
afterAll(() => duck.close());
afterEach(() => cleanup());

/** The record view's value lines per column: from its `name  value` line to the next column's. */
function recordValues(frame: string, columns: string[]): Map<string, string[]> {
  const lines = frame.split("\n");
  const out = new Map<string, string[]>();
  // Where values start: after the name column, as wide as its widest name (the same on every line).
  const first = lines.find((l) => new RegExp(`^${columns[0]} +\\S`).test(l)) ?? "";
  const offset = (/^\S+ +/.exec(first)?.[0] ?? "").length;
  let at = 0;
  for (const [i, name] of columns.entries()) {
    const start = lines.findIndex((l, n) => n >= at && new RegExp(`^${name}( +\\S|\\s*$)`).test(l));
    if (start < 0) throw new Error(`no record line for ${name} in:\n${frame}`);
    const next = columns[i + 1];
    const value = [(lines[start] as string).slice(offset).trimEnd()];
    for (let n = start + 1; n < lines.length; n++) {
      const line = lines[n] as string;
      if ((next && line.startsWith(`${next} `)) || !line.startsWith(" ".repeat(offset))) break;
      value.push(line.slice(offset).trimEnd());
    }
    out.set(name, value);
    at = start + 1;
  }
  return out;
}

describe("the terminal UI's record view shows DuckDB's values", () => {
  for (const file of Object.keys(CORPUS)) {
    it(`${file}: every value of every row`, async () => {
      const reference = await duckRows(duck, file);
      const source = lakeSource(loadConfig({ lake: duck.dir, readOnly: true }));
      const app = renderApp({
        source,
        size: { width: 220, height: 120 },
        start: { screen: "preview", params: { path: file } },
      });
      await app.waitForText(`of ${reference.rows.length}`, 20_000);
      await app.press(KEYS.enter);
      for (const [r, row] of reference.rows.entries()) {
        if (r > 0) await app.press("J");
        const frame = await app.waitForText(`record: row ${r + 1} of ${reference.rows.length}`, 20_000);
        const shown = recordValues(frame, reference.columns);
        for (const [c, value] of row.entries()) {
          const name = reference.columns[c] as string;
          const type = reference.types[c] as Parameters<typeof expectedJson>[1];
          const where = `${file} row ${r + 1} ${name}`;
          const lines = shown.get(name) ?? [];
          const json = expectedJson(value, type);
          if (json !== null && typeof json === "object") {
            expect({ where, json: JSON.parse(lines.join("\n")) }).toEqual({ where, json });
          } else {
            expect({ where, text: lines.join("") }).toEqual({
              where,
              text: expectedText(value, type) ?? NULL_TEXT,
            });
          }
        }
      }
    }, 60_000);
  }
});

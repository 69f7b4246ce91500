// One render step per concept: the CLI and the terminal UI, shown the same lake, say the same words.
// The words expected are what the src/ render steps make of the lake; both front ends must show each.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { cleanup, render } from "ink-testing-library";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { App } from "../../components/app.js";
import { lakeSource } from "../../components/lake-source.js";
import { defaultScreens } from "../../components/screens/index.js";
import { SyncProvider, syncScreens, syncSourceFor } from "../../components/sync/index.js";
import { loadConfig } from "../../src/config/index.js";
import { listEntries } from "../../src/lake/entries.js";
import type { LakeEntry } from "../../src/lake/entry.js";
import { type Lake, openLake } from "../../src/lake/index.js";
import { entryCells, entryColumns, listingShape } from "../../src/lake/render.js";
import { openPreview } from "../../src/preview/index.js";
import { columnChunksTable, pageTable, schemaTable } from "../../src/preview/render.js";
import { cutEnd } from "../../src/render/text.js";
import { diffTable, planTables, syncTables } from "../../src/sync/index.js";
import { countsText, statusCell } from "../../src/sync/render.js";
import { drive } from "../components/render-app.js";
import { parquetWriter } from "../parquet/_duckdb.js";
import { lakeOnDisk, ORDERS_YAML, order } from "../sync/lake-fixture.js";

const cli = path.resolve("dist/commands/medallion.js");
const run = promisify(execFile);
const PARQUET = "silver/sales/payments/year=2024/month=01/part-0.parquet";
const LONG = `a note far longer than any cell: ${"x".repeat(60)}`;

let dir: string;
let lake: Lake;
let duck: Awaited<ReturnType<typeof parquetWriter>>;

async function medallion(...args: string[]): Promise<string> {
  const env = { ...process.env, COLUMNS: "160", MEDALLION_CONFIG: "", NO_COLOR: "1" };
  const out = await run(process.execPath, [cli, ...args], { cwd: dir, env }).catch((err) => err);
  return out.stdout as string;
}

/** The app at 160×45 on the real lake, opened at `screen`; `keys` pressed, each frame after `waitFor` kept. */
async function tui(
  screen: string,
  params: Record<string, string>,
  steps: [string[], string | ((frame: string) => boolean)][],
) {
  const config = loadConfig({}, dir);
  const app = drive(
    render(
      <SyncProvider source={syncSourceFor(lake)}>
        <App
          source={lakeSource(config)}
          screens={[...defaultScreens, ...syncScreens]}
          start={{ screen, params }}
          size={{ width: 160, height: 45 }}
          theme={{}}
        />
      </SyncProvider>,
    ),
    20_000,
  );
  const frames: string[] = [];
  for (const [keys, waitFor] of steps) {
    await app.press(...keys);
    frames.push(
      await (typeof waitFor === "string" ? app.waitForText(waitFor) : app.waitFor(waitFor, "the words")),
    );
  }
  app.unmount();
  return frames.join("\n");
}

function expectBoth(words: string[], cliText: string, tuiText: string) {
  for (const word of words.filter((w) => w.trim() !== "")) {
    expect(cliText, `the CLI says ${JSON.stringify(word)}`).toContain(word);
    expect(tuiText, `the UI says ${JSON.stringify(word)}`).toContain(word);
  }
}

beforeAll(async () => {
  const made = lakeOnDisk(
    `${ORDERS_YAML}  silver/sales/payments:\n    partitionKeys: [year, month]\n    format: parquet\n`,
    {
      "bronze/sales/orders/year=2024/month=01/part-0.json": order(1),
      "bronze/sales/orders/year=2024/month=02/part-0.json": order(2),
    },
  );
  dir = made.dir;
  lake = openLake(loadConfig({}, dir));
  const catalog = await lake.catalog();
  await syncTables(
    lake.store,
    catalog,
    planTables([await diffTable(lake, catalog, "bronze/sales/orders")], catalog, false),
  );
  // Drift after the sync: one partition gone (stale), one new (to add), one with its keys out of order.
  rmSync(path.join(made.lake, "bronze/sales/orders/year=2024/month=01"), { recursive: true });
  const add = (key: string, text: string) => {
    const file = path.join(made.lake, ...key.split("/"));
    rmSync(path.dirname(file), { recursive: true, force: true });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  add("bronze/sales/orders/year=2024/month=03/part-0.json", order(3));
  add("bronze/sales/orders/month=04/year=2024/part-0.json", order(4));
  duck = await parquetWriter();
  await duck.write(
    "payments.parquet",
    `SELECT i AS id, CASE WHEN i % 3 = 1 THEN NULL ELSE (i * 1.5)::DECIMAL(10,2) END AS amount,
       CASE WHEN i % 2 = 0 THEN '${LONG}' || i ELSE 'short-' || i END AS note FROM range(6144) t(i)`,
    "ROW_GROUP_SIZE 2048",
  );
  add(PARQUET, "");
  copyFileSync(path.join(duck.dir, "payments.parquet"), path.join(made.lake, PARQUET));
}, 120_000);

afterAll(async () => {
  cleanup();
  duck?.close();
  await lake?.close();
});

describe("the CLI and the terminal UI say the same words", () => {
  it("for a table that drifted from the catalog", async () => {
    const diff = await diffTable(lake, await lake.catalog(), "bronze/sales/orders");
    const out = diff.entries.filter((e) => e.status !== "in-sync");
    expect(new Set(out.map((e) => e.status))).toEqual(new Set(["drop", "add", "anomaly"]));
    const words = [countsText(diff), ...out.flatMap((e) => [statusCell(e.status).text, e.name, e.reason])];
    const cliText = await medallion("diff", "bronze/sales/orders");
    const tuiText = await tui("diff", { path: "bronze/sales/orders" }, [[[], "to add"]]);
    expectBoth(words, cliText, tuiText);
  });

  it("for listings of layers, tables and files (folders end in /, files keep their names)", async () => {
    for (const [at, shown] of [
      ["", "bronze/"],
      ["bronze/sales", "orders/"],
      ["silver/sales/payments/year=2024/month=01", "part-0.parquet"],
    ] as const) {
      // A later batch's row replaces the earlier one of the same path (its totals grew).
      const byPath = new Map<string, LakeEntry>();
      for await (const batch of listEntries(lake, at)) for (const e of batch) byPath.set(e.path, e);
      const rows = [...byPath.values()];
      const columns = entryColumns(listingShape(rows), "path");
      const words = [
        ...columns.map((c) => c.title),
        ...rows.flatMap((r) => entryCells(r, columns, "path").map((c) => c.text)),
      ];
      const cliText = await medallion("ls", at);
      // The listing streams: its rows are drawn before their totals are all in.
      const all = (frame: string) => frame.includes(shown) && words.every((w) => frame.includes(w));
      const tuiText = await tui("browser", { path: at }, [[[], all]]);
      expectBoth(words, cliText, tuiText);
    }
    // A file's count of objects is always 1: neither says it.
    expect(await medallion("ls", "silver/sales/payments/year=2024/month=01")).not.toContain("objects");
  });

  it("for a Parquet schema with row-group stats", async () => {
    const preview = await openPreview(lake.store, PARQUET);
    const groups = preview.parquet?.rowGroups ?? [];
    expect(groups).toHaveLength(3);
    const words = [
      ...schemaTable(preview.schema)
        .rows.flat()
        .map((c) => c.text),
      ...groups.flatMap((g) =>
        columnChunksTable(g)
          .rows.flat()
          .map((c) => c.text),
      ),
      "row group 3/3 · rows 4,097–6,144 (2,048)",
    ];
    const cliText = await medallion("schema", PARQUET, "--stats");
    const tuiText = await tui("preview", { path: PARQUET }, [
      [[], "rows 1–"],
      [["2"], "decimal(10,2)"],
      [["3"], "row group 3/3"],
    ]);
    expectBoth(words, cliText, tuiText);
  });

  it("for a page of rows with nulls and long values", async () => {
    const preview = await openPreview(lake.store, PARQUET);
    const page = await preview.rows({ offset: 0, limit: 30 });
    // A long value is cut at the same width in both, with the same …; a null is NULL in both.
    const cells = pageTable(page).rows.flatMap((r) => r.map((c) => cutEnd(c.text, 40)));
    expect(cells).toContain("NULL");
    expect(cells).toContain(`${LONG.slice(0, 39)}…`);
    const cliText = await medallion("preview", PARQUET, "--rows", "30");
    const tuiText = await tui("preview", { path: PARQUET }, [[[], "rows 1–"]]);
    // Pages differ in length (the UI fills its height), not in words.
    expectBoth([...cells, " of 6,144 · row group 1/3"], cliText, tuiText);
  });
});

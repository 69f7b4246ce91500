import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MedallionError } from "../../src/errors.js";
import { openParquet } from "../../src/parquet/index.js";
import { LocalStore } from "../../src/storage/index.js";
import { parquetWriter } from "./_duckdb.js";

let duck: Awaited<ReturnType<typeof parquetWriter>>;
let store: LocalStore;
const MiB = 1024 * 1024;

// A few KB of Brotli whose one map value inflates to 48 MiB (the file in the issue inflated to 2 GiB;
// DuckDB takes ~0.2 s per MiB to write one, so the test keeps to 48).
beforeAll(async () => {
  duck = await parquetWriter();
  store = new LocalStore(duck.dir);
  await duck.write(
    "hostile.parquet",
    `SELECT 1 AS id, MAP {'k': repeat('x', ${48 * MiB})} AS m`,
    "COMPRESSION brotli",
  );
  await duck.write(
    "large-zstd.parquet",
    `SELECT MAP {'k': repeat('x', ${48 * MiB})} AS m`,
    "COMPRESSION zstd",
  );
}, 180_000);
afterAll(() => duck.close());

async function failure(read: Promise<unknown>): Promise<{ err: MedallionError; ms: number }> {
  const started = Date.now();
  const err = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MedallionError);
  return { err: err as MedallionError, ms: Date.now() - started };
}

describe("bounded work on a hostile file", () => {
  it("is a few KB on disk", async () => {
    expect((await store.head("hostile.parquet")).size).toBeLessThan(16 * 1024);
  });

  it("refuses a value over the value limit within 2 s, naming the column and the limit", async () => {
    const file = await openParquet(store, "hostile.parquet");
    const { err, ms } = await failure(file.read());
    expect(err.code).toBe("too-large");
    expect(err.message).toBe(
      "hostile.parquet: column m: a value of at least 48.0 MiB is over the 16 MiB a preview holds per value",
    );
    expect(ms).toBeLessThan(2000);
    // The other columns still read.
    expect((await file.read({ columns: ["id"] })).cells).toEqual([["1"]]);
  });

  it("refuses a page over the page limit from its header, before inflating it", async () => {
    const file = await openParquet(store, "hostile.parquet", undefined, { limits: { pageBytes: 8 * MiB } });
    const { err, ms } = await failure(file.read());
    expect(err.message).toMatch(
      /^hostile\.parquet: column m: a page inflating to 48\.\d MiB is over the 8 MiB a preview inflates per page$/,
    );
    expect(ms).toBeLessThan(500);
  });

  it("refuses to inflate more than the read limit for one page of rows", async () => {
    const file = await openParquet(store, "hostile.parquet", undefined, {
      limits: { readBytes: 32 * MiB, valueBytes: 64 * MiB },
    });
    const { err } = await failure(file.read());
    expect(err.message).toMatch(
      /^hostile\.parquet: column m: inflating 48\.\d MiB for one page of rows is over the 32 MiB a preview inflates at once/,
    );
  });

  it("keeps the event loop answering while the hostile preview runs (a 2 ms timer is never held up long)", async () => {
    const file = await openParquet(store, "hostile.parquet");
    let last = performance.now();
    let longest = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 2);
    try {
      const { err } = await failure(file.read());
      expect(err.code).toBe("too-large");
      longest = Math.max(longest, performance.now() - last); // a block at the end counts too
    } finally {
      clearInterval(timer);
    }
    // Inflated in JavaScript, the 48 MiB of Brotli held the loop for 4 s here (the 2 GiB: 30–50 s).
    expect(longest).toBeLessThan(500);
  });
});

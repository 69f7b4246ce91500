// Runs just a preview, in a process of its own, so its peak RSS is the preview's and its first run is
// cold (nothing compiled or cached yet in this process): opens the object, picks the columns that fit a
// terminal of each width, reads the first 50 rows, prints one JSON line. With `engine: "duckdb"` it
// times DuckDB reading the same rows of the same columns from the local file instead. With `path: "tui"`
// it makes the terminal UI's reads instead: the calls the preview screen makes, step by step.
import { windowLayout } from "../components/render/window-grid.js";
import { CellCache } from "../src/preview/cell-cache.js";
import { columnsThatFit, openPreview } from "../src/preview/index.js";
import { LocalStore } from "../src/storage/index.js";
import type { ByteRange, ObjectStore } from "../src/storage/object-store.js";

export interface ChildArgs {
  engine?: "medallion" | "duckdb";
  /** `tui`: the preview screen's reads in a terminal of each width (rows from TUI_ROWS), step by step. */
  path?: "cli" | "tui";
  /** The TUI path: the terminal's rows at each width. */
  terminalRows?: Record<number, number>;
  store: { kind: "s3"; endpoint: string; bucket: string } | { kind: "local"; dir: string };
  key: string;
  widths: number[];
  runs: number;
  rows: number;
  /** DuckDB only: the columns medallion showed at each width. */
  columns?: Record<number, string[]>;
}

export interface ChildRun {
  width: number;
  columns: string[];
  ms: number;
  /** Of which the footer (open). */
  openMs: number;
  bytes: number;
  /** Requests the preview made, by operation (`GetObject`, `HeadObject`). */
  requests: Record<string, number>;
  /** Requests made one after the other: a new round starts when a request starts with none in flight. */
  rounds: number;
  /** Every read, by round: a byte range, or a tail (suffix) of `length` bytes. */
  reads: RecordedRead[];
  firstCell: string | null;
  /** The TUI path: what each step on screen fetched. */
  steps?: TuiStep[];
}

export interface TuiStep {
  step: string;
  bytes: number;
  requests: number;
  ms: number;
  /** The data columns the step showed. */
  columns: string[];
}

/** Lines the app (header, status, footer; one kept free) and the preview (title, tabs, position, grid header) take. */
const TUI_CHROME = 1 + 3 + 3 + 1;

export type RecordedRead = { round: number } & ({ start: number; end: number } | { tail: number });

/** The store, with its requests counted in rounds (requests that overlap in time are one) and recorded. */
async function open(
  args: ChildArgs,
): Promise<{ store: ObjectStore; rounds: () => number; reads: RecordedRead[] }> {
  // As `medallion preview` does, a local file never loads the AWS SDK.
  const inner =
    args.store.kind === "s3"
      ? new (await import("../src/storage/s3-store.js")).S3Store({
          bucket: args.store.bucket,
          endpointUrl: args.store.endpoint,
        })
      : new LocalStore(args.store.dir);
  let inFlight = 0;
  let rounds = 0;
  const reads: RecordedRead[] = [];
  const track = async <T>(request: () => Promise<T>, read?: RecordedRead): Promise<T> => {
    if (inFlight === 0) rounds += 1;
    if (read) reads.push({ ...read, round: rounds });
    inFlight += 1;
    try {
      return await request();
    } finally {
      inFlight -= 1;
    }
  };
  const store: ObjectStore = {
    kind: inner.kind,
    root: inner.root,
    requests: inner.requests,
    uri: (key) => inner.uri(key),
    list: (prefix, options) => inner.list(prefix, options),
    head: (key) => track(() => inner.head(key)),
    read: (key, range?: ByteRange) =>
      track(() => inner.read(key, range), { round: 0, start: range?.start ?? 0, end: range?.end ?? -1 }),
    readTail: (key, length) => track(() => inner.readTail(key, length), { round: 0, tail: length }),
    put: (key, body, options) => inner.put(key, body, options),
    delete: (keys) => inner.delete(keys),
  };
  return { store, rounds: () => rounds, reads };
}

async function medallion(args: ChildArgs): Promise<ChildRun[]> {
  const runs: ChildRun[] = [];
  for (let run = 0; run < args.runs; run++) {
    for (const width of args.widths) {
      const { store, rounds, reads } = await open(args);
      const t0 = performance.now();
      const preview = await openPreview(store, args.key);
      const openMs = performance.now() - t0;
      const columns = columnsThatFit(preview, width, String(args.rows - 1).length);
      const page = await preview.rows({ offset: 0, limit: args.rows, columns });
      const ms = performance.now() - t0;
      runs.push({
        width,
        columns,
        ms,
        openMs,
        bytes: preview.fetched.bytes,
        requests: { ...store.requests },
        rounds: rounds(),
        reads,
        firstCell: page.rows[0]?.cells[0] ?? null,
      });
    }
  }
  return runs;
}

/**
 * The preview screen's reads (components/screens/preview.tsx) in a terminal of `width` × `terminalRows`: open, then per step the columns
 * `windowLayout` shows (and reads) for the window, loaded through a `CellCache` until nothing on screen is
 * missing — the first screen, three pages right (the first column pinned), the last rows (`G`), and
 * row 1,300 as a record (every column).
 */
async function tui(args: ChildArgs): Promise<ChildRun[]> {
  const runs: ChildRun[] = [];
  for (const width of args.widths) {
    const { store, rounds, reads } = await open(args);
    const t0 = performance.now();
    const preview = await openPreview(store, args.key);
    const openMs = performance.now() - t0;
    const cache = new CellCache(preview);
    const pageSize = (args.terminalRows?.[width] ?? 24) - TUI_CHROME;
    const columns = preview.columns;
    const total = preview.totalRows ?? 0;
    const steps: TuiStep[] = [
      {
        step: "footer",
        bytes: preview.fetched.bytes,
        requests: preview.fetched.requests,
        ms: openMs,
        columns: [],
      },
    ];
    const frozen = 2; // the row number and the first column, pinned
    const show = async (step: string, top: number, firstColumn: number) => {
      const before = { ...preview.fetched };
      const t = performance.now();
      // As the screen does: lay out with what is held, read what shows, again until nothing shown is missing.
      for (;;) {
        const held = cache.window(
          top,
          pageSize,
          columns.map((c) => c.name),
        );
        const layout = windowLayout(columns, held, preview, {
          top,
          lastRow: total,
          width,
          firstColumn,
          frozen,
        });
        const missing = layout.read.some((name) => {
          const i = columns.findIndex((c) => c.name === name);
          return held.some((r) => r.cells[i] === undefined);
        });
        if (!missing) {
          steps.push({
            step,
            bytes: preview.fetched.bytes - before.bytes,
            requests: preview.fetched.requests - before.requests,
            ms: performance.now() - t,
            columns: layout.shown.filter((i) => i > 0).map((i) => layout.columns[i]?.title ?? ""),
          });
          return layout;
        }
        await cache.load(top, pageSize, layout.read);
      }
    };
    let layout = await show("first screen", 0, 0);
    let firstColumn = 0;
    for (let page = 1; page <= 3 && layout.moreRight; page++) {
      firstColumn = Math.max(firstColumn + 1, (layout.shown[layout.shown.length - 1] ?? 0) + 1 - frozen);
      layout = await show(`page right ${page}`, 0, firstColumn);
    }
    await show("last rows (G)", Math.max(0, total - pageSize), 0);
    const before = { ...preview.fetched };
    const t = performance.now();
    await cache.load(
      1_299,
      1,
      columns.map((c) => c.name),
    );
    steps.push({
      step: "record of row 1,300 (every column)",
      bytes: preview.fetched.bytes - before.bytes,
      requests: preview.fetched.requests - before.requests,
      ms: performance.now() - t,
      columns: columns.map((c) => c.name),
    });
    runs.push({
      width,
      columns: steps[1]?.columns ?? [],
      ms: performance.now() - t0,
      openMs,
      bytes: preview.fetched.bytes,
      requests: { ...store.requests },
      rounds: rounds(),
      reads,
      firstCell: cache.window(0, 1, [columns[0]?.name ?? ""])[0]?.cells[0] ?? null,
      steps,
    });
  }
  return runs;
}

/** DuckDB reading the same rows of the same columns from the local file: a fresh instance each run. */
async function duckdb(args: ChildArgs): Promise<ChildRun[]> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  if (args.store.kind !== "local") throw new Error("DuckDB reads the local file only (no httpfs offline)");
  const file = `${args.store.dir}/${args.key}`;
  const runs: ChildRun[] = [];
  for (let run = 0; run < args.runs; run++) {
    for (const width of args.widths) {
      const columns = args.columns?.[width] ?? [];
      const instance = await DuckDBInstance.create(":memory:");
      const connection = await instance.connect();
      const list = columns.map((c) => `"${c}"`).join(", ");
      const t0 = performance.now();
      const reader = await connection.runAndReadAll(
        `SELECT ${list} FROM read_parquet('${file}') LIMIT ${args.rows}`,
      );
      const rows = reader.getRows();
      const ms = performance.now() - t0;
      if (rows.length !== args.rows) throw new Error(`DuckDB returned ${rows.length} rows`);
      connection.closeSync();
      instance.closeSync();
      const first = rows[0]?.[0];
      runs.push({
        width,
        columns,
        ms,
        openMs: 0,
        bytes: 0,
        requests: {},
        rounds: 0,
        reads: [],
        firstCell: first === null || first === undefined ? null : String(first),
      });
    }
  }
  return runs;
}

const args = JSON.parse(process.argv[2] ?? "{}") as ChildArgs;
const runs =
  args.engine === "duckdb"
    ? await duckdb(args)
    : args.path === "tui"
      ? await tui(args)
      : await medallion(args);
process.stdout.write(`${JSON.stringify({ runs, maxRssKiB: process.resourceUsage().maxRSS })}\n`);

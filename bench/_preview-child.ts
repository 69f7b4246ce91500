// Runs just a preview, in a process of its own, so its peak RSS is the preview's and its first run is
// cold (nothing compiled or cached yet in this process): opens the object, picks the columns that fit a
// terminal of each width, reads the first 50 rows, prints one JSON line. With `engine: "duckdb"` it
// times DuckDB reading the same rows of the same columns from the local file instead.
import { columnsThatFit, openPreview } from "../src/preview/index.js";
import { LocalStore } from "../src/storage/index.js";
import type { ByteRange, ObjectStore } from "../src/storage/object-store.js";

export interface ChildArgs {
  engine?: "medallion" | "duckdb";
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
}

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
const runs = args.engine === "duckdb" ? await duckdb(args) : await medallion(args);
process.stdout.write(`${JSON.stringify({ runs, maxRssKiB: process.resourceUsage().maxRSS })}\n`);

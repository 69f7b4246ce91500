// Runs just a preview, in a process of its own, so its peak RSS is the preview's: opens the object,
// picks the columns that fit a terminal of each width, reads the first 50 rows, prints one JSON line.
import { columnsThatFit, openPreview } from "../src/preview/index.js";
import { LocalStore } from "../src/storage/index.js";
import type { ObjectStore } from "../src/storage/object-store.js";
import { S3Store } from "../src/storage/s3-store.js";

interface ChildArgs {
  store: { kind: "s3"; endpoint: string; bucket: string } | { kind: "local"; dir: string };
  key: string;
  widths: number[];
  runs: number;
  rows: number;
}

export interface ChildRun {
  width: number;
  columns: string[];
  ms: number;
  /** Of which HEAD and footer. */
  openMs: number;
  bytes: number;
  /** Every request the preview made: HEAD and ranged GETs. */
  requests: number;
  firstCell: string | null;
}

function open(args: ChildArgs): ObjectStore {
  return args.store.kind === "s3"
    ? new S3Store({ bucket: args.store.bucket, endpointUrl: args.store.endpoint })
    : new LocalStore(args.store.dir);
}

const args = JSON.parse(process.argv[2] ?? "{}") as ChildArgs;
const runs: ChildRun[] = [];
for (let run = 0; run < args.runs; run++) {
  for (const width of args.widths) {
    const store = open(args);
    const t0 = performance.now();
    const preview = await openPreview(store, args.key);
    const openMs = performance.now() - t0;
    const columns = columnsThatFit(preview, width, String(args.rows - 1).length);
    const page = await preview.rows({ offset: 0, limit: args.rows, columns });
    const ms = performance.now() - t0;
    const requests = Object.values(store.requests).reduce((s, n) => s + n, 0);
    runs.push({
      width,
      columns,
      ms,
      openMs,
      bytes: preview.fetched.bytes,
      requests,
      firstCell: page.rows[0]?.cells[0] ?? null,
    });
  }
}
process.stdout.write(`${JSON.stringify({ runs, maxRssKiB: process.resourceUsage().maxRSS })}\n`);

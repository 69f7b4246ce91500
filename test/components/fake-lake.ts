// A small in-memory lake for component tests: the LakeSource contract with rows we control, streamed
// in batches like the real listing, plus Parquet-like previews. No terminal, no disk.
import type { LakeSource } from "../../components/source.js";
import { MedallionError, NotFoundError } from "../../src/errors.js";
import type { LakeEntry } from "../../src/lake/entry.js";
import type { GridPage, Preview, RowsRequest } from "../../src/preview/grid.js";

const day = (d: number) => new Date(Date.UTC(2024, 0, d, 10, 30));

export function entry(kind: LakeEntry["kind"], path: string, over: Partial<LakeEntry> = {}): LakeEntry {
  const name = path.split("/").pop() ?? path;
  return {
    kind,
    name,
    path,
    objects: 1,
    bytes: 1024,
    storageClasses: { STANDARD: over.bytes ?? 1024 },
    lastModified: day(1),
    anomalies: [],
    ...over,
  };
}

export function partition(
  table: string,
  values: [string, string][],
  over: Partial<LakeEntry> = {},
): LakeEntry {
  const name = values.map(([k, v]) => `${k}=${v}`).join("/");
  return entry("partition", `${table}/${name}`, {
    name,
    partition: values.map(([key, value]) => ({ key, value })),
    ...over,
  });
}

export const TREE: Record<string, LakeEntry[]> = {
  "": [
    entry("layer", "bronze", { objects: 9, bytes: 9_000_000 }),
    entry("layer", "silver"),
    entry("layer", "gold"),
  ],
  bronze: [entry("domain", "bronze/sales", { objects: 9, bytes: 9_000_000 })],
  "bronze/sales": [
    entry("table", "bronze/sales/customers", { objects: 3, bytes: 3_000, lastModified: day(3) }),
    entry("table", "bronze/sales/orders", { objects: 40, bytes: 9_000_000, lastModified: day(2) }),
    entry("table", "bronze/sales/payments", { objects: 2, bytes: 200_000, lastModified: day(9) }),
  ],
  "bronze/sales/payments": [
    partition("bronze/sales/payments", [
      ["year", "2024"],
      ["month", "01"],
    ]),
    partition(
      "bronze/sales/payments",
      [
        ["month", "02"],
        ["year", "2024"],
      ],
      {
        anomalies: [
          {
            kind: "keys-out-of-order",
            segment: "month=02",
            message: "month=02 comes before year=2024: keys out of order",
          },
        ],
      },
    ),
  ],
  "bronze/sales/payments/year=2024/month=01": [
    entry("file", "bronze/sales/payments/year=2024/month=01/part-0.parquet", {
      storageClasses: { STANDARD: 1024 },
    }),
    entry("file", "bronze/sales/payments/year=2024/month=01/zz-corrupt.parquet", { bytes: 7 }),
  ],
};

/** Columns of the fake Parquet file: enough that they never all fit on one screen. */
export const COLUMNS = [
  "payment_id",
  "order_id",
  "amount",
  "currency",
  "method",
  "status",
  "captured_at",
  "card_brand",
  "country",
  "risk_score",
  "fee",
  "settled",
];

export function fakePreview(
  key: string,
  totalRows = 1000,
  rowGroupRows = 500,
  requests: RowsRequest[] = [],
): Preview {
  const fetched = { bytes: 0, requests: 0 };
  const cell = (row: number, column: string) =>
    column === "currency" && row % 7 === 0 ? null : `${column}-${row}`;
  return {
    key,
    format: "parquet",
    size: 123_456,
    columns: COLUMNS.map((name) => ({ name, type: name === "amount" ? "decimal(10,2)" : "string" })),
    schema: [
      ...COLUMNS.map((name) => ({
        name,
        path: name,
        type: "string",
        physicalType: "BYTE_ARRAY",
        nullable: true,
        children: [],
      })),
      {
        name: "address",
        path: "address",
        type: "struct",
        nullable: true,
        children: [
          {
            name: "city",
            path: "address.city",
            type: "string",
            physicalType: "BYTE_ARRAY",
            nullable: false,
            children: [],
          },
        ],
      },
    ],
    totalRows,
    parquet: {
      createdBy: "DuckDB version v1.5.0",
      formatVersion: 1,
      keyValue: [{ key: "source", value: "medallion demo: payments export" }],
      rowGroups: Array.from({ length: Math.ceil(totalRows / rowGroupRows) }, (_, i) => ({
        index: i,
        firstRow: i * rowGroupRows,
        rows: Math.min(rowGroupRows, totalRows - i * rowGroupRows),
        compressedBytes: 60_000,
        uncompressedBytes: 90_000,
        columns: COLUMNS.map((column) => ({
          column,
          codec: "SNAPPY",
          encodings: ["PLAIN", "RLE_DICTIONARY"],
          compressedBytes: 5000,
          uncompressedBytes: 7500,
          values: rowGroupRows,
          nullCount: 0,
          min: `${column}-min`,
          max: `${column}-max`,
        })),
      })),
    },
    notes: [],
    fetched,
    async rows(request: RowsRequest = {}): Promise<GridPage> {
      const offset = request.offset ?? 0;
      const limit = request.limit ?? 50;
      const names = request.columns ?? COLUMNS;
      fetched.requests += 1;
      requests.push(request);
      const end = Math.min(totalRows, offset + limit);
      const rows = [];
      for (let i = offset; i < end; i++) {
        const cells = names.map((c) => cell(i, c));
        rows.push({ index: i, cells, values: cells });
      }
      return {
        offset,
        columns: names.map((name) => ({ name, type: "string" })),
        rows,
        hasMore: end < totalRows,
        notes: [],
      };
    },
  };
}

export interface FakeLakeOptions {
  tree?: Record<string, LakeEntry[]>;
  /** Entries per batch, and a pause between batches (ms) to see streaming. */
  batch?: number;
  pauseMs?: number;
  /** Listings that fail after their first batch, with this message. */
  failing?: Record<string, string>;
  /** Extra listings produced lazily (e.g. 100,000 partitions). */
  generated?: Record<string, () => Iterable<LakeEntry>>;
  readOnly?: boolean;
}

export interface FakeLake extends LakeSource {
  listed: string[];
  opened: string[];
  /** Every page of rows a preview was asked for: which rows, which columns. */
  rowRequests: RowsRequest[];
}

export function fakeLake(options: FakeLakeOptions = {}): FakeLake {
  const tree = options.tree ?? TREE;
  const batchSize = options.batch ?? 1000;
  const listed: string[] = [];
  const opened: string[] = [];
  const rowRequests: RowsRequest[] = [];
  const allOf = (path: string): Iterable<LakeEntry> | undefined =>
    options.generated?.[path]?.() ?? tree[path];
  return {
    listed,
    opened,
    rowRequests,
    header: {
      root: "s3://acme-lake/prod",
      where: "profile data · eu-west-1",
      catalog: "glue",
      readOnly: options.readOnly ?? true,
    },
    async *listEntries(path, { signal }) {
      listed.push(path);
      const all = allOf(path);
      if (!all) throw new NotFoundError(path, `nothing at ${path}`);
      let batch: LakeEntry[] = [];
      let sent = 0;
      for (const e of all) {
        batch.push(e);
        if (batch.length === batchSize) {
          yield batch;
          sent += 1;
          batch = [];
          if (options.failing?.[path])
            throw new MedallionError("access-denied", options.failing[path] as string);
          if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
          if (signal.aborted) return;
        }
      }
      if (batch.length > 0 || sent === 0) yield batch;
      if (options.failing?.[path]) throw new MedallionError("access-denied", options.failing[path] as string);
    },
    uri: (path) => `s3://acme-lake/prod/${path}`,
    async firstFile(path) {
      const files = Object.entries(tree)
        .filter(([p]) => p === path || p.startsWith(`${path}/`))
        .flatMap(([, entries]) => entries.filter((e) => e.kind === "file"))
        .map((e) => e.path)
        .sort();
      return files[0];
    },
    async openPreview(path) {
      opened.push(path);
      if (path.includes("corrupt")) {
        throw new MedallionError(
          "corrupt",
          `${path}: Parquet footer: file is 7 bytes, too short for a footer (needs at least 12)`,
        );
      }
      return fakePreview(path, 1000, 500, rowRequests);
    },
    toLakePath(location) {
      if (location.startsWith("s3://")) {
        if (!location.startsWith("s3://acme-lake/prod/")) {
          throw new MedallionError(
            "outside-lake",
            `\`${location}\` is outside the lake s3://acme-lake/prod: give a path under it`,
          );
        }
        return location.slice("s3://acme-lake/prod/".length);
      }
      return location;
    },
  };
}

import type { FetchStats, RowGroupInfo, SchemaField } from "../parquet/index.js";

/** The formats of a data file. */
export type FileFormat = "parquet" | "jsonl" | "csv";
/** A file's format, or `query`: rows a query returned, held in memory (the query screen's grid). */
export type PreviewFormat = FileFormat | "query";

/** A column of the grid: a top-level field, with its type in words (`int64`, `timestamp(us, UTC)`, `string`). */
export interface GridColumn {
  name: string;
  type: string;
}

/** One row of the grid. */
export interface GridRow {
  /** Row number in the object, 0-based. For text formats, rows exclude the CSV header. */
  index: number;
  /** One-line display text per column (control characters escaped); null is a null or missing value. */
  cells: (string | null)[];
  /** JSON-safe values, what `--json` prints. */
  values: unknown[];
  /** Set when the line was malformed (bad JSON, wrong number of CSV fields): says what and where. */
  note?: string;
}

export interface RowsRequest {
  /** First row, 0-based (default 0). */
  offset?: number;
  /** Rows at most (default 50). */
  limit?: number;
  /** Top-level columns in the order to show them (default all). */
  columns?: string[];
}

/** A page of the grid. */
export interface GridPage {
  offset: number;
  /** The columns of this page, in the order asked for. */
  columns: GridColumn[];
  rows: GridRow[];
  /** True when rows exist beyond this page. */
  hasMore: boolean;
  /** Things to tell the user about this page: columns shown raw, malformed lines, a truncated head. */
  notes: string[];
}

/** Parquet-only details from the footer. */
export interface ParquetDetails {
  createdBy?: string;
  formatVersion: number;
  keyValue: { key: string; value?: string }[];
  /** Every row group with its column chunks' stats (a large footer is decoded in full on first use). */
  rowGroups: RowGroupInfo[];
  /** The first `count` row groups, decoding no more of the footer than they take. */
  firstRowGroups?(count: number): RowGroupInfo[];
}

/** An object opened for preview. Format-neutral: Parquet, JSON lines and CSV all produce this. */
export interface Preview {
  key: string;
  format: PreviewFormat;
  /** Set for gzip-compressed text. */
  compression?: "gzip";
  /** Object size in bytes. */
  size: number;
  /** Top-level columns in file order. For text formats, those seen in the rows read so far. */
  columns: GridColumn[];
  /** Fields as a tree (nested Parquet types); flat for text formats. */
  schema: SchemaField[];
  /** Exact for Parquet; for text, known only once the whole object has been read. */
  totalRows?: number;
  parquet?: ParquetDetails;
  /** About the object as a whole (e.g. "JSON lines: rows from the first 256 KiB"). */
  notes: string[];
  /** Reads a page of rows, fetching only what it needs. */
  rows(request?: RowsRequest): Promise<GridPage>;
  /** Bytes and requests fetched so far (live counters). */
  readonly fetched: FetchStats;
}

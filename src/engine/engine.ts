/**
 * The engine runs SQL over the lake's files: DuckDB embedded on this machine, or Athena over S3 and Glue.
 * One session per promotion (or query): register the files a statement reads as views, run
 * statements, read rows back, and write a SELECT as partitioned Parquet under a prefix of the lake.
 * SQL is in the engine's dialect (`dialect`); src/promote renders it from the pipeline spec.
 */
export type EngineKind = "duckdb" | "athena";

/** A view over files of the lake: what a statement reads. */
export interface InputView {
  /** The name statements use for it. */
  name: string;
  format: "parquet" | "json" | "csv";
  /** Object keys relative to the lake root; an empty list gives an empty view with `columns`. */
  objectKeys: string[];
  /**
   * Columns read as text (JSON and CSV: every field as delivered, no type guessing), or, for an
   * empty Parquet view, the columns and DuckDB types it has. Undefined: the files' own columns.
   */
  columns?: { name: string; type?: string }[];
}

/**
 * Every view also has `_object_key` (the row's file, relative to the lake root) and, as text, the
 * Hive partition columns of the files' paths (`year`, `month`, …).
 */
export const OBJECT_KEY_COLUMN = "_object_key";

/** Where and how a SELECT's rows are written. */
export interface WriteTarget {
  /** Prefix under the lake root the partition folders go under (ends in `/`). */
  prefix: string;
  /** Text columns of the SELECT whose values make the Hive folders, in order (not stored in the files). */
  partitionKeys: string[];
  /** File names start with this (e.g. `part-<run>`), so a run's files never collide with another's. */
  fileStem: string;
}

/** One partition folder written: its values in key order (null: Hive's default partition). */
export interface WrittenPartition {
  values: (string | null)[];
  /** The folder below the prefix, Hive-escaped: `year=2024/month=01`. */
  path: string;
  objectKeys: string[];
  rows: number;
  bytes: number;
}

export type Row = Record<string, unknown>;

/** What a session's statements scanned and cost (Athena bills by the bytes scanned; DuckDB has none). */
export interface EngineUsage {
  queries: number;
  scannedBytes: number;
  costUsd: number;
}

export interface Engine {
  readonly kind: EngineKind;
  /** Athena: the statements sent so far, bytes scanned, their cost. */
  readonly usage?: EngineUsage;
  /** Makes files readable as a view (S3 inputs are fetched once to a temp folder first). */
  register(view: InputView): Promise<void>;
  /** Runs statements with no result (temp tables, settings). */
  exec(sql: string): Promise<void>;
  /** Runs a query and returns its rows as JSON-ready values (bigints as numbers, dates as ISO text). */
  rows(sql: string): Promise<Row[]>;
  /** Writes the query's rows as Parquet (zstd) partitioned by `target.partitionKeys`. */
  write(sql: string, target: WriteTarget): Promise<WrittenPartition[]>;
  /**
   * Stops the statement running now (DuckDB's interrupt: it rejects at once). Athena stops its query
   * through the session's abort signal instead (StopQueryExecution), so it has none.
   */
  interrupt?(): void;
  /** Frees the session (temp files included). */
  close(): Promise<void>;
}

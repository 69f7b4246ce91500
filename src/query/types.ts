import type { DuckDbEngineOptions } from "../engine/index.js";

export interface QueryOptions {
  /** Rows read at most; the query's other rows are never computed (default 10,000). */
  maxRows?: number;
  engineOptions?: DuckDbEngineOptions;
  /** What the query is doing, for a status line (`listing silver.sales_orders…`, `running…`). */
  onProgress?: (text: string) => void;
  /** Cancels the query (Athena: StopQueryExecution). */
  signal?: AbortSignal;
}

/** What a query read of one table it names. */
export interface TableRead {
  /** `silver.sales_orders`, as the catalog names it. */
  name: string;
  location: string;
  /**
   * Partitions read, of the catalog's total; absent for an unpartitioned table. With Glue, when the
   * WHERE could be sent as a partition expression, Glue listed only what it matched (`listed`, which
   * DuckDB may narrow further): the total is not known then.
   */
  partitions?: { read: number; total: number } | { read: number; listed: number; glueExpression: string };
  files: number;
  /** Bytes of those files. */
  bytes: number;
}

export interface QueryStats {
  engine: "duckdb" | "athena";
  /** DuckDB: what it read of each table (Athena does not say). */
  tables: TableRead[];
  /**
   * DuckDB: the bytes of the files it was given, all it may read (it reads only the column chunks it needs);
   * Athena: its own DataScannedInBytes.
   */
  bytesScanned: number;
  /** What the query cost, in US dollars, and how that was worked out. */
  costUsd: number;
  costBasis: string;
  elapsedMs: number;
  /** Athena's query execution id. */
  queryId?: string;
}

/** A query's columns (names and the engine's types), its rows, and what it read and cost. */
export interface QueryResult {
  columns: { name: string; type: string }[];
  /** JSON-ready values, row by row. */
  values: unknown[][];
  /** The engine's text of each value; null for NULL. */
  texts: (string | null)[][];
  /** True when rows past `maxRows` were left unread. */
  more: boolean;
  stats: QueryStats;
}

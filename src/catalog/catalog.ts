import type { PartitionValue } from "../lake/types.js";

export type TableFormat = "parquet" | "json" | "csv";

export interface Column {
  name: string;
  /** Hive/Glue type string: `string`, `bigint`, `double`, `timestamp`, `decimal(10,2)`, `array<string>`, … */
  type: string;
  comment?: string;
}

/** A table as the catalog holds it. `location` is a full URI (s3://… or an absolute folder). */
export interface CatalogTable {
  database: string;
  name: string;
  location: string;
  format: TableFormat;
  columns: Column[];
  partitionKeys: Column[];
  description?: string;
}

/** A partition as the catalog holds it: values in partition-key order, its location, its format. */
export interface CatalogPartition {
  values: string[];
  location: string;
  format: TableFormat;
  /** Columns stored with the partition, when they differ from the table's (drift). */
  columns?: Column[];
}

export interface PartitionFailure {
  values: string[];
  message: string;
}

/** What a batch operation did: partitions done, and the ones that failed with why. */
export interface BatchResult {
  /** Partitions this call changed. */
  succeeded: number;
  /** Partitions already as asked before this call (added or deleted by another run): not changed by it. */
  alreadyDone: number;
  failed: PartitionFailure[];
  /** API calls made for this operation. */
  calls: number;
}

export interface BatchProgress {
  done: number;
  total: number;
}

/**
 * The table catalog: AWS Glue, or the embedded catalog kept with the lake.
 * One database per layer, one table per `<domain>_<table>`, one partition per partition folder.
 */
/**
 * A pre-filter on partition values, in Glue's expression syntax (`year = 2024 AND day IN ('01', '02')`).
 * Glue lists only the partitions it matches; the local catalog lists every partition. Either way it is a
 * superset: the caller still tests the values it gets.
 */
export interface PartitionFilter {
  expression?: string;
}

export interface Catalog {
  readonly kind: "glue" | "local";
  listDatabases(): Promise<string[]>;
  ensureDatabase(database: string): Promise<void>;
  /** [] when the database does not exist. */
  listTables(database: string): Promise<CatalogTable[]>;
  /** undefined when the table (or its database) does not exist. */
  getTable(database: string, name: string): Promise<CatalogTable | undefined>;
  /** Creates or updates the table. */
  putTable(table: CatalogTable): Promise<void>;
  /** Deletes the table and every partition it holds; a table already gone is not an error. */
  deleteTable(database: string, name: string): Promise<void>;
  /**
   * Streams the table's partitions in pages, each partition once; Glue reads segments in parallel.
   * Throws NotFoundError when the table does not exist.
   */
  listPartitions(
    database: string,
    table: string,
    filter?: PartitionFilter,
  ): AsyncIterable<CatalogPartition[]>;
  /**
   * Adds partitions; one that already exists is left as it is and counted in `alreadyDone`. A partition whose number of values
   * differs from the table's partition keys is reported in `failed` and never written.
   * Throws NotFoundError when the table does not exist (as do update and delete).
   */
  addPartitions(
    database: string,
    table: string,
    partitions: CatalogPartition[],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult>;
  /** Replaces location, format and columns; a partition not in the catalog is reported in `failed`. */
  updatePartitions(
    database: string,
    table: string,
    partitions: CatalogPartition[],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult>;
  /** Deletes partitions by values; one already gone is counted in `alreadyDone`. */
  deletePartitions(
    database: string,
    table: string,
    values: string[][],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult>;
  /**
   * Calls made so far, by API operation name: Glue's (`GetPartitions`, `BatchCreatePartition`, …);
   * the local catalog's by method (`addPartitions` counts one per transaction).
   */
  readonly calls: Record<string, number>;
  close?(): Promise<void>;
}

export type { PartitionValue };

/**
 * Parquet by byte ranges: the footer (schema, key-value metadata, row groups, column-chunk stats),
 * then only the column chunks of the rows asked for. Never downloads a whole file.
 */

import { parquetSchema } from "hyparquet";
import type { ObjectStore } from "../storage/object-store.js";
import type { FetchStats } from "./byte-source.js";
import { readFooter } from "./footer.js";
import { DEFAULT_LIMITS, type ReadLimits } from "./limits.js";
import { type RowGroupInfo, rowGroupsOf } from "./row-groups.js";
import { ReadPlan, type RowPage, type RowsRequest, readRows } from "./rows.js";
import { type SchemaField, schemaFields } from "./schema.js";

export type { FetchStats } from "./byte-source.js";
export { MAX_PAGE_BYTES, MAX_READ_BYTES, MAX_VALUE_BYTES, type ReadLimits } from "./limits.js";
export type { ColumnChunkInfo, RowGroupInfo } from "./row-groups.js";
export type { RowPage, RowsRequest } from "./rows.js";
export type { SchemaField } from "./schema.js";
export { displayValue, jsonValue } from "./values.js";

export interface ParquetFile {
  key: string;
  /** File size in bytes. */
  size: number;
  rows: number;
  readonly createdBy?: string;
  formatVersion: number;
  readonly keyValue: { key: string; value?: string }[];
  /** Top-level fields, each a tree. */
  schema: SchemaField[];
  /** Every row group with its column chunks' stats (decoded from the footer on first use). */
  readonly rowGroups: RowGroupInfo[];
  rowGroupCount: number;
  /** The first `count` row groups, decoding no more of the footer than they take. */
  firstRowGroups(count: number): RowGroupInfo[];
  /** Reads a page of rows: only the column chunks of the row groups that hold them. */
  read(request?: RowsRequest): Promise<RowPage>;
  /** What the file says about itself that does not add up (a footer whose row count its row groups contradict). */
  notes: string[];
  /** Bytes and requests fetched so far (footer included). */
  readonly fetched: FetchStats;
}

/**
 * Opens a Parquet object with one suffix read for the footer, which also tells the size (a store without
 * `readTail` needs a HEAD first unless `size` is given).
 */
export async function openParquet(
  store: ObjectStore,
  key: string,
  size?: number,
  options: { footerGuess?: number; partialPages?: boolean; limits?: Partial<ReadLimits> } = {},
): Promise<ParquetFile> {
  const { source, footer } = await readFooter(store, key, { size, guess: options.footerGuess });
  const byteLength = source.byteLength;
  const head = footer.head;
  const plan = new ReadPlan(footer, options.partialPages ?? true);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  let rowGroups: RowGroupInfo[] | undefined;
  // The row groups hold the rows: a footer that says otherwise is noted, not believed.
  const footerRows = Number(head.num_rows);
  const notes =
    footerRows === plan.totalRows
      ? []
      : [
          `the footer says ${footerRows} rows but its row groups hold ${plan.totalRows}: showing the row groups' rows`,
        ];
  return {
    key,
    size: byteLength,
    rows: plan.totalRows,
    notes,
    // Writer and key-value metadata follow every row group in the footer: found when asked for.
    get createdBy() {
      return footer.file.created_by;
    },
    formatVersion: head.version,
    get keyValue() {
      return footer.file.key_value_metadata ?? [];
    },
    schema: schemaFields(parquetSchema(head)),
    rowGroupCount: footer.groupCount,
    // Decoded (every column chunk's stats) only when asked for.
    get rowGroups() {
      rowGroups ??= rowGroupsOf(footer.metadata());
      return rowGroups;
    },
    firstRowGroups: (count) =>
      rowGroups?.slice(0, count) ?? rowGroupsOf(footer.metadata(Math.min(count, footer.groupCount))),
    read: (request) => readRows(source, plan, request, limits),
    fetched: source.fetched,
  };
}

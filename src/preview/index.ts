/**
 * Preview of one lake object as a rows grid — Parquet, JSON lines or CSV (plain or gzip) — read by
 * byte ranges. UI-free: the preview screen and `medallion preview` / `schema` both use this.
 *
 *   const preview = await openPreview(store, "silver/sales/orders/year=2024/part-0.parquet");
 *   preview.format; preview.columns;      // [{ name: "id", type: "int64" }, …] in file order
 *   preview.schema;                       // SchemaField tree (nested Parquet types have children)
 *   preview.parquet?.rowGroups;           // row groups, per column chunk: codec, encodings, sizes, min/max, nulls
 *   preview.parquet?.keyValue; preview.parquet?.createdBy; preview.totalRows; preview.notes
 *   const page = await preview.rows({ offset: 0, limit: 50, columns: ["id", "amount"] });
 *   page.rows[0].cells;                   // one-line display strings, null for null/missing
 *   page.rows[0].note;                    // set on a malformed text line ("line 7: not valid JSON (…)")
 *   page.hasMore; page.notes;             // notes: columns shown raw, "rows from the first 256 KiB of 3 MiB"
 *   preview.fetched;                      // { bytes, requests } so far, live
 *
 *
 * Helpers for a grid: `columnsThatFit(preview, width, indexWidth)` picks the leading columns likely to fit
 * a screen before any row is read (Parquet then fetches only their chunks; pass them as `columns`);
 * The words shown (schema tree, row groups, a page and its position, metadata) are ./render.js, for the
 * CLI and the preview screen alike: `pageLines(page, width)` is what `medallion preview` prints.
 * Paging within the same row groups fetches nothing more (the chunks of the last page are kept).
 * Where a user names the object (lake path, s3:// URI or local file, a folder standing for its first
 * data file): `resolvePreviewTarget` in ./target.js (it loads the AWS SDK, so it is not exported here).
 * This module loads hyparquet: import it lazily from the UI.
 *
 * Errors are MedallionError with one line to show as-is: code "corrupt" names the part that failed
 * ("<key>: footer: not a Parquet file (magic bytes missing)", "<key>: row group 2, column amount: …"),
 * "not-found" for a missing key, "usage" for an unknown column or a format that cannot be previewed.
 * Each `rows()` call is independent; a screen may discard a stale page when the user has moved on.
 */
import { MedallionError } from "../errors.js";
import type { FetchStats } from "../parquet/index.js";
import type { ObjectStore } from "../storage/object-store.js";
import { formatFromKey, isGzip, isParquet, sniffText } from "./detect.js";
import type { Preview } from "./grid.js";
import { gunzipHead, TextHead } from "./head.js";
import { openParquetPreview } from "./parquet-preview.js";
import { openTextPreview } from "./text-preview.js";

export type { ColumnChunkInfo, FetchStats, RowGroupInfo, SchemaField } from "../parquet/index.js";
export { formatFromKey } from "./detect.js";
export type {
  GridColumn,
  GridPage,
  GridRow,
  ParquetDetails,
  Preview,
  PreviewFormat,
  RowsRequest,
} from "./grid.js";

/** Opens `key` for preview: the format from its extension, or from its first bytes when the name says nothing. */
export async function openPreview(
  store: ObjectStore,
  key: string,
  options: { size?: number } = {},
): Promise<Preview> {
  const fetched: FetchStats = { bytes: 0, requests: 0 };
  const named = formatFromKey(key);
  // Parquet learns its size from the footer's suffix read: no HEAD first.
  if (named.format === "parquet" && !named.gzip) {
    return openParquetPreview(store, key, options.size, fetched);
  }
  const size = options.size ?? (await store.head(key)).size;
  if (named.format === "jsonl" || named.format === "csv") {
    return openTextPreview(store, key, size, named.format, {
      gzip: named.gzip,
      delimiter: named.delimiter,
      fetched,
    });
  }
  // The name says nothing (or says gzip only): look at the first bytes.
  const head = new TextHead(store, key, size, named.gzip, fetched);
  await head.grow();
  const first = head.raw();
  if (isParquet(first) && !named.gzip) return openParquetPreview(store, key, size, fetched);
  const gzip = isGzip(first);
  const inner = gzip
    ? (await gunzipHead(first, head.wholeObject).catch(() => ({ bytes: Buffer.alloc(0) }))).bytes
    : first;
  const format = sniffText(inner);
  // Any text looks like CSV: an unknown extension (.yaml, .log, …) is not taken for one; a bare name
  // (Spark's part-00000-…-c000, Hive's 000000_0) is.
  if (!format || (format === "csv" && named.extension !== undefined)) {
    throw new MedallionError(
      "usage",
      `${key}: cannot preview: not Parquet, JSON lines or CSV (plain or gzip); name the file .parquet, .json, .csv or .gz`,
    );
  }
  return openTextPreview(store, key, size, format, { gzip, fetched, head: head.readAs(gzip) });
}
export { columnsThatFit, expectedWidth } from "./fit.js";
export {
  fileFacts,
  keyValueLines,
  metadataLines,
  NULL_TEXT,
  pageGrid,
  pageLines,
  pagePosition,
  pageTable,
  rowGroupLines,
  schemaLines,
  type TextLine,
} from "./render.js";

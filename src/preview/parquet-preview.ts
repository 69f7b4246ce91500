import { type FetchStats, openParquet, type SchemaField } from "../parquet/index.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { GridPage, Preview, RowsRequest } from "./grid.js";

/**
 * A Parquet object as a grid: the footer on open (its suffix read also tells the size when `size` is not
 * known), then only the column chunks of each page asked for.
 */
export async function openParquetPreview(
  store: ObjectStore,
  key: string,
  size: number | undefined,
  fetched: FetchStats,
): Promise<Preview> {
  const before = { ...fetched };
  const file = await openParquet(store, key, size);
  // The file counts its own reads; fold them into the preview's counters as they happen.
  const sync = () => {
    fetched.bytes = before.bytes + file.fetched.bytes;
    fetched.requests = before.requests + file.fetched.requests;
  };
  sync();
  const types = new Map(file.schema.map((f: SchemaField) => [f.name, f.type]));
  const columns = file.schema.map((f) => ({ name: f.name, type: f.type }));
  const rawNotes = file.schema.filter((f) => f.note).map((f) => `${f.name}: ${f.note}`);
  return {
    key,
    format: "parquet",
    size: file.size,
    columns,
    schema: file.schema,
    totalRows: file.rows,
    // Getters: what lies after the row groups in the footer is found only when shown.
    parquet: {
      get createdBy() {
        return file.createdBy;
      },
      formatVersion: file.formatVersion,
      get keyValue() {
        return file.keyValue;
      },
      get rowGroups() {
        return file.rowGroups;
      },
      firstRowGroups: (count) => file.firstRowGroups(count),
    },
    notes: [...file.notes, ...rawNotes],
    fetched,
    async rows(request: RowsRequest = {}): Promise<GridPage> {
      const offset = Math.max(0, request.offset ?? 0);
      const limit = Math.max(0, request.limit ?? 50);
      try {
        const page = await file.read({ offset, limit, columns: request.columns });
        return {
          offset: page.offset,
          columns: page.columns.map((name) => ({ name, type: types.get(name) ?? "?" })),
          rows: page.cells.map((cells, n) => ({
            index: page.offset + n,
            cells,
            values: page.values[n] ?? [],
          })),
          hasMore: page.offset + page.cells.length < file.rows,
          notes: page.notes,
        };
      } finally {
        sync();
      }
    },
  };
}

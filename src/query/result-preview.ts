import type { GridPage, Preview, RowsRequest } from "../preview/grid.js";
import { resultPage } from "./render.js";
import type { QueryResult } from "./types.js";

/**
 * A query's rows as a preview (held in memory), so the query screen shows them in the preview's grid:
 * row and column cursors, the record view, sort and filter of the rows fetched.
 */
export function resultPreview(result: QueryResult): Preview {
  const page = resultPage(result);
  return {
    key: "query",
    format: "query",
    size: 0,
    columns: page.columns,
    schema: page.columns.map((c) => ({
      name: c.name,
      path: c.name,
      type: c.type,
      nullable: true,
      children: [],
    })),
    totalRows: page.rows.length,
    notes: [],
    fetched: { bytes: 0, requests: 0 },
    async rows(request: RowsRequest = {}): Promise<GridPage> {
      const offset = Math.max(0, request.offset ?? 0);
      const rows = page.rows.slice(offset, offset + Math.max(0, request.limit ?? 50));
      const wanted = request.columns ?? page.columns.map((c) => c.name);
      const at = wanted.map((name) => page.columns.findIndex((c) => c.name === name));
      return {
        offset,
        columns: at.flatMap((i) => (i < 0 ? [] : [page.columns[i] as GridPage["columns"][number]])),
        rows: rows.map((row) => ({
          index: row.index,
          cells: at.flatMap((i) => (i < 0 ? [] : [row.cells[i] ?? null])),
          values: at.flatMap((i) => (i < 0 ? [] : [row.values[i] ?? null])),
        })),
        hasMore: offset + rows.length < page.rows.length,
        notes: [],
      };
    },
  };
}

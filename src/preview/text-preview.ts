import { MedallionError } from "../errors.js";
import { displayValue, type FetchStats, type SchemaField } from "../parquet/index.js";
import type { ObjectStore } from "../storage/object-store.js";
import { sniffDelimiter } from "./csv.js";
import type { GridColumn, GridPage, Preview, RowsRequest } from "./grid.js";
import { type HeadText, MAX_HEAD, TextHead } from "./head.js";
import { csvTable, jsonLinesTable, type TextTable } from "./text-table.js";

function mib(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) ? 1 : 0)} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
}

/** JSON lines or CSV, plain or gzip: rows from ranged reads of the head, never the whole object at once. */
export async function openTextPreview(
  store: ObjectStore,
  key: string,
  size: number,
  format: "jsonl" | "csv",
  options: { gzip: boolean; delimiter?: string; fetched: FetchStats; head?: TextHead },
): Promise<Preview> {
  const head = options.head ?? new TextHead(store, key, size, options.gzip, options.fetched);
  if (head.bytesRead === 0) await head.grow();
  let parsedAt = -1;
  let headText: HeadText = await head.text();
  let table: TextTable = { columns: [], types: [], rows: [] };
  let delimiter = options.delimiter;

  const parse = async (): Promise<void> => {
    if (parsedAt === head.bytesRead) return;
    headText = await head.text();
    delimiter ??= sniffDelimiter(headText.text);
    table =
      format === "csv"
        ? csvTable(headText.text, delimiter, headText.complete)
        : jsonLinesTable(headText.text);
    parsedAt = head.bytesRead;
  };
  /** Reads more of the head until `count` rows are parsed (one more tells whether more exist). */
  const ensure = async (count: number): Promise<void> => {
    await parse();
    while (table.rows.length < count && !headText.complete && (await head.grow())) await parse();
  };

  await ensure(1);
  const columnsOf = (): GridColumn[] =>
    table.columns.map((name, i) => ({ name, type: table.types[i] ?? "string" }));
  const notes = (): string[] =>
    headText.complete
      ? []
      : [`rows from the first ${mib(head.bytesRead)} of ${mib(size)}${options.gzip ? " (gzip)" : ""}`];

  const preview: Preview = {
    key,
    format,
    size,
    get columns() {
      return columnsOf();
    },
    get schema(): SchemaField[] {
      return columnsOf().map((c) => ({
        name: c.name,
        path: c.name,
        type: c.type,
        nullable: true,
        children: [],
      }));
    },
    get totalRows() {
      return headText.complete ? table.rows.length : undefined;
    },
    get notes() {
      return notes();
    },
    fetched: options.fetched,
    async rows(request: RowsRequest = {}): Promise<GridPage> {
      const offset = Math.max(0, request.offset ?? 0);
      const limit = Math.max(0, request.limit ?? 50);
      await ensure(offset + limit + 1);
      const all = columnsOf();
      const wanted = request.columns ?? all.map((c) => c.name);
      const picks = wanted.map((name) => {
        const i = table.columns.indexOf(name);
        if (i < 0)
          throw new MedallionError(
            "usage",
            `no column "${name}" in ${key} (columns: ${table.columns.join(", ")})`,
          );
        return i;
      });
      const rows = table.rows.slice(offset, offset + limit).map((row, n) => {
        const values = picks.map((i) => row.values[i] ?? null);
        return {
          index: offset + n,
          cells: values.map((v) => displayValue(v)),
          values,
          ...(row.note ? { note: row.note } : {}),
        };
      });
      const pageNotes = notes();
      if (!headText.complete && head.bytesRead >= MAX_HEAD && table.rows.length < offset + limit) {
        pageNotes.push(`a text preview reads at most the first ${mib(MAX_HEAD)}`);
      }
      return {
        offset,
        columns: picks.map((i) => all[i] as GridColumn),
        rows,
        hasMore: table.rows.length > offset + limit,
        notes: pageNotes,
      };
    },
  };
  if (options.gzip) preview.compression = "gzip";
  return preview;
}

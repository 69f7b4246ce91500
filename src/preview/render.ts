// The words of a preview, once, for `medallion preview`/`schema` and the preview screen: the schema
// tree, row groups with column-chunk stats, metadata, a page of rows and where it sits in the file.
// Cell text of a value comes from src/parquet/values.ts (page.rows[].cells); a null is NULL here.
import { humanBytes, humanCount, plural } from "../lake/human.js";
import type { SchemaField } from "../parquet/index.js";
import type { Cell, Column, Table, Tone } from "../render/cell.js";
import { layoutTable, naturalWidth, tableLines } from "../render/table.js";
import { cutEnd, oneLine } from "../render/text.js";
import type { GridPage, Preview } from "./grid.js";

/** A null (or missing) value, in a dim tone where there is colour. */
export const NULL_TEXT = "NULL";

/** A line of a text pane (schema, row groups, metadata): the CLI prints the text, the UI adds tone and bold. */
export interface TextLine {
  text: string;
  tone?: Tone;
  bold?: boolean;
}

/** `parquet · 500 rows · 1 row group · 12.3 KiB`, `csv (gzip) · 1.2 MiB`. */
export function fileFacts(preview: Preview): string {
  return [
    preview.compression ? `${preview.format} (${preview.compression})` : preview.format,
    preview.totalRows === undefined ? undefined : plural(preview.totalRows, "row"),
    preview.parquet ? plural(preview.parquet.rowGroups.length, "row group") : undefined,
    humanBytes(preview.size),
  ]
    .filter(Boolean)
    .join(" · ");
}

/** The schema as a tree, one row per field: `├ address  struct`, `│ └ city  string  (BYTE_ARRAY)`. */
export function schemaTable(fields: SchemaField[]): Table {
  const rows: Cell[][] = [];
  const walk = (list: SchemaField[], indent: string) => {
    list.forEach((field, i) => {
      const last = i === list.length - 1;
      rows.push([
        { text: `${indent}${last ? "└" : "├"} ${field.name}` },
        { text: field.type },
        field.nullable ? { text: "" } : { text: "not null", tone: "dim" },
        { text: field.physicalType ? `(${field.physicalType})` : "", tone: "dim" },
        field.note ? { text: `note: ${field.note}`, tone: "warn" } : { text: "" },
      ]);
      walk(field.children, `${indent}${last ? "  " : "│ "}`);
    });
  };
  walk(fields, "");
  const columns: Column[] = [
    { title: "field", max: 60 },
    { title: "type", max: 60 },
    { title: "nulls" },
    { title: "stored as" },
    { title: "note", max: 200 },
  ];
  // A column no field fills (no required field, no note) takes no room.
  const used = columns.map((_, i) => i < 2 || rows.some((r) => r[i]?.text));
  return {
    columns: columns.filter((_, i) => used[i]),
    rows: rows.map((r) => r.filter((_, i) => used[i])),
  };
}

/** Lines of a table laid out in `width`, without its title line unless asked; a row's tone is its first toned cell's. */
function laidOut(table: Table, width: number, titles: boolean): TextLine[] {
  const { lines } = tableLines(table, width);
  const [title = "", ...body] = lines;
  const rows = body.map((text, r) => {
    const tone = table.rows[r]?.find((c) => c.tone === "warn" || c.tone === "error")?.tone;
    return tone ? { text, tone } : { text };
  });
  return titles ? [{ text: title, tone: "dim" as const }, ...rows] : rows;
}

/** The schema tree as lines (no title line: the tree reads as it is). */
export function schemaLines(fields: SchemaField[], width: number): TextLine[] {
  return laidOut(schemaTable(fields), width, false);
}

/** Min and max are cut here: whole values are in --json and the record view. */
const STAT_WIDTH = 30;

/** One row group's column chunks: codec, encodings, sizes, nulls, min, max. */
export function columnChunksTable(group: NonNullable<Preview["parquet"]>["rowGroups"][number]): Table {
  const dash: Cell = { text: "—", tone: "dim" };
  const stat = (v: string | undefined): Cell =>
    v === undefined ? dash : { text: cutEnd(oneLine(v), STAT_WIDTH) };
  return {
    columns: [
      { title: "column", max: 60 },
      { title: "codec" },
      { title: "encodings" },
      { title: "stored", align: "right" },
      { title: "uncompressed", align: "right" },
      { title: "nulls", align: "right" },
      { title: "min", max: STAT_WIDTH },
      { title: "max", max: STAT_WIDTH },
    ],
    rows: group.columns.map((c) => [
      { text: c.column },
      { text: c.codec },
      { text: c.encodings.join(",") },
      { text: humanBytes(c.compressedBytes) },
      { text: humanBytes(c.uncompressedBytes) },
      c.nullCount === undefined ? dash : { text: humanCount(c.nullCount) },
      stat(c.min),
      stat(c.max),
    ]),
  };
}

/** Every row group: a heading (`row group 1/3 · rows 1–100 (100) · 1.2 KiB stored, 2.0 KiB uncompressed`), then its chunks. */
export function rowGroupLines(preview: Preview, width: number): TextLine[] {
  const groups = preview.parquet?.rowGroups;
  if (!groups)
    return [
      {
        text: `${preview.format}: row groups and column statistics exist only in Parquet files`,
        tone: "dim",
      },
    ];
  if (groups.length === 0) return [{ text: "no row groups: the file holds no rows", tone: "dim" }];
  const lines: TextLine[] = [];
  for (const group of groups) {
    if (lines.length > 0) lines.push({ text: "" });
    const rows = `rows ${humanCount(group.firstRow + 1)}–${humanCount(group.firstRow + group.rows)} (${humanCount(group.rows)})`;
    lines.push({
      text: `row group ${group.index + 1}/${groups.length} · ${rows} · ${humanBytes(group.compressedBytes)} stored, ${humanBytes(group.uncompressedBytes)} uncompressed`,
      bold: true,
    });
    lines.push(...laidOut(columnChunksTable(group), width, true));
  }
  return lines;
}

/** `key = value` per key-value metadata entry, on one line each. */
export function keyValueLines(preview: Preview): TextLine[] {
  const kv = preview.parquet?.keyValue ?? [];
  return kv.map(({ key, value }) => ({ text: `  ${key} = ${oneLine(value ?? "")}` }));
}

/** The file's facts, writer, key-value metadata and notes. */
export function metadataLines(location: string, preview: Preview): TextLine[] {
  const lines: TextLine[] = [{ text: `file  ${location}` }, { text: fileFacts(preview) }];
  const parquet = preview.parquet;
  if (parquet) {
    lines.push({ text: `created by  ${parquet.createdBy ?? "(not recorded)"}` });
    lines.push({ text: `format version  ${parquet.formatVersion}` });
    lines.push({ text: "" }, { text: "key-value metadata", bold: true });
    if (parquet.keyValue.length === 0) lines.push({ text: "  (none)", tone: "dim" });
    lines.push(...keyValueLines(preview));
  } else if (preview.totalRows === undefined) {
    lines.push({ text: "rows unknown until read to the end", tone: "dim" });
  }
  if (preview.notes.length > 0) {
    lines.push({ text: "" }, { text: "notes", bold: true });
    for (const note of preview.notes) lines.push({ text: `  ${note}`, tone: "warn" });
  }
  return lines;
}

const NUMERIC = /^(u?int|integer|double|float|decimal)/;

/** A page of rows: a row-number column (`#`, from 1), then one column per field; nulls as NULL. */
export function pageTable(page: GridPage): Table {
  const columns: Column[] = [
    { title: "#", align: "right" },
    ...page.columns.map((c): Column => ({ title: c.name, align: NUMERIC.test(c.type) ? "right" : "left" })),
  ];
  const rows = page.rows.map((r): Cell[] => [
    { text: humanCount(r.index + 1), tone: "dim" },
    ...r.cells.map((c): Cell => (c === null ? { text: NULL_TEXT, tone: "dim" } : { text: c })),
  ]);
  return { columns, rows };
}

/** The page for a grid that scrolls sideways: each column as wide as its content (at most MAX_CELL). */
export function pageGrid(page: GridPage): {
  columns: (Column & { width: number })[];
  rows: { key: string; cells: Cell[] }[];
} {
  const table = pageTable(page);
  return {
    columns: table.columns.map((c, i) => ({ ...c, width: naturalWidth(c, table.rows, i) })),
    rows: table.rows.map((cells, i) => ({ key: String(page.rows[i]?.index ?? i), cells })),
  };
}

/**
 * A page as text lines at most `width` wide (what `medallion preview` prints): titles, a rule, the rows;
 * wide columns shrink first, columns that still do not fit are left out and named in a last line.
 */
export function pageLines(page: GridPage, width: number): string[] {
  const table = pageTable(page);
  const { lines, hidden } = tableLines(table, width, { frozen: 1 });
  const layout = layoutTable(table, width, { frozen: 1 });
  const rule = layout.shown.map((i) => "─".repeat(layout.widths[i] ?? 0)).join("  ");
  const out = [lines[0] ?? "", rule, ...lines.slice(1)];
  if (hidden.length > 0) {
    out.push(
      `… ${plural(hidden.length, "more column")} (${hidden.map((c) => c.title).join(", ")}): widen the terminal or pick them with --columns`,
    );
  }
  return out.map((l) => cutEnd(l, width));
}

/** `rows 1–20 of 12,345 · row group 1/4`, `rows 1–16 (more follow)`: where this page is in the file. */
export function pagePosition(preview: Preview, page: GridPage): string {
  const from = page.offset + 1;
  const to = page.offset + page.rows.length;
  const total = preview.totalRows;
  if (page.rows.length === 0) {
    return total !== undefined && total > 0
      ? `no rows after row ${humanCount(page.offset)} (the file has ${humanCount(total)})`
      : "no rows";
  }
  const of =
    total !== undefined
      ? ` of ${humanCount(total)}`
      : page.hasMore
        ? " (more follow)"
        : ` of ${humanCount(to)}`;
  const groups = preview.parquet?.rowGroups ?? [];
  const group = groups.findIndex((g) => page.offset >= g.firstRow && page.offset < g.firstRow + g.rows);
  const where = group >= 0 ? ` · row group ${group + 1}/${groups.length}` : "";
  return `rows ${humanCount(from)}–${humanCount(to)}${of}${where}`;
}

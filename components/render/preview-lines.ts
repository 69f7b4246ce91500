// Pure text for the preview panes: the schema tree, row groups with column-chunk stats, metadata,
// and the rows grid's columns. Tested without a terminal.
import { humanBytes, humanCount } from "../../src/lake/human.js";
import type { SchemaField } from "../../src/parquet/index.js";
import type { GridPage, Preview } from "../../src/preview/grid.js";
import { oneLine, textWidth } from "../../src/render/text.js";
import type { Theme } from "../theme.js";
import type { GridColumn, GridRow } from "../widgets/grid.js";

export interface PaneLine {
  text: string;
  bold?: boolean;
  tone?: "muted" | "warn";
}

/** `├ address  struct` / `│ └ city  string?`: nested types as a tree; `?` marks a nullable field. */
export function schemaLines(fields: SchemaField[], indent = ""): PaneLine[] {
  const lines: PaneLine[] = [];
  fields.forEach((field, i) => {
    const last = i === fields.length - 1;
    const type = `${field.type}${field.nullable ? "?" : ""}`;
    const physical = field.physicalType ? `  (${field.physicalType})` : "";
    lines.push({ text: `${indent}${last ? "└" : "├"} ${field.name}  ${type}${physical}` });
    if (field.note) lines.push({ text: `${indent}${last ? " " : "│"}   note: ${field.note}`, tone: "warn" });
    lines.push(...schemaLines(field.children, `${indent}${last ? "  " : "│ "}`));
  });
  return lines;
}

/** One block per row group: its rows and bytes, then one line per column chunk. */
export function rowGroupLines(preview: Preview): PaneLine[] {
  const groups = preview.parquet?.rowGroups;
  if (!groups)
    return [
      {
        text: `${preview.format}: row groups and column statistics exist only in Parquet files`,
        tone: "muted",
      },
    ];
  if (groups.length === 0) return [{ text: "no row groups: the file holds no rows", tone: "muted" }];
  const lines: PaneLine[] = [];
  for (const group of groups) {
    lines.push({
      text: `row group ${group.index + 1}/${groups.length} · ${humanCount(group.rows)} rows from row ${humanCount(group.firstRow + 1)} · ${humanBytes(group.compressedBytes)} stored, ${humanBytes(group.uncompressedBytes)} uncompressed`,
      bold: true,
    });
    lines.push({ text: "  column  codec  encodings  stored/uncompressed  nulls  min … max", tone: "muted" });
    for (const c of group.columns) {
      const nulls = c.nullCount === undefined ? "nulls ?" : `nulls ${humanCount(c.nullCount)}`;
      const range =
        c.min === undefined && c.max === undefined
          ? "no min/max"
          : `${oneLine(c.min ?? "?")} … ${oneLine(c.max ?? "?")}`;
      lines.push({
        text: `  ${c.column}  ${c.codec}  ${c.encodings.join(",")}  ${humanBytes(c.compressedBytes)}/${humanBytes(c.uncompressedBytes)}  ${nulls}  ${range}`,
      });
    }
  }
  return lines;
}

export function metadataLines(path: string, preview: Preview): PaneLine[] {
  const lines: PaneLine[] = [
    { text: `file  ${path}` },
    {
      text: `format  ${preview.format}${preview.compression ? ` (${preview.compression})` : ""} · ${humanBytes(preview.size)}`,
    },
    {
      text: `rows  ${preview.totalRows === undefined ? "unknown until read to the end" : humanCount(preview.totalRows)}`,
    },
  ];
  const parquet = preview.parquet;
  if (parquet) {
    lines.push({ text: `created by  ${parquet.createdBy ?? "(not recorded)"}` });
    lines.push({ text: `format version  ${parquet.formatVersion} · ${parquet.rowGroups.length} row groups` });
    lines.push({ text: "" }, { text: "key-value metadata", bold: true });
    if (parquet.keyValue.length === 0) lines.push({ text: "  (none)", tone: "muted" });
    for (const kv of parquet.keyValue) lines.push({ text: `  ${kv.key} = ${oneLine(kv.value ?? "")}` });
  }
  if (preview.notes.length > 0) {
    lines.push({ text: "" }, { text: "notes", bold: true });
    for (const note of preview.notes) lines.push({ text: `  ${note}`, tone: "warn" });
  }
  return lines;
}

const MAX_CELL = 32;

/** The rows grid: a frozen row-number column, then one column per field, as wide as its content (capped). */
export function rowGrid(page: GridPage, theme: Theme): { columns: GridColumn[]; rows: GridRow[] } {
  const last = page.offset + page.rows.length;
  const numberWidth = Math.max(1, String(last).length);
  const columns: GridColumn[] = [
    { title: "#", width: numberWidth, align: "right" },
    ...page.columns.map((c, i) => {
      const widest = page.rows.reduce((w, r) => Math.max(w, textWidth(r.cells[i] ?? "∅")), 0);
      return { title: c.name, width: Math.min(MAX_CELL, Math.max(textWidth(c.name), widest, 2)) };
    }),
  ];
  const rows: GridRow[] = page.rows.map((r) => ({
    key: String(r.index),
    cells: [
      String(r.index + 1),
      ...r.cells.map((c) => (c === null ? { text: "∅", tone: "dim" as const } : c)),
    ],
  }));
  return { columns, rows };
}

/** `rows 1–20 of 12,345 · row group 1/4`: where this page is in the file. */
export function pagePosition(preview: Preview, page: GridPage): string {
  const from = page.offset + 1;
  const to = page.offset + page.rows.length;
  const total =
    preview.totalRows === undefined
      ? page.hasMore
        ? "more"
        : humanCount(to)
      : humanCount(preview.totalRows);
  const groups = preview.parquet?.rowGroups ?? [];
  const group = groups.findIndex((g) => page.offset >= g.firstRow && page.offset < g.firstRow + g.rows);
  const where = group >= 0 ? ` · row group ${group + 1}/${groups.length}` : "";
  return page.rows.length === 0
    ? `no rows from ${humanCount(from)} (${total})${where}`
    : `rows ${humanCount(from)}–${humanCount(to)} of ${total}${where}`;
}

import type { FileMetaData, SchemaElement, Statistics } from "hyparquet";
import { displayValue, valueFormat } from "./values.js";

/** One column chunk of a row group: how it is stored and what its statistics say. */
export interface ColumnChunkInfo {
  /** Dotted path of the leaf column (`address.city`). */
  column: string;
  codec: string;
  encodings: string[];
  compressedBytes: number;
  uncompressedBytes: number;
  values: number;
  nullCount?: number;
  distinctCount?: number;
  /** Statistics decoded to readable text (timestamps, dates, decimals), when the writer recorded them. */
  min?: string;
  max?: string;
}

export interface RowGroupInfo {
  index: number;
  /** Index of its first row in the file. */
  firstRow: number;
  rows: number;
  compressedBytes: number;
  uncompressedBytes: number;
  columns: ColumnChunkInfo[];
}

function statText(value: unknown, element: SchemaElement | undefined): string | undefined {
  if (value === undefined) return undefined;
  const format = element ? valueFormat(element) : {};
  // hyparquet already scales decimal statistics to numbers: exact up to 15 digits, so shown with their
  // scale's digits up to there and not at all beyond (a value is shown as it is or not at all).
  if (format.decimalScale !== undefined && typeof value === "number") {
    const logical = element?.logical_type;
    const precision = element?.precision ?? (logical?.type === "DECIMAL" ? logical.precision : undefined);
    return precision !== undefined && precision <= 15 ? value.toFixed(format.decimalScale) : undefined;
  }
  const { decimalScale: _, ...rest } = format;
  return displayValue(value, rest) ?? undefined;
}

function pick(stats: Statistics, exact: "min_value" | "max_value", legacy: "min" | "max"): unknown {
  return stats[exact] ?? stats[legacy];
}

/** Row groups with their column chunks, from the footer alone. */
export function rowGroupsOf(metadata: FileMetaData): RowGroupInfo[] {
  const leaves = metadata.schema.filter((element) => element.type !== undefined);
  let firstRow = 0;
  return metadata.row_groups.map((group, index) => {
    const columns = group.columns.map((chunk, c): ColumnChunkInfo => {
      const meta = chunk.meta_data;
      const element = leaves[c];
      const info: ColumnChunkInfo = {
        column: meta?.path_in_schema.join(".") ?? element?.name ?? `#${c}`,
        codec: meta?.codec ?? "?",
        encodings: meta?.encodings ?? [],
        compressedBytes: Number(meta?.total_compressed_size ?? 0),
        uncompressedBytes: Number(meta?.total_uncompressed_size ?? 0),
        values: Number(meta?.num_values ?? 0),
      };
      const stats = meta?.statistics;
      if (stats) {
        if (stats.null_count !== undefined) info.nullCount = Number(stats.null_count);
        if (stats.distinct_count !== undefined) info.distinctCount = Number(stats.distinct_count);
        const min = statText(pick(stats, "min_value", "min"), element);
        const max = statText(pick(stats, "max_value", "max"), element);
        if (min !== undefined) info.min = min;
        if (max !== undefined) info.max = max;
      }
      return info;
    });
    const rows = Number(group.num_rows);
    const info: RowGroupInfo = {
      index,
      firstRow,
      rows,
      compressedBytes: columns.reduce((sum, c) => sum + c.compressedBytes, 0),
      uncompressedBytes: Number(group.total_byte_size),
      columns,
    };
    firstRow += rows;
    return info;
  });
}

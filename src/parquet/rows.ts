import {
  type FileMetaData,
  parquetRead,
  parquetSchema,
  type SchemaElement,
  type SchemaTree,
} from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { MedallionError } from "../errors.js";
import type { ObjectByteSource } from "./byte-source.js";
import { corrupt } from "./footer.js";
import { undecodableType } from "./schema.js";
import { displayValue, jsonValue, PARSERS, type ValueFormat, valueFormat } from "./values.js";

export interface RowsRequest {
  /** First row (0-based, across the whole file). */
  offset?: number;
  /** How many rows at most. */
  limit?: number;
  /** Top-level columns, in the order to show them; all when omitted. */
  columns?: string[];
}

/** A page of rows: JSON-safe values and the one-line text of each cell. */
export interface RowPage {
  offset: number;
  columns: string[];
  values: unknown[][];
  cells: (string | null)[][];
  /** What the reader could not decode and showed raw instead. */
  notes: string[];
}

const FLAT_DECIMAL_TYPES = new Set(["INT32", "INT64", "FIXED_LEN_BYTE_ARRAY"]);

/**
 * Flat columns hyparquet would turn into one object per value across the whole page: read them raw
 * (unscaled decimals, epoch integers, day numbers) and format only the rows shown, exactly.
 */
function readRaw(element: SchemaElement): boolean {
  const format = valueFormat(element);
  return (
    (format.decimalScale !== undefined && FLAT_DECIMAL_TYPES.has(element.type ?? "")) ||
    format.timestampUnit !== undefined ||
    format.date === true
  );
}

function strip(element: SchemaElement): SchemaElement {
  const { converted_type: _c, logical_type: _l, ...rest } = element;
  return rest;
}

function leavesOf(node: SchemaTree): SchemaElement[] {
  return node.children.length === 0 ? [node.element] : node.children.flatMap(leavesOf);
}

/** How each top-level column is read: flat decimals unscaled (exact), undecodable types raw. */
export class ReadPlan {
  readonly raw = new Map<string, string>();
  private readonly tops: Map<string, SchemaTree>;

  constructor(readonly metadata: FileMetaData) {
    this.tops = new Map(parquetSchema(metadata).children.map((child) => [child.element.name, child]));
    for (const [name, node] of this.tops) {
      const kind = leavesOf(node).map(undecodableType).find(Boolean);
      if (kind) this.raw.set(name, `${kind} cannot be decoded yet: shown as raw bytes`);
    }
  }

  names(): string[] {
    return [...this.tops.keys()];
  }

  /** Metadata whose schema makes hyparquet return what `format` expects. */
  readMetadata(): FileMetaData {
    const rawLeaves = new Set<SchemaElement>();
    const rawRead = new Set<SchemaElement>();
    for (const [name, node] of this.tops) {
      if (this.raw.has(name)) for (const element of collect(node)) rawLeaves.add(element);
      else if (node.children.length === 0 && readRaw(node.element)) rawRead.add(node.element);
    }
    const schema = this.metadata.schema.map((element) =>
      rawLeaves.has(element) || rawRead.has(element) ? strip(element) : element,
    );
    return { ...this.metadata, schema };
  }

  format(name: string): ValueFormat {
    const node = this.tops.get(name);
    if (!node) return {};
    if (this.raw.has(name)) return { raw: true };
    // Values hyparquet decoded itself (nested, or decimals stored as BYTE_ARRAY) need no more than display.
    return node.children.length === 0 && readRaw(node.element) ? valueFormat(node.element) : {};
  }
}

function collect(node: SchemaTree): SchemaElement[] {
  return [node.element, ...node.children.flatMap(collect)];
}

async function readArrays(
  source: ObjectByteSource,
  metadata: FileMetaData,
  columns: string[],
  rowStart: number,
  rowEnd: number,
): Promise<unknown[][]> {
  let rows: unknown[][] = [];
  await parquetRead({
    file: source,
    metadata,
    columns,
    rowStart,
    rowEnd,
    compressors,
    parsers: PARSERS,
    rowFormat: "array",
    onComplete: (result: unknown[][]) => {
      rows = result;
    },
  });
  return rows;
}

/**
 * When a read fails, finds the column and row group that fail. A column that decodes raw is shown raw
 * with a note; one that does not is corrupt, and the error names the row group and column.
 */
async function diagnose(
  source: ObjectByteSource,
  plan: ReadPlan,
  columns: string[],
  rowStart: number,
  rowEnd: number,
): Promise<void> {
  const groups = plan.readMetadata().row_groups;
  for (const column of columns) {
    if (plan.raw.has(column)) continue;
    try {
      await readArrays(source, plan.readMetadata(), [column], rowStart, rowEnd);
    } catch (err) {
      plan.raw.set(column, `shown as raw bytes: ${(err as Error).message}`);
      try {
        await readArrays(source, plan.readMetadata(), [column], rowStart, rowEnd);
        continue;
      } catch {
        plan.raw.delete(column);
      }
      let first = 0;
      for (let g = 0; g < groups.length; g++) {
        const rows = Number(groups[g]?.num_rows ?? 0);
        const start = Math.max(rowStart, first);
        const end = Math.min(rowEnd, first + rows);
        first += rows;
        if (start >= end) continue;
        try {
          await readArrays(source, plan.readMetadata(), [column], start, end);
        } catch (groupErr) {
          throw corrupt(
            source.key,
            `row group ${g}, column ${column}`,
            (groupErr as Error).message,
            groupErr,
          );
        }
      }
      throw corrupt(source.key, `column ${column}`, (err as Error).message, err);
    }
  }
}

/** Reads rows `[offset, offset + limit)` of the chosen columns: only the chunks of the row groups that hold them. */
export async function readRows(
  source: ObjectByteSource,
  plan: ReadPlan,
  request: RowsRequest = {},
): Promise<RowPage> {
  const metadata = plan.metadata;
  const names = plan.names();
  const columns = request.columns ?? names;
  const unknown = columns.find((c) => !names.includes(c));
  if (unknown !== undefined) {
    throw new MedallionError(
      "usage",
      `no column "${unknown}" in ${source.key} (columns: ${names.join(", ")})`,
    );
  }
  const total = Number(metadata.num_rows);
  const offset = Math.max(0, Math.min(request.offset ?? 0, total));
  const end = Math.min(total, offset + Math.max(0, request.limit ?? 50));
  let arrays: unknown[][] = [];
  if (end > offset && columns.length > 0) {
    try {
      arrays = await readArrays(source, plan.readMetadata(), columns, offset, end);
    } catch (err) {
      if (err instanceof MedallionError) throw err;
      await diagnose(source, plan, columns, offset, end);
      arrays = await readArrays(source, plan.readMetadata(), columns, offset, end);
    }
  }
  const formats = columns.map((c) => plan.format(c));
  return {
    offset,
    columns,
    values: arrays.map((row) => row.map((v, i) => jsonValue(v, formats[i]))),
    cells: arrays.map((row) => row.map((v, i) => displayValue(v, formats[i]))),
    notes: columns.filter((c) => plan.raw.has(c)).map((c) => `${c}: ${plan.raw.get(c)}`),
  };
}

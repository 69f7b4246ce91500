import {
  type ColumnMetaData,
  type FileMetaData,
  parquetRead,
  parquetSchema,
  type SchemaElement,
  type SchemaTree,
} from "hyparquet";
import { MedallionError } from "../errors.js";
import type { ObjectByteSource } from "./byte-source.js";
import { readFlatRows } from "./flat-page.js";
import { corrupt, ENCRYPTED_TEXT, encryptedNote, isEncryptedChunk } from "./footer.js";
import type { LazyFooter } from "./lazy-footer.js";
import { DEFAULT_LIMITS, ReadBudget, type ReadLimits } from "./limits.js";
import { readableMetadata, typedValue } from "./nested.js";
import { undecodableNote } from "./schema.js";
import { displayValue, jsonValue, PARSERS } from "./values.js";

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

const FIXED_WIDTH: Record<string, number> = { INT32: 4, INT64: 8, FLOAT: 4, DOUBLE: 8, INT96: 12 };

function leavesOf(node: SchemaTree): SchemaElement[] {
  return node.children.length === 0 ? [node.element] : node.children.flatMap(leavesOf);
}

/** How each top-level column is read: see `readableMetadata`; undecodable types raw, with a note. */
export class ReadPlan {
  readonly raw = new Map<string, string>();
  private readonly tops: Map<string, SchemaTree>;
  /** The file metadata with the row groups decoded so far (see `cover`). */
  metadata: FileMetaData;
  private readable?: { from: FileMetaData; raw: string; metadata: FileMetaData };

  /** `partialPages: false` decodes every page whole with hyparquet (the reference the fast path is tested against). */
  constructor(
    readonly footer: LazyFooter,
    readonly partialPages = true,
  ) {
    this.metadata = footer.head;
    this.tops = new Map(parquetSchema(footer.head).children.map((child) => [child.element.name, child]));
    for (const [name, node] of this.tops) {
      const note = leavesOf(node).map(undecodableNote).find(Boolean);
      if (note) this.raw.set(name, note);
    }
  }

  /** Decodes the row groups up to the one holding row `end - 1`, so `metadata` can read rows before `end`. */
  cover(end: number): void {
    const count = this.footer.groupsCovering(end);
    if (count > this.metadata.row_groups.length) this.metadata = this.footer.metadata(count);
  }

  names(): string[] {
    return [...this.tops.keys()];
  }

  /** Metadata whose schema makes hyparquet return values `typed` can type without loss. */
  readMetadata(): FileMetaData {
    const raw = [...this.raw.keys()].join("\u0000");
    if (this.readable?.from !== this.metadata || this.readable.raw !== raw) {
      const metadata = readableMetadata(this.metadata, this.tops.values(), (name) => this.raw.has(name));
      this.readable = { from: this.metadata, raw, metadata };
    }
    return this.readable.metadata;
  }

  /** The element a flat (top-level, non-nested) column is read with, in `readMetadata()`'s schema. */
  flatElement(name: string, readMetadata: FileMetaData): SchemaElement | undefined {
    const node = this.tops.get(name);
    if (!this.partialPages || !node || node.children.length > 0 || this.raw.has(name)) return undefined;
    return readMetadata.schema[this.metadata.schema.indexOf(node.element)];
  }

  /** Rows in the file, counted from its row groups (a footer may say otherwise; see `ParquetFile.notes`). */
  get totalRows(): number {
    this.groupRowsTotal ??= this.footer.groupRows.reduce((sum, rows) => sum + rows, 0);
    return this.groupRowsTotal;
  }
  private groupRowsTotal?: number;

  /** How a top-level REQUIRED flat column's pages are checked for nulls; undefined for any other column. */
  required(name: string): { width?: number } | undefined {
    const node = this.tops.get(name);
    if (!node || node.children.length > 0 || node.element.repetition_type !== "REQUIRED") return undefined;
    const type = node.element.type ?? "";
    return { width: type === "FIXED_LEN_BYTE_ARRAY" ? node.element.type_length : FIXED_WIDTH[type] };
  }

  /** A value of top-level column `name` as read with `readMetadata()`, typed as Medallion shows it. */
  typed(name: string, value: unknown): unknown {
    const node = this.tops.get(name);
    return node ? typedValue(node, value, this.raw.has(name)) : value;
  }
}

async function readArrays(
  source: ObjectByteSource,
  metadata: FileMetaData,
  columns: string[],
  rowStart: number,
  rowEnd: number,
  budget: ReadBudget,
): Promise<unknown[][]> {
  let rows: unknown[][] = [];
  await parquetRead({
    file: source,
    metadata,
    columns,
    rowStart,
    rowEnd,
    compressors: budget.compressors,
    parsers: PARSERS,
    rowFormat: "array",
    onComplete: (result: unknown[][]) => {
      rows = result;
    },
  });
  return rows;
}

/**
 * Byte ranges of the column chunks that hold rows `[rowStart, rowEnd)` of `columns`, merged across small
 * gaps. Chunks `prefixOnly` says yes to are fetched only as far as those rows likely reach.
 */
export function chunkRanges(
  metadata: FileMetaData,
  columns: string[],
  rowStart: number,
  rowEnd: number,
  prefixOnly: (column: string, meta: ColumnMetaData) => boolean = () => false,
  /** Chunks already held (an earlier page's): left out, so a page reads only what it lacks. */
  holds: (start: number, end: number) => boolean = () => false,
): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  let first = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    const last = first + rows;
    if (last > rowStart && first < rowEnd) {
      for (const chunk of group.columns) {
        const meta = chunk.meta_data;
        const column = meta?.path_in_schema[0] ?? "";
        if (!meta || !columns.includes(column)) continue;
        const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
        const total = Number(meta.total_compressed_size);
        const reach = prefixOnly(column, meta)
          ? likelyReach(meta, Math.min(last, rowEnd) - first, rows)
          : total;
        const end = start + Math.min(total, reach);
        if (!holds(start, end)) ranges.push({ start, end });
      }
    }
    first = last;
  }
  ranges.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of ranges) {
    const previous = merged[merged.length - 1];
    if (previous && range.start - previous.end <= MERGE_GAP) previous.end = Math.max(previous.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/**
 * How far into a chunk its first `rows` rows likely reach: its dictionary page, then twice their share
 * of the data pages, plus room for page headers. A guess: a short one costs one more read.
 */
function likelyReach(meta: ColumnMetaData, rows: number, groupRows: number): number {
  const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
  const dictionary = Number(meta.data_page_offset) - start;
  const data = Number(meta.total_compressed_size) - dictionary;
  return dictionary + Math.ceil((data * rows * 2) / Math.max(1, groupRows)) + 16 * 1024;
}

/** Encodings the partial page reader decodes (levels, PLAIN values, dictionary indexes). */
const PARTIAL_ENCODINGS = new Set(["PLAIN", "PLAIN_DICTIONARY", "RLE_DICTIONARY", "RLE", "BIT_PACKED"]);

/** Chunks closer than this are fetched in one request, gap included: a round trip costs more. */
const MERGE_GAP = 64 * 1024;

/** Rows of a flat column read page by page only as far as needed; undefined to leave it to hyparquet. */
async function readFlatColumn(
  source: ObjectByteSource,
  plan: ReadPlan,
  column: string,
  rowStart: number,
  rowEnd: number,
  budget: ReadBudget,
): Promise<unknown[] | undefined> {
  const metadata = plan.readMetadata();
  const element = plan.flatElement(column, metadata);
  if (!element) return undefined;
  const values: unknown[] = [];
  let first = 0;
  for (const group of metadata.row_groups) {
    const last = first + Number(group.num_rows);
    if (last > rowStart && first < rowEnd) {
      const chunk = group.columns.find(
        (c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === column,
      );
      const meta = chunk?.meta_data;
      if (!meta) return undefined;
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      const from = Math.max(0, rowStart - first);
      const to = Math.min(last, rowEnd) - first;
      const decode = (bytes: Uint8Array) => {
        try {
          return readFlatRows(bytes, meta, element, from, to, budget);
        } catch (err) {
          if (err instanceof MedallionError) throw err; // a limit
          return undefined; // hyparquet reads it again, and says what is wrong if it is damaged
        }
      };
      // The start of the chunk fetched with the others may hold the rows; if not, the whole chunk.
      const held = source.held(start, end);
      let rows = held && held.byteLength < end - start ? decode(held) : undefined;
      rows ??= decode(await source.read(start, end));
      if (!rows) return undefined;
      values.push(...rows);
    }
    first = last;
  }
  return values;
}

/** Inflates, off the event loop, the held chunks of `column` in the row groups of rows `[rowStart, rowEnd)`. */
async function inflateAhead(
  source: ObjectByteSource,
  metadata: FileMetaData,
  column: string,
  rowStart: number,
  rowEnd: number,
  budget: ReadBudget,
  required: { width?: number } | undefined,
  snappyPrefixes: boolean,
): Promise<void> {
  let first = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    const last = first + Number(group.num_rows);
    if (last > rowStart && first < rowEnd) {
      const check = required && {
        ...required,
        corrupt: (why: string) =>
          corrupt(
            source.key,
            `row group ${g + 1}, column ${column}`,
            `REQUIRED but holds nulls (${why}): the file is corrupt`,
          ),
      };
      for (const chunk of group.columns) {
        const meta = chunk.meta_data;
        if (!meta || meta.path_in_schema[0] !== column) continue;
        const nulls = Number(meta.statistics?.null_count ?? 0);
        if (check && nulls > 0) throw check.corrupt(`its statistics count ${nulls}`);
        const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
        const held = source.held(start, start + Number(meta.total_compressed_size));
        if (held)
          await budget.inflateAhead(held, meta, Math.min(last, rowEnd) - first, check, snappyPrefixes);
      }
    }
    first = last;
  }
}

/**
 * Reads one column; when it fails, tells a type that decodes raw (shown raw with a note) from damaged
 * data (corrupt, naming the row group and column).
 */
async function readColumn(
  source: ObjectByteSource,
  plan: ReadPlan,
  column: string,
  rowStart: number,
  rowEnd: number,
  budget: ReadBudget,
): Promise<unknown[][]> {
  const read = (start: number, end: number) =>
    readArrays(source, plan.readMetadata(), [column], start, end, budget);
  try {
    return await read(rowStart, rowEnd);
  } catch (err) {
    if (err instanceof MedallionError) throw err; // a limit
    if (plan.raw.has(column)) throw corrupt(source.key, `column ${column}`, (err as Error).message, err);
    plan.raw.set(column, `physical values shown: ${(err as Error).message}`);
    try {
      return await read(rowStart, rowEnd);
    } catch {
      plan.raw.delete(column);
    }
    const groups = plan.metadata.row_groups;
    let first = 0;
    for (let g = 0; g < groups.length; g++) {
      const rows = Number(groups[g]?.num_rows ?? 0);
      const start = Math.max(rowStart, first);
      const end = Math.min(rowEnd, first + rows);
      first += rows;
      if (start >= end) continue;
      try {
        await read(start, end);
      } catch (groupErr) {
        throw corrupt(
          source.key,
          `row group ${g + 1}, column ${column}`,
          (groupErr as Error).message,
          groupErr,
        );
      }
    }
    throw corrupt(source.key, `column ${column}`, (err as Error).message, err);
  }
}

/**
 * Reads rows `[offset, offset + limit)` of the chosen columns. The column chunks of the row groups that
 * hold them are fetched first, all at once (parallel requests, near chunks merged); then columns are
 * decoded one at a time, so only one column's page (often all rows of its row group) is in memory.
 */
export async function readRows(
  source: ObjectByteSource,
  plan: ReadPlan,
  request: RowsRequest = {},
  limits: ReadLimits = DEFAULT_LIMITS,
): Promise<RowPage> {
  const budget = new ReadBudget(source.key, limits);
  const names = plan.names();
  const columns = request.columns ?? names;
  const unknown = columns.find((c) => !names.includes(c));
  if (unknown !== undefined) {
    throw new MedallionError(
      "usage",
      `no column "${unknown}" in ${source.key} (columns: ${names.join(", ")})`,
    );
  }
  const total = plan.totalRows;
  let encrypted = new Set<string>();
  const offset = Math.max(0, Math.min(request.offset ?? 0, total));
  const end = Math.min(total, offset + Math.max(0, request.limit ?? 50));
  const count = Math.max(0, end - offset);
  const values: unknown[][] = Array.from({ length: count }, () => new Array(columns.length).fill(null));
  const cells: (string | null)[][] = Array.from({ length: count }, () =>
    new Array(columns.length).fill(null),
  );
  if (count > 0 && columns.length > 0) {
    plan.cover(end);
    encrypted = encryptedColumns(plan.metadata);
    // A local file costs nothing per read: fetch only the start of the chunks the partial reader decodes.
    const prefixOnly =
      source.store.kind === "local" && plan.partialPages
        ? (column: string, meta: ColumnMetaData) =>
            plan.flatElement(column, plan.metadata) !== undefined &&
            meta.type !== "BOOLEAN" &&
            (meta.codec === "SNAPPY" || meta.codec === "UNCOMPRESSED") &&
            meta.encodings.every((e) => PARTIAL_ENCODINGS.has(e))
        : undefined;
    await source.prefetch(
      chunkRanges(
        plan.metadata,
        columns.filter((c) => !encrypted.has(c)),
        offset,
        end,
        prefixOnly,
        (from, to) => source.holds(from, to),
      ),
    );
    for (const [i, column] of columns.entries()) {
      if (encrypted.has(column)) {
        for (const row of cells) row[i] = ENCRYPTED_TEXT;
        continue;
      }
      budget.column = column;
      // The flat reader decodes a snappy page's prefix only: inflating it whole ahead would be waste.
      const snappyPrefixes = plan.flatElement(column, plan.readMetadata()) !== undefined;
      await inflateAhead(
        source,
        plan.metadata,
        column,
        offset,
        end,
        budget,
        plan.required(column),
        snappyPrefixes,
      );
      const flat = await readFlatColumn(source, plan, column, offset, end, budget);
      const read = flat ?? (await readColumn(source, plan, column, offset, end, budget)).map((row) => row[0]);
      read.forEach((value, r) => {
        if (r >= count) return;
        const typed = plan.typed(column, value);
        budget.checkValue(typed);
        (values[r] as unknown[])[i] = jsonValue(typed);
        (cells[r] as (string | null)[])[i] = displayValue(typed);
      });
    }
  }
  return {
    offset,
    columns,
    values,
    cells,
    notes: [
      ...columns.filter((c) => encrypted.has(c)).map(encryptedNote),
      ...columns.filter((c) => plan.raw.has(c)).map((c) => `${c}: ${plan.raw.get(c)}`),
    ],
  };
}

/** Top-level columns with an encrypted chunk in any row group: shown as encrypted, never read. */
function encryptedColumns(metadata: FileMetaData): Set<string> {
  const tops: string[] = [];
  let at = 1;
  const walk = (top: string): void => {
    const element = metadata.schema[at++];
    if (element?.num_children) for (let k = 0; k < element.num_children; k++) walk(top);
    else tops.push(top);
  };
  while (at < metadata.schema.length) walk(metadata.schema[at]?.name ?? "?");
  const out = new Set<string>();
  for (const group of metadata.row_groups) {
    group.columns.forEach((chunk, c) => {
      if (isEncryptedChunk(chunk)) out.add(chunk.meta_data?.path_in_schema[0] ?? tops[c] ?? `#${c}`);
    });
  }
  return out;
}

// A footer decoded only as far as it is used. Decoding all of a footer's row groups (every column
// chunk's offsets, encodings and statistics) costs far more than the 50 rows a preview shows: ~4 ms for
// DuckDB's 33 row groups of 20 columns. On open, the thrift is walked without decoding to find where each
// row group lies and how many rows it holds; a row group is decoded (by hyparquet, from a footer spliced
// to hold just it) when rows in it are read or its stats are shown.
import { type FileMetaData, parquetMetadata, type RowGroup } from "hyparquet";
import { PARSERS } from "./values.js";

// Thrift compact protocol types.
const TRUE = 1;
const FALSE = 2;
const BYTE = 3;
const I16 = 4;
const I32 = 5;
const I64 = 6;
const DOUBLE = 7;
const BINARY = 8;
const LIST = 9;
const SET = 10;
const MAP = 11;
const STRUCT = 12;

/** FileMetaData field 4: the row groups; RowGroup field 3: its row count. */
const ROW_GROUPS = 4;
const NUM_ROWS = 3;

// The walker works on offsets in plain functions (no objects or closures per field): it runs over every
// field of every column chunk on open, often before the JIT has compiled anything.

function truncated(): never {
  throw new RangeError("thrift: past the end of the footer");
}

/** Offset after the varint at `at`. */
function skipVarint(b: Uint8Array, at: number): number {
  let i = at;
  while (((b[i] ?? truncated()) & 0x80) !== 0) i++;
  return i + 1;
}

/** The varint at `at` as a number (exact to 2^53), and the offset after it. */
function readVarint(b: Uint8Array, at: number): [number, number] {
  let value = 0;
  let scale = 1;
  let i = at;
  for (;;) {
    const byte = b[i++] ?? truncated();
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return [value, i];
    scale *= 128;
  }
}

function zigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

/** Offset after a value of `type` at `at`. */
function skipValue(b: Uint8Array, at: number, type: number): number {
  switch (type) {
    case TRUE:
    case FALSE:
      return at;
    case BYTE:
      return at + 1;
    case I16:
    case I32:
    case I64:
      return skipVarint(b, at);
    case DOUBLE:
      return at + 8;
    case BINARY: {
      const [length, next] = readVarint(b, at);
      return next + length;
    }
    case LIST:
    case SET: {
      const header = b[at] ?? truncated();
      let size = header >> 4;
      let next = at + 1;
      if (size === 15) [size, next] = readVarint(b, next);
      // Booleans in a list take a byte each.
      const element = header & 0x0f;
      if (element === TRUE || element === FALSE || element === BYTE) return next + size;
      for (let i = 0; i < size; i++) next = skipValue(b, next, element);
      return next;
    }
    case MAP: {
      let [size, next] = readVarint(b, at);
      if (size === 0) return next;
      const kinds = b[next++] ?? truncated();
      for (; size > 0; size--) next = skipValue(b, skipValue(b, next, kinds >> 4), kinds & 0x0f);
      return next;
    }
    case STRUCT:
      return skipStruct(b, at);
    default:
      throw new RangeError(`thrift: unknown type ${type}`);
  }
}

/** Offset after the struct at `at` (after its STOP). */
function skipStruct(b: Uint8Array, at: number): number {
  let i = at;
  for (;;) {
    const header = b[i++] ?? truncated();
    const type = header & 0x0f;
    if (type === 0) return i;
    if (header >> 4 === 0) i = skipVarint(b, i); // a long field id
    i = skipValue(b, i, type);
    if (i > b.length) truncated();
  }
}

/** Where the row groups lie in the thrift of a FileMetaData, and how many rows each holds. */
interface RowGroupSpans {
  /** Offset of the list header (after the field header) and of the first byte after the list. */
  listStart: number;
  listEnd: number;
  starts: number[];
  ends: number[];
  rows: number[];
}

/** The row count (field 3) of the RowGroup struct at `at`, and the offset after the struct. */
function rowGroupAt(b: Uint8Array, at: number): [number, number] {
  let rows = -1;
  let id = 0;
  let i = at;
  for (;;) {
    const header = b[i++] ?? truncated();
    const type = header & 0x0f;
    if (type === 0) return [rows, i];
    const delta = header >> 4;
    if (delta) id += delta;
    else {
      const [value, next] = readVarint(b, i);
      id = zigzag(value);
      i = next;
    }
    if (id === NUM_ROWS && type === I64) {
      const [value, next] = readVarint(b, i);
      rows = zigzag(value);
      i = next;
    } else {
      i = skipValue(b, i, type);
    }
  }
}

function findRowGroups(b: Uint8Array): RowGroupSpans | undefined {
  let id = 0;
  let i = 0;
  for (;;) {
    const header = b[i++] ?? truncated();
    const type = header & 0x0f;
    if (type === 0) return undefined;
    const delta = header >> 4;
    if (delta) id += delta;
    else {
      const [value, next] = readVarint(b, i);
      id = zigzag(value);
      i = next;
    }
    if (id !== ROW_GROUPS || type !== LIST) {
      i = skipValue(b, i, type);
      continue;
    }
    const listStart = i;
    const listHeader = b[i++] ?? truncated();
    if ((listHeader & 0x0f) !== STRUCT) throw new RangeError("thrift: row groups are not structs");
    let size = listHeader >> 4;
    if (size === 15) [size, i] = readVarint(b, i);
    const spans: RowGroupSpans = { listStart, listEnd: 0, starts: [], ends: [], rows: [] };
    for (let g = 0; g < size; g++) {
      spans.starts.push(i);
      const [rows, next] = rowGroupAt(b, i);
      spans.rows.push(rows);
      spans.ends.push(next);
      i = next;
    }
    spans.listEnd = i;
    if (i > b.length) truncated();
    return spans;
  }
}

function listHeaderBytes(size: number): number[] {
  if (size < 15) return [(size << 4) | STRUCT];
  const out = [0xf0 | STRUCT];
  let rest = size;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return out;
}

/** The file metadata with its row groups decoded on demand. */
export class LazyFooter {
  /** Everything but the row groups (`row_groups` is empty): schema, rows, key-value metadata, writer. */
  readonly file: FileMetaData;
  /** Rows in each row group. */
  readonly groupRows: number[];
  private readonly decoded: (RowGroup | undefined)[];
  private readonly spans: RowGroupSpans | undefined;

  /**
   * `thrift` is the FileMetaData struct alone (without its length and magic). `check` validates row
   * groups as they are decoded (the index of the first, the groups); `fail` words a decoding error.
   */
  constructor(
    private readonly thrift: Uint8Array,
    private readonly check: (first: number, groups: RowGroup[]) => void = () => undefined,
    private readonly fail: (err: unknown) => Error = (err) => err as Error,
  ) {
    let spans: RowGroupSpans | undefined;
    try {
      spans = findRowGroups(thrift);
    } catch {
      spans = undefined; // not what this walker expects: hyparquet decodes it whole, and says what is wrong
    }
    if (!spans || spans.rows.some((n) => n < 0)) {
      const whole = this.decode(framed([thrift]));
      this.spans = undefined;
      this.file = { ...whole, row_groups: [] };
      this.decoded = whole.row_groups;
      this.groupRows = whole.row_groups.map((g) => Number(g.num_rows));
      check(0, whole.row_groups);
      return;
    }
    this.spans = spans;
    this.file = this.decode(this.splice(0, 0));
    this.groupRows = spans.rows;
    this.decoded = new Array(spans.rows.length);
  }

  get groupCount(): number {
    return this.groupRows.length;
  }

  /** Row groups `[from, to)`, decoded now if they were not yet (each run of missing ones at once). */
  groups(from = 0, to = this.groupCount): RowGroup[] {
    const end = Math.min(to, this.groupCount);
    let at = from;
    while (at < end) {
      if (this.decoded[at]) {
        at++;
        continue;
      }
      let last = at;
      while (last < end && !this.decoded[last]) last++;
      const fresh = this.decode(this.splice(at, last)).row_groups;
      this.check(at, fresh);
      fresh.forEach((group, i) => {
        this.decoded[at + i] = group;
      });
      at = last;
    }
    return this.decoded.slice(from, end) as RowGroup[];
  }

  /** The metadata with row groups `[0, count)`: what hyparquet reads rows in them with. */
  metadata(count = this.groupCount): FileMetaData {
    return { ...this.file, row_groups: this.groups(0, count) };
  }

  private decode(footer: Uint8Array): FileMetaData {
    try {
      return parquetMetadata(footer, { parsers: PARSERS });
    } catch (err) {
      throw this.fail(err);
    }
  }

  /** A FileMetaData thrift holding only row groups `[from, to)`, framed as a footer for hyparquet. */
  private splice(from: number, to: number): Uint8Array {
    const spans = this.spans as RowGroupSpans;
    const t = this.thrift;
    const groups = to > from ? t.subarray(spans.starts[from], spans.ends[to - 1]) : new Uint8Array(0);
    return framed([
      t.subarray(0, spans.listStart),
      new Uint8Array(listHeaderBytes(to - from)),
      groups,
      t.subarray(spans.listEnd),
    ]);
  }
}

/** Parts of a FileMetaData thrift, joined and followed by their length and `PAR1`, as a file ends. */
function framed(parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(length + 8);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  const view = new DataView(out.buffer);
  view.setUint32(length, length, true);
  view.setUint32(length + 4, 0x31524150, true); // "PAR1"
  return out;
}

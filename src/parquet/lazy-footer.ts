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

interface Cursor {
  bytes: Uint8Array;
  at: number;
}

function byte(cursor: Cursor): number {
  if (cursor.at >= cursor.bytes.length) throw new RangeError("thrift: past the end of the footer");
  return cursor.bytes[cursor.at++] as number;
}

function varint(cursor: Cursor): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const b = byte(cursor);
    value += (b & 0x7f) * scale;
    if (b < 0x80) return value;
    scale *= 128;
    if (scale > 2 ** 63) throw new RangeError("thrift: varint too long");
  }
}

function zigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

function listHeader(cursor: Cursor): { type: number; size: number } {
  const b = byte(cursor);
  const size = b >> 4;
  return { type: b & 0x0f, size: size === 15 ? varint(cursor) : size };
}

function skip(cursor: Cursor, type: number): void {
  switch (type) {
    case TRUE:
    case FALSE:
      return;
    case BYTE:
      cursor.at += 1;
      return;
    case I16:
    case I32:
    case I64:
      varint(cursor);
      return;
    case DOUBLE:
      cursor.at += 8;
      return;
    case BINARY: {
      const length = varint(cursor); // read before moving: `at += varint()` would add to the old offset
      cursor.at += length;
      return;
    }
    case LIST:
    case SET: {
      const { type: element, size } = listHeader(cursor);
      // Booleans in a list take a byte each.
      for (let i = 0; i < size; i++) skip(cursor, element === TRUE || element === FALSE ? BYTE : element);
      return;
    }
    case MAP: {
      const size = varint(cursor);
      if (size === 0) return;
      const kinds = byte(cursor);
      for (let i = 0; i < size; i++) {
        skip(cursor, kinds >> 4);
        skip(cursor, kinds & 0x0f);
      }
      return;
    }
    case STRUCT:
      eachField(cursor, (_id, fieldType) => skip(cursor, fieldType));
      return;
    default:
      throw new RangeError(`thrift: unknown type ${type}`);
  }
}

/** Calls `field` at each field of the struct at the cursor (which must read or skip it), up to its STOP. */
function eachField(cursor: Cursor, field: (id: number, type: number) => void): void {
  let id = 0;
  for (;;) {
    const header = byte(cursor);
    const type = header & 0x0f;
    if (type === 0) return;
    const delta = header >> 4;
    id = delta ? id + delta : zigzag(varint(cursor));
    field(id, type);
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

function findRowGroups(thrift: Uint8Array): RowGroupSpans | undefined {
  const cursor: Cursor = { bytes: thrift, at: 0 };
  let spans: RowGroupSpans | undefined;
  eachField(cursor, (id, type) => {
    if (id !== ROW_GROUPS || type !== LIST) return skip(cursor, type);
    const listStart = cursor.at;
    const { type: element, size } = listHeader(cursor);
    if (element !== STRUCT) throw new RangeError("thrift: row groups are not structs");
    const found: RowGroupSpans = { listStart, listEnd: 0, starts: [], ends: [], rows: [] };
    for (let g = 0; g < size; g++) {
      found.starts.push(cursor.at);
      let rows = -1;
      eachField(cursor, (field, fieldType) => {
        if (field === NUM_ROWS && fieldType === I64) rows = zigzag(varint(cursor));
        else skip(cursor, fieldType);
      });
      found.ends.push(cursor.at);
      found.rows.push(rows);
    }
    found.listEnd = cursor.at;
    spans = found;
  });
  return spans;
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

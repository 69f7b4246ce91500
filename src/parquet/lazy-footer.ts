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

/** A KeyValue's first field as thrift writes it when the key is "geo": field 1, BINARY, 3 bytes. */
const GEO_KEY = Buffer.from([0x18, 0x03, 0x67, 0x65, 0x6f]);

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

/** Where the row-group list of a FileMetaData thrift starts, its length, and where its first element is. */
function findRowGroupList(b: Uint8Array): { listStart: number; size: number; first: number } | undefined {
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
    return { listStart, size, first: i };
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

/**
 * The file metadata with its row groups found and decoded on demand. Opening decodes the fields before
 * the row groups (version, schema, row count); reading rows walks the row groups only as far as those
 * rows, and decodes only theirs; the key-value metadata and the writer, which follow every row group,
 * are decoded when asked for.
 */
export class LazyFooter {
  /** Version, schema and row count (no row groups; key-value metadata and writer may be missing). */
  readonly head: FileMetaData;
  /** Row groups in the file. */
  readonly groupCount: number;
  private readonly decoded: (RowGroup | undefined)[];
  /** Where the walk over the row-group list is: each walked group's span and rows. */
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly rows: number[] = [];
  private list: { listStart: number; size: number; first: number } | undefined;
  private whole: FileMetaData | undefined;

  /**
   * `thrift` is the FileMetaData struct alone (without its length and magic). `check` validates row
   * groups as they are decoded (the index of the first, the groups); `fail` words a decoding error.
   */
  constructor(
    private readonly thrift: Uint8Array,
    private readonly check: (first: number, groups: RowGroup[]) => void = () => undefined,
    private readonly fail: (err: unknown) => Error = (err) => err as Error,
  ) {
    try {
      this.list = findRowGroupList(thrift);
    } catch {
      this.list = undefined; // not what this walker expects: hyparquet decodes it whole, and says what is wrong
    }
    if (!this.list) {
      const whole = this.decodeWhole();
      this.head = { ...whole, row_groups: [] };
      this.groupCount = whole.row_groups.length;
      this.decoded = whole.row_groups;
      return;
    }
    this.groupCount = this.list.size;
    this.decoded = new Array(this.list.size);
    // GeoParquet's "geo" key-value entry (after the row groups) gives columns their geometry type: when
    // it may be there, decode with it. Its bytes (a KeyValue's first field, "geo") rule it out when absent.
    this.head = Buffer.from(thrift.buffer, thrift.byteOffset, thrift.byteLength).includes(GEO_KEY)
      ? this.file
      : this.decode(this.splice(0, 0));
  }

  /** Everything but the row groups (`row_groups` is empty), key-value metadata and writer included. */
  get file(): FileMetaData {
    if (!this.whole) {
      if (this.list) {
        this.walk(this.groupCount);
        const end = this.ends[this.groupCount - 1] ?? this.list.first;
        this.whole = this.decode(
          framed([
            this.thrift.subarray(0, this.list.listStart),
            new Uint8Array(listHeaderBytes(0)),
            this.thrift.subarray(end),
          ]),
        );
      } else {
        this.whole = this.head;
      }
    }
    return this.whole;
  }

  /** Rows in each row group (walks them all). */
  get groupRows(): number[] {
    if (!this.list) return this.decoded.map((g) => Number(g?.num_rows ?? 0));
    this.walk(this.groupCount);
    return [...this.rows];
  }

  /** How many leading row groups hold rows `[0, end)`: the row groups walked only that far. */
  groupsCovering(end: number): number {
    let rows = 0;
    let count = 0;
    while (count < this.groupCount && rows < end) {
      if (this.list) this.walk(count + 1);
      rows += this.list ? (this.rows[count] ?? 0) : Number(this.decoded[count]?.num_rows ?? 0);
      count++;
    }
    return count;
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
      this.walk(last);
      if (!this.list) continue; // the walk gave up and every row group is decoded now
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
    return { ...this.head, row_groups: this.groups(0, count) };
  }

  /** Walks the row-group list up to `count` groups (thrift spans and row counts, nothing decoded). */
  private walk(count: number): void {
    const list = this.list;
    if (!list) return;
    const b = this.thrift;
    try {
      while (this.starts.length < count) {
        const at = this.ends[this.ends.length - 1] ?? list.first;
        const [rows, next] = rowGroupAt(b, at);
        if (rows < 0 || next > b.length) throw new RangeError("thrift: a row group without its row count");
        this.starts.push(at);
        this.ends.push(next);
        this.rows.push(rows);
      }
    } catch {
      // Not what this walker expects: hyparquet decodes it whole (and says what is wrong, if anything).
      const whole = this.decodeWhole();
      this.list = undefined;
      this.whole = { ...whole, row_groups: [] };
      whole.row_groups.forEach((group, g) => {
        this.decoded[g] = group;
      });
    }
  }

  private decodeWhole(): FileMetaData {
    const whole = this.decode(framed([this.thrift]));
    this.check(0, whole.row_groups);
    return whole;
  }

  private decode(footer: Uint8Array): FileMetaData {
    try {
      return parquetMetadata(footer, { parsers: PARSERS });
    } catch (err) {
      throw this.fail(err);
    }
  }

  /**
   * A FileMetaData thrift holding only row groups `[from, to)` (walked already), ending right after them:
   * the fields that follow are optional.
   */
  private splice(from: number, to: number): Uint8Array {
    const list = this.list as { listStart: number };
    const t = this.thrift;
    const groups = to > from ? t.subarray(this.starts[from], this.ends[to - 1]) : new Uint8Array(0);
    return framed([
      t.subarray(0, list.listStart),
      new Uint8Array(listHeaderBytes(to - from)),
      groups,
      new Uint8Array([0]), // STOP
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

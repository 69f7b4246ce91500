// Rewrites the footer of a DuckDB-written file, for the damaged and unusual files a test needs (a footer
// that disagrees with its row groups, an unknown logical type, an encrypted column, INT96). A minimal
// Thrift compact protocol reader and writer that keeps every field's id and type, so what is not
// touched is written back as it was.
import { readFileSync, writeFileSync } from "node:fs";

export type TValue = boolean | number | bigint | Uint8Array | TList | TStruct;
export interface TField {
  id: number;
  type: number;
  value: TValue;
}
export interface TStruct {
  fields: TField[];
}
export interface TList {
  elementType: number;
  items: TValue[];
}

export const T = {
  BOOL_TRUE: 1,
  BOOL_FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  STRUCT: 12,
};

class Reader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}
  byte(): number {
    return this.bytes[this.offset++] as number;
  }
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = this.byte();
      result |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return result;
      shift += 7n;
    }
  }
  zigzag(): bigint {
    const v = this.varint();
    return (v >> 1n) ^ -(v & 1n);
  }
  value(type: number): TValue {
    switch (type) {
      case T.BOOL_TRUE:
        return true;
      case T.BOOL_FALSE:
        return false;
      case T.BYTE:
        return this.byte();
      case T.I16:
      case T.I32:
        return Number(this.zigzag());
      case T.I64:
        return this.zigzag();
      case T.DOUBLE: {
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 8).getFloat64(0, true);
        this.offset += 8;
        return v;
      }
      case T.BINARY: {
        const length = Number(this.varint());
        const v = this.bytes.slice(this.offset, this.offset + length);
        this.offset += length;
        return v;
      }
      case T.LIST: {
        const header = this.byte();
        let size = header >> 4;
        if (size === 15) size = Number(this.varint());
        const elementType = header & 0x0f;
        const items: TValue[] = [];
        for (let i = 0; i < size; i++) {
          items.push(
            elementType === T.BOOL_TRUE || elementType === T.BOOL_FALSE
              ? this.byte() === 1
              : this.value(elementType),
          );
        }
        return { elementType, items };
      }
      case T.STRUCT:
        return this.struct();
      default:
        throw new Error(`thrift type ${type}`);
    }
  }
  struct(): TStruct {
    const fields: TField[] = [];
    let id = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === 0) return { fields };
      const delta = header >> 4;
      id = delta ? id + delta : Number(this.zigzag());
      fields.push({ id, type, value: this.value(type) });
    }
  }
}

class Writer {
  out: number[] = [];
  varint(value: bigint): void {
    let v = value;
    do {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      this.out.push(v ? b | 0x80 : b);
    } while (v);
  }
  zigzag(value: bigint): void {
    this.varint(value >= 0n ? value << 1n : (-value << 1n) - 1n);
  }
  value(type: number, value: TValue): void {
    switch (type) {
      case T.BOOL_TRUE:
      case T.BOOL_FALSE:
        return;
      case T.BYTE:
        this.out.push(value as number);
        return;
      case T.I16:
      case T.I32:
      case T.I64:
        this.zigzag(BigInt(value as number | bigint));
        return;
      case T.DOUBLE: {
        const b = new Uint8Array(8);
        new DataView(b.buffer).setFloat64(0, value as number, true);
        this.out.push(...b);
        return;
      }
      case T.BINARY: {
        const bytes = value as Uint8Array;
        this.varint(BigInt(bytes.byteLength));
        for (const b of bytes) this.out.push(b);
        return;
      }
      case T.LIST: {
        const list = value as TList;
        const size = list.items.length;
        this.out.push(size < 15 ? (size << 4) | list.elementType : 0xf0 | list.elementType);
        if (size >= 15) this.varint(BigInt(size));
        for (const item of list.items) {
          if (list.elementType === T.BOOL_TRUE || list.elementType === T.BOOL_FALSE)
            this.out.push(item ? 1 : 2);
          else this.value(list.elementType, item);
        }
        return;
      }
      case T.STRUCT:
        this.struct(value as TStruct);
        return;
      default:
        throw new Error(`thrift type ${type}`);
    }
  }
  struct(struct: TStruct): void {
    let last = 0;
    for (const field of [...struct.fields].sort((a, b) => a.id - b.id)) {
      const type =
        field.type === T.BOOL_TRUE || field.type === T.BOOL_FALSE
          ? field.value
            ? T.BOOL_TRUE
            : T.BOOL_FALSE
          : field.type;
      const delta = field.id - last;
      if (delta > 0 && delta <= 15) this.out.push((delta << 4) | type);
      else {
        this.out.push(type);
        this.zigzag(BigInt(field.id));
      }
      this.value(type, field.value);
      last = field.id;
    }
    this.out.push(0);
  }
}

/** A field of a struct by id (throws when missing). */
export function field(struct: TStruct, id: number): TField {
  const found = struct.fields.find((f) => f.id === id);
  if (!found) throw new Error(`no thrift field ${id}`);
  return found;
}

export function setField(struct: TStruct, id: number, type: number, value: TValue): void {
  struct.fields = [...struct.fields.filter((f) => f.id !== id), { id, type, value }];
}

export function dropField(struct: TStruct, id: number): void {
  struct.fields = struct.fields.filter((f) => f.id !== id);
}

/** Copies `from` to `to` with its FileMetaData edited by `edit` (the column data is left as it is). */
export function patchFooter(from: string, to: string, edit: (metadata: TStruct) => void): void {
  const bytes = readFileSync(from);
  const length = bytes.readUInt32LE(bytes.byteLength - 8);
  const start = bytes.byteLength - 8 - length;
  const metadata = new Reader(bytes.subarray(start, bytes.byteLength - 8)).struct();
  edit(metadata);
  const writer = new Writer();
  writer.struct(metadata);
  const footer = Buffer.from(writer.out);
  const tail = Buffer.alloc(8);
  tail.writeUInt32LE(footer.byteLength, 0);
  tail.write("PAR1", 4, "latin1");
  writeFileSync(to, Buffer.concat([bytes.subarray(0, start), footer, tail]));
}

/** The schema elements (FileMetaData field 2) and the element named `name`. */
export function schemaElement(metadata: TStruct, name: string): TStruct {
  const elements = (field(metadata, 2).value as TList).items as TStruct[];
  const found = elements.find((e) => Buffer.from(field(e, 4).value as Uint8Array).toString() === name);
  if (!found) throw new Error(`no schema element ${name}`);
  return found;
}

/** The ColumnMetaData of every chunk of leaf column `index` (in schema order), in every row group. */
export function columnMetas(metadata: TStruct, index: number): TStruct[] {
  const groups = (field(metadata, 4).value as TList).items as TStruct[];
  return groups.map((g) => {
    const chunk = ((field(g, 1).value as TList).items as TStruct[])[index] as TStruct;
    return field(chunk, 3).value as TStruct;
  });
}

/** The ColumnChunk structs of leaf column `index` in every row group. */
export function columnChunks(metadata: TStruct, index: number): TStruct[] {
  const groups = (field(metadata, 4).value as TList).items as TStruct[];
  return groups.map((g) => ((field(g, 1).value as TList).items as TStruct[])[index] as TStruct);
}

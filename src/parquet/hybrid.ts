// Parquet's RLE / bit-packed hybrid encoding (definition levels, dictionary indexes), read only as far as
// the values asked for. hyparquet's reader writes every value of a run, and DuckDB writes a page of
// 122,880 defined rows as one run: 50 rows would still cost 122,880 writes per column.

export interface ByteReader {
  view: DataView;
  offset: number;
}

/** A run header (ULEB128); throws RangeError past the data. */
export function varint(reader: ByteReader): number {
  let value = 0;
  let scale = 1;
  for (;;) {
    const byte = reader.view.getUint8(reader.offset++);
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
    if (scale > 2 ** 35) throw new Error("hybrid: run header too long");
  }
}

/**
 * Fills `output` with the first `output.length` values of width `bitWidth`, starting at the reader's
 * offset, and leaves the reader after the last run it touched. Throws (RangeError) past the data.
 */
export function readHybrid(reader: ByteReader, bitWidth: number, output: Int32Array | Uint8Array): void {
  const { view } = reader;
  const valueBytes = (bitWidth + 7) >> 3;
  let seen = 0;
  while (seen < output.length) {
    const header = varint(reader);
    if ((header & 1) === 0) {
      let value = 0;
      for (let i = 0; i < valueBytes; i++) value += view.getUint8(reader.offset++) * 2 ** (8 * i);
      const count = Math.min(Math.floor(header / 2), output.length - seen);
      output.fill(value, seen, seen + count);
      seen += count;
      continue;
    }
    // Bit-packed: groups of 8 values, least significant bit first.
    const groups = Math.floor(header / 2);
    const start = reader.offset;
    const count = Math.min(groups * 8, output.length - seen);
    for (let i = 0; i < count; i++) {
      let bit = i * bitWidth;
      let value = 0;
      for (let got = 0; got < bitWidth; ) {
        const shift = bit & 7;
        const take = Math.min(8 - shift, bitWidth - got);
        value += ((view.getUint8(start + (bit >> 3)) >> shift) & ((1 << take) - 1)) * 2 ** got;
        got += take;
        bit += take;
      }
      output[seen + i] = value;
    }
    seen += count;
    reader.offset = start + groups * bitWidth;
  }
}

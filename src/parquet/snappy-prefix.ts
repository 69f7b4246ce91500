// The start of a snappy block without the rest. A DuckDB page holds a whole row group (122,880 rows),
// and 50 rows need only its first kilobytes: decoding stops once they are out. Snappy elements only
// copy from output already written, so a prefix decodes exactly as it would inside the whole block.

function fail(why: string): never {
  throw new Error(`snappy: ${why}`);
}

/** The block's uncompressed length (its varint preamble) and where its elements start. */
export function snappyLength(input: Uint8Array): { length: number; start: number } {
  let length = 0;
  let scale = 1;
  for (let pos = 0; pos < input.length && pos < 5; pos++) {
    const byte = input[pos] as number;
    length += (byte & 0x7f) * scale;
    if (byte < 0x80) return { length, start: pos + 1 };
    scale *= 128;
  }
  return fail("invalid length header");
}

/**
 * The first `limit` bytes of a snappy block's output (all of it when shorter), in a buffer of exactly
 * that length, so a read past it fails instead of seeing stale bytes.
 */
export function snappyPrefix(input: Uint8Array, limit: number): Uint8Array {
  const { length, start } = snappyLength(input);
  const size = Math.min(limit, length);
  const out = new Uint8Array(size);
  let pos = start;
  let at = 0;
  while (at < size) {
    if (pos >= input.length) fail("premature end of input");
    const tag = input[pos++] as number;
    if ((tag & 3) === 0) {
      let literal = (tag >>> 2) + 1;
      if (literal > 60) {
        const bytes = literal - 60;
        if (pos + bytes > input.length) fail("literal length past the end of input");
        literal = 0;
        for (let i = bytes - 1; i >= 0; i--) literal = literal * 256 + (input[pos + i] as number);
        literal += 1;
        pos += bytes;
      }
      // Only the part of a literal that is taken must be there: incompressible data is one long literal.
      const take = Math.min(literal, size - at);
      if (pos + take > input.length) fail("literal past the end of input");
      out.set(input.subarray(pos, pos + take), at);
      pos += literal;
      at += take;
      continue;
    }
    let copy: number;
    let offset: number;
    if ((tag & 3) === 1) {
      if (pos + 1 > input.length) fail("copy past the end of input");
      copy = ((tag >>> 2) & 7) + 4;
      offset = (input[pos] as number) + ((tag >>> 5) << 8);
      pos += 1;
    } else if ((tag & 3) === 2) {
      if (pos + 2 > input.length) fail("copy past the end of input");
      copy = (tag >>> 2) + 1;
      offset = (input[pos] as number) | ((input[pos + 1] as number) << 8);
      pos += 2;
    } else {
      if (pos + 4 > input.length) fail("copy past the end of input");
      copy = (tag >>> 2) + 1;
      offset =
        ((input[pos] as number) |
          ((input[pos + 1] as number) << 8) |
          ((input[pos + 2] as number) << 16) |
          ((input[pos + 3] as number) << 24)) >>>
        0;
      pos += 4;
    }
    if (offset === 0 || offset > at) fail(`copy from before the start of the output (offset ${offset})`);
    const take = Math.min(copy, size - at);
    // Byte by byte: a copy may overlap what it writes (a run).
    for (let i = 0; i < take; i++) out[at + i] = out[at - offset + i] as number;
    at += take;
  }
  return out;
}

// A REQUIRED column's v1 page carries no definition levels: its body is the values alone. A corrupt file
// whose column holds nulls anyway has the levels' 4-byte length and runs in front of the values, which a
// reader then decodes as values (page-header bytes shown as text). The value layout tells: byte arrays
// are length-prefixed to exactly the page's end, and dictionary indexes are a bit width and runs that
// each hold at least one value. (Fixed-width PLAIN pages are told by their size, in limits.ts.)
import type { DataPageHeader, ParquetType } from "hyparquet";
import { varint } from "./hybrid.js";

/** Whether `checkRequiredBody` can tell anything about a page of this encoding and type. */
export function bodyTells(page: DataPageHeader, type: ParquetType | undefined): boolean {
  return (
    (page.encoding === "PLAIN" && type === "BYTE_ARRAY") ||
    page.encoding === "RLE_DICTIONARY" ||
    page.encoding === "PLAIN_DICTIONARY"
  );
}

/** Why the inflated body of a REQUIRED column's v1 page cannot be its values alone; undefined when it can. */
export function requiredBodyProblem(
  body: Uint8Array,
  page: DataPageHeader,
  type: ParquetType | undefined,
): string | undefined {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const values = page.num_values;
  if (page.encoding === "PLAIN" && type === "BYTE_ARRAY") {
    let at = 0;
    for (let i = 0; i < values; i++) {
      if (at + 4 > body.byteLength) return `its ${values} byte-array values run past the page's end`;
      at += 4 + view.getUint32(at, true);
    }
    return at === body.byteLength
      ? undefined
      : `its ${values} byte-array values take ${at} of the page's ${body.byteLength} bytes`;
  }
  if (body.byteLength === 0) return values > 0 ? "its page of dictionary indexes is empty" : undefined;
  const bitWidth = view.getUint8(0);
  if (bitWidth > 32) return `its dictionary indexes claim ${bitWidth} bits each`;
  const reader = { view, offset: 1 };
  let seen = 0;
  while (seen < values) {
    let header: number;
    try {
      header = varint(reader);
    } catch {
      return `its dictionary indexes stop after ${seen} of ${values} values`;
    }
    const runs = Math.floor(header / 2);
    const count = header % 2 === 1 ? runs * 8 : runs;
    if (count === 0) return `a run of its dictionary indexes holds no values (after ${seen} of ${values})`;
    reader.offset += header % 2 === 1 ? runs * bitWidth : (bitWidth + 7) >> 3;
    seen += count;
  }
  return reader.offset > body.byteLength ? "its dictionary indexes run past the page's end" : undefined;
}

// A partial page reader for flat columns. DuckDB writes one page per column chunk, so a page holds a
// whole row group (122,880 rows by default); hyparquet decodes a page whole. To show 50 rows this reads
// only the definition levels and values up to the last row shown. It handles version-1 data pages with
// PLAIN or dictionary encodings; anything else returns undefined and the caller decodes with hyparquet.
import type { ColumnMetaData, DecodedArray, SchemaElement } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { convert, convertWithDictionary, DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { decompressPage } from "hyparquet/src/datapage.js";
import { readRleBitPackedHybrid } from "hyparquet/src/encoding.js";
import { readPlain } from "hyparquet/src/plain.js";
import { compressors } from "hyparquet-compressors";
import { PARSERS } from "./values.js";

type ColumnDecoder = Parameters<typeof convert>[1];

const FIXED_WIDTH: Record<string, number> = { INT32: 4, INT64: 8, FLOAT: 4, DOUBLE: 8, INT96: 12 };

interface Reader {
  view: DataView;
  offset: number;
}

function readerOf(bytes: Uint8Array): Reader {
  return { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
}

/** Moves past `count` PLAIN values; false when the type's values cannot be skipped by width. */
function skipPlain(reader: Reader, element: SchemaElement, count: number): boolean {
  if (count === 0) return true;
  const type = element.type ?? "";
  const width = type === "FIXED_LEN_BYTE_ARRAY" ? element.type_length : FIXED_WIDTH[type];
  if (width) {
    reader.offset += count * width;
    return true;
  }
  if (type !== "BYTE_ARRAY") return false;
  for (let i = 0; i < count; i++) reader.offset += 4 + reader.view.getUint32(reader.offset, true);
  return true;
}

/**
 * Values of rows `[from, to)` (relative to the chunk's first row) of a flat column chunk, nulls in place;
 * undefined when a page is of a kind this reader leaves to hyparquet.
 */
export function readFlatRows(
  chunk: Uint8Array,
  meta: ColumnMetaData,
  element: SchemaElement,
  from: number,
  to: number,
): unknown[] | undefined {
  if (element.type === "BOOLEAN" || element.repetition_type === "REPEATED") return undefined;
  const maxDefinition = element.repetition_type === "REQUIRED" ? 0 : 1;
  const decoder: ColumnDecoder = {
    pathInSchema: meta.path_in_schema,
    type: element.type ?? meta.type,
    element,
    schemaPath: [],
    codec: meta.codec,
    parsers: { ...DEFAULT_PARSERS, ...PARSERS },
    compressors,
    utf8: true,
  };
  const out: unknown[] = [];
  const reader = readerOf(chunk);
  let dictionary: DecodedArray | undefined;
  let pageFirst = 0;
  while (out.length < to - from && reader.offset < chunk.byteLength - 1) {
    const header = parquetHeader(reader);
    const body = chunk.subarray(reader.offset, reader.offset + header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === "DICTIONARY_PAGE") {
      const size = header.dictionary_page_header?.num_values ?? 0;
      const page = decompressPage(body, header.uncompressed_page_size, meta.codec, compressors);
      dictionary = convert(readPlain(readerOf(page), decoder.type, size, element.type_length), decoder);
      continue;
    }
    if (header.type !== "DATA_PAGE") {
      if (header.type === "DATA_PAGE_V2") return undefined;
      continue; // index pages hold no rows
    }
    const daph = header.data_page_header;
    if (!daph) return undefined;
    const pageRows = daph.num_values;
    const pageLast = pageFirst + pageRows;
    if (pageLast <= from) {
      pageFirst = pageLast;
      continue; // before the rows asked for: not even decompressed
    }
    const skip = Math.max(0, from - pageFirst);
    const take = Math.min(pageRows, to - pageFirst) - skip;
    const page = readerOf(decompressPage(body, header.uncompressed_page_size, meta.codec, compressors));
    // Typed arrays: hyparquet's RLE reader writes a whole run, and a typed array drops what is past its end.
    let levels: Uint8Array | undefined;
    let before = skip;
    let present = take;
    if (maxDefinition > 0) {
      levels = new Uint8Array(skip + take);
      readRleBitPackedHybrid(page, 1, levels);
      before = 0;
      present = 0;
      for (let i = 0; i < skip + take; i++) {
        if (levels[i] === maxDefinition) {
          if (i < skip) before++;
          else present++;
        }
      }
    }
    let values: DecodedArray;
    if (daph.encoding === "PLAIN") {
      if (!skipPlain(page, element, before)) return undefined;
      values = convert(readPlain(page, decoder.type, present, element.type_length), decoder);
    } else if (daph.encoding === "PLAIN_DICTIONARY" || daph.encoding === "RLE_DICTIONARY") {
      if (!dictionary) return undefined;
      const bitWidth = page.view.getUint8(page.offset++);
      const indexes = new Int32Array(before + present);
      if (bitWidth > 0) readRleBitPackedHybrid(page, bitWidth, indexes, page.view.byteLength - page.offset);
      values = convertWithDictionary(
        Array.from(indexes.subarray(before)),
        dictionary,
        daph.encoding,
        decoder,
      );
    } else {
      return undefined;
    }
    let v = 0;
    for (let i = skip; i < skip + take; i++) {
      out.push(levels && levels[i] !== maxDefinition ? null : values[v++]);
    }
    pageFirst = pageLast;
  }
  return out.length === to - from ? out : undefined;
}

// A partial page reader for flat columns. DuckDB writes one page per column chunk, so a page holds a
// whole row group (122,880 rows by default); hyparquet decodes a page whole. To show 50 rows this reads
// only the definition levels and values up to the last row shown, and of a snappy page decompresses only
// the bytes those take. It handles version-1 data pages with PLAIN or dictionary encodings; anything else
// returns undefined and the caller decodes with hyparquet.
import type { ColumnMetaData, DecodedArray, SchemaElement } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { convert, convertWithDictionary, DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { decompressPage } from "hyparquet/src/datapage.js";
import { readPlain } from "hyparquet/src/plain.js";
import { readHybrid } from "./hybrid.js";
import type { ReadBudget } from "./limits.js";
import { snappyPrefix } from "./snappy-prefix.js";
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

/** What decoding a data page needs besides its bytes. */
interface PageContext {
  element: SchemaElement;
  decoder: ColumnDecoder;
  dictionary?: DecodedArray;
  maxDefinition: number;
}

/**
 * Rows `[skip, skip + take)` of a v1 data page, nulls in place; undefined for an encoding left to
 * hyparquet. Throws, or leaves the reader past its end, when the page bytes stop before those rows.
 */
function pageRows(
  page: Reader,
  daph: NonNullable<ReturnType<typeof parquetHeader>["data_page_header"]>,
  context: PageContext,
  skip: number,
  take: number,
): unknown[] | undefined {
  const { element, decoder, dictionary, maxDefinition } = context;
  let levels: Uint8Array | undefined;
  let before = skip;
  let present = take;
  if (maxDefinition > 0) {
    // v1 levels: their byte length, then the hybrid runs; the values start after all of them.
    const length = page.view.getUint32(page.offset, true);
    const levelsStart = page.offset + 4;
    page.offset = levelsStart;
    levels = new Uint8Array(skip + take);
    readHybrid(page, 1, levels);
    page.offset = levelsStart + length;
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
    if (bitWidth > 0) readHybrid(page, bitWidth, indexes);
    for (const index of indexes)
      if (index >= dictionary.length) throw new RangeError("index past the dictionary");
    values = convertWithDictionary(Array.from(indexes.subarray(before)), dictionary, daph.encoding, decoder);
  } else {
    return undefined;
  }
  const out: unknown[] = [];
  let v = 0;
  for (let i = skip; i < skip + take; i++)
    out.push(levels && levels[i] !== maxDefinition ? null : values[v++]);
  return out;
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
  budget: ReadBudget,
): unknown[] | undefined {
  const compressors = budget.compressors;
  if (element.type === "BOOLEAN" || element.repetition_type === "REPEATED") return undefined;
  const context: PageContext = {
    element,
    maxDefinition: element.repetition_type === "REQUIRED" ? 0 : 1,
    decoder: {
      pathInSchema: meta.path_in_schema,
      type: element.type ?? meta.type,
      element,
      schemaPath: [],
      codec: meta.codec,
      parsers: { ...DEFAULT_PARSERS, ...PARSERS },
      compressors,
      utf8: true,
    },
  };
  const out: unknown[] = [];
  const reader = readerOf(chunk);
  let pageFirst = 0;
  while (out.length < to - from && reader.offset < chunk.byteLength - 1) {
    const header = parquetHeader(reader);
    const body = chunk.subarray(reader.offset, reader.offset + header.compressed_page_size);
    reader.offset += header.compressed_page_size;
    if (header.type === "DICTIONARY_PAGE") {
      const size = header.dictionary_page_header?.num_values ?? 0;
      const page = decompressPage(body, header.uncompressed_page_size, meta.codec, compressors);
      const plain = readPlain(readerOf(page), context.decoder.type, size, element.type_length);
      context.dictionary = convert(plain, context.decoder);
      continue;
    }
    if (header.type !== "DATA_PAGE") {
      if (header.type === "DATA_PAGE_V2") return undefined;
      continue; // index pages hold no rows
    }
    const daph = header.data_page_header;
    if (!daph) return undefined;
    const pageRowCount = daph.num_values;
    const pageLast = pageFirst + pageRowCount;
    if (pageLast <= from) {
      pageFirst = pageLast;
      continue; // before the rows asked for: not even decompressed
    }
    const skip = Math.max(0, from - pageFirst);
    const take = Math.min(pageRowCount, to - pageFirst) - skip;
    budget.checkPage(header.uncompressed_page_size);
    const rows = partialPage(
      compressors,
      body,
      header.compressed_page_size,
      header.uncompressed_page_size,
      pageRowCount,
      skip + take,
      meta.codec,
      (page) => pageRows(page, daph, context, skip, take),
    );
    if (!rows) return undefined;
    out.push(...rows);
    pageFirst = pageLast;
  }
  return out.length === to - from ? out : undefined;
}

/**
 * Decodes rows from as little of a page as they need. Of a snappy page: first a prefix about twice the
 * rows' share of the page, then four times more until they fit (the whole page at worst). Other codecs
 * are decompressed whole. `body` may be cut short (only the start of the chunk was fetched): then rows
 * that do not fit in it throw, and the caller fetches the whole chunk.
 */
function partialPage(
  compressors: ReadBudget["compressors"],
  body: Uint8Array,
  compressedSize: number,
  pageSize: number,
  pageRowCount: number,
  rowsNeeded: number,
  codec: ColumnMetaData["codec"],
  decode: (page: Reader) => unknown[] | undefined,
): unknown[] | undefined {
  const cut = body.byteLength < compressedSize;
  if (codec === "UNCOMPRESSED" && cut) return decodeWithin(body.slice(), decode);
  if (codec !== "SNAPPY") return decode(readerOf(decompressPage(body, pageSize, codec, compressors)));
  let limit = Math.ceil((pageSize / Math.max(1, pageRowCount)) * rowsNeeded * 2) + 1024;
  for (;;) {
    const whole = limit >= pageSize;
    if (whole && cut) return decodeWithin(snappyPrefix(body, pageSize), decode);
    const bytes = whole ? decompressPage(body, pageSize, codec, compressors) : snappyPrefix(body, limit);
    const page = readerOf(bytes);
    try {
      const rows = decode(page);
      if (whole || page.offset <= bytes.byteLength) return rows;
    } catch (err) {
      if (whole) throw err;
    }
    limit = Math.min(pageSize, limit * 4);
  }
}

/** Decodes from bytes in a buffer of their own, failing if the rows reach past them. */
function decodeWithin(
  bytes: Uint8Array,
  decode: (page: Reader) => unknown[] | undefined,
): unknown[] | undefined {
  const page = readerOf(bytes);
  const rows = decode(page);
  if (page.offset > bytes.byteLength) throw new RangeError("page: the rows reach past the bytes held");
  return rows;
}

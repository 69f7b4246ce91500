// Bounds on the work one page of preview rows may do, so a hostile file fails fast with one line instead
// of inflating gigabytes: a 4 KB Brotli file whose one value inflates to 2 GiB took 30–50 s and 4.3 GB
// of memory. Checked before a byte is inflated (a page header says how large its page inflates to), and
// again on what inflation returns. Brotli and gzip pages are inflated by Node's zlib on its thread pool,
// large Snappy, Zstandard and LZ4 pages on our worker (inflate-pool.ts), both off the event loop, so the
// terminal UI keeps answering keys while a large page inflates.
import { promisify } from "node:util";
import { brotliDecompress, gunzip } from "node:zlib";
import type { ColumnMetaData, Compressors } from "hyparquet";
import { parquetHeader } from "hyparquet/src/column.js";
import { decompressZstd, compressors as jsCompressors } from "hyparquet-compressors";
import { MedallionError } from "../errors.js";
import { inflateOffThread, OFF_THREAD_BYTES, OFF_THREAD_CODECS } from "./inflate-pool.js";
import { bodyTells, requiredBodyProblem } from "./required-pages.js";

const MiB = 1024 * 1024;

/**
 * One page inflated at most. DuckDB's pages reach ~100 MB (one page per column chunk, up to its page
 * limit), Spark's default is 1 MiB; a page claiming more is hostile or holds values no preview can show.
 */
export const MAX_PAGE_BYTES = 128 * MiB;
/** One value held at most: a grid cell shows ~40 characters and `--json` of a preview is for reading. */
export const MAX_VALUE_BYTES = 16 * MiB;
/** All pages inflated for one page of rows: a few large columns at once, not a whole wide file. */
export const MAX_READ_BYTES = 512 * MiB;

export interface ReadLimits {
  pageBytes: number;
  valueBytes: number;
  readBytes: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  pageBytes: MAX_PAGE_BYTES,
  valueBytes: MAX_VALUE_BYTES,
  readBytes: MAX_READ_BYTES,
};

function size(bytes: number): string {
  return bytes >= MiB ? `${(bytes / MiB).toFixed(bytes % MiB ? 1 : 0)} MiB` : `${bytes} bytes`;
}

type Inflate = (input: Uint8Array, length: number) => Promise<Uint8Array>;

const zlibInflate: Partial<Record<string, Inflate>> = {
  BROTLI: (input, length) => promisify(brotliDecompress)(input, { maxOutputLength: Math.max(1, length) }),
  GZIP: (input, length) => promisify(gunzip)(input, { maxOutputLength: Math.max(1, length) }),
};

/**
 * How a page of `codec` inflating to `length` bytes is inflated off the event loop, if it is; a snappy
 * page is not when its reader decodes just the prefix it needs (`snappyPrefixes`).
 */
function inflateAsync(codec: string, length: number, snappyPrefixes: boolean): Inflate | undefined {
  const zlib = zlibInflate[codec];
  if (zlib) return zlib;
  if (codec === "SNAPPY" && snappyPrefixes) return undefined;
  if (OFF_THREAD_CODECS.has(codec) && length >= OFF_THREAD_BYTES)
    return (input, declared) => inflateOffThread(codec, input, declared);
  return undefined;
}

/** Same-length inputs are compared whole: two pages may share their first and last bytes. */
function fingerprint(input: Uint8Array, length: number): string {
  const head = Buffer.from(input.buffer, input.byteOffset, Math.min(16, input.byteLength)).toString("hex");
  return `${input.byteLength}:${length}:${head}`;
}

/**
 * The budget of one page of rows: every page inflated goes through it (hyparquet's and the partial page
 * reader's), so the limits hold whichever reader decodes. `inflateAhead` inflates a column chunk's Brotli
 * and gzip pages off the event loop first; the synchronous decompressors then find them done.
 */
export class ReadBudget {
  private inflated = 0;
  private readonly ready = new Map<string, { input: Uint8Array; output: Uint8Array }[]>();
  /** The column being read, named in errors. */
  column = "";

  constructor(
    readonly key: string,
    readonly limits: ReadLimits = DEFAULT_LIMITS,
  ) {}

  private refuse(what: string, limit: string): MedallionError {
    return new MedallionError("too-large", `${this.key}: column ${this.column}: ${what} is over ${limit}`);
  }

  /** Refuses a page that would inflate to more than the page limit. */
  checkPage(length: number): void {
    if (length > this.limits.pageBytes) {
      throw this.refuse(
        `a page inflating to ${size(length)}`,
        `the ${size(this.limits.pageBytes)} a preview inflates per page`,
      );
    }
  }

  /** Checks a page about to inflate to `length` bytes against the page and read limits, and counts it. */
  private admit(length: number): void {
    this.checkPage(length);
    if (this.inflated + length > this.limits.readBytes) {
      throw this.refuse(
        `inflating ${size(this.inflated + length)} for one page of rows`,
        `the ${size(this.limits.readBytes)} a preview inflates at once (show fewer columns or rows)`,
      );
    }
    this.inflated += length;
  }

  /** Decompressors for hyparquet and the partial page reader: limited, and using pages inflated ahead. */
  readonly compressors: Compressors = Object.fromEntries(
    Object.entries(jsCompressors).map(([codec, decompress]) => [
      codec,
      (input: Uint8Array, length: number) => {
        const done = this.ready
          .get(fingerprint(input, length))
          ?.find((page) => Buffer.from(page.input).equals(Buffer.from(input)));
        if (done) return done.output;
        this.admit(length);
        // fzstd sizes its output from the frame's own header: give it the declared size instead.
        const output =
          codec === "ZSTD" ? decompressZstd(input, new Uint8Array(length)) : decompress(input, length);
        if (output && output.byteLength > length) throw this.refuse("a page", "the size its header declares");
        return output as Uint8Array;
      },
    ]),
  );

  /**
   * Checks the pages of a column chunk (`chunk` holds its bytes from its first page) that hold its first
   * `rows` rows against the limits from their headers alone, then inflates its Brotli and gzip pages, and
   * its large Snappy, Zstandard and LZ4 ones, off the event loop (the rest inflate when decoded). A page of `n` byte-array values that inflates to
   * `u` bytes holds a value of at least about u/n bytes: one huge value is refused before it is inflated.
   */
  async inflateAhead(
    chunk: Uint8Array,
    meta: ColumnMetaData,
    rows: number,
    required?: { width?: number; corrupt: (why: string) => Error },
    snappyPrefixes = false,
  ): Promise<void> {
    const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
    let seen = 0;
    while (seen < rows && reader.offset < chunk.byteLength - 1) {
      let header: ReturnType<typeof parquetHeader>;
      try {
        header = parquetHeader(reader);
      } catch {
        return; // damaged: the readers say where
      }
      const body = chunk.subarray(reader.offset, reader.offset + header.compressed_page_size);
      reader.offset += header.compressed_page_size;
      if (body.byteLength < header.compressed_page_size) return; // cut short: left to the readers
      let input = body;
      let length = header.uncompressed_page_size;
      let values = header.dictionary_page_header?.num_values ?? header.data_page_header?.num_values ?? 0;
      const v2 = header.data_page_header_v2;
      if (v2) {
        const levels = v2.definition_levels_byte_length + v2.repetition_levels_byte_length;
        input = body.subarray(levels);
        length -= levels;
        values = v2.num_values;
        seen += v2.num_rows;
        if (v2.is_compressed === false) input = new Uint8Array(0);
      } else if (header.data_page_header) {
        seen += header.data_page_header.num_values;
      }
      this.checkPage(length);
      if (required) checkNoLevels(header, required);
      if (meta.type === "BYTE_ARRAY" && values > 0) {
        // Allow 16 bytes a value and 64 a page for lengths and levels, whatever the encoding.
        const least = (length - 64 - 16 * values) / values;
        if (least > this.limits.valueBytes) {
          throw this.refuse(
            `a value of at least ${size(least)}`,
            `the ${size(this.limits.valueBytes)} a preview holds per value`,
          );
        }
      }
      // A REQUIRED column's v1 page whose values' layout can tell levels in front of them.
      const page = header.data_page_header;
      const checkBody = required && page && bodyTells(page, meta.type) ? page : undefined;
      const inflate = inflateAsync(meta.codec, length, snappyPrefixes);
      if ((!inflate && !checkBody) || length <= 0 || input.byteLength === 0) continue;
      let output: Uint8Array;
      if (inflate) {
        this.admit(length);
        try {
          output = await inflate(input, length);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
            throw this.refuse("a page", "the size its header declares");
          return; // damaged: the readers say where
        }
        if (output.byteLength > length) throw this.refuse("a page", "the size its header declares");
      } else if (meta.codec === "UNCOMPRESSED") {
        output = input;
      } else {
        const decompress = this.compressors[meta.codec];
        if (!decompress) continue;
        try {
          output = decompress(input, length);
        } catch (err) {
          if (err instanceof MedallionError) throw err;
          return; // damaged: the readers say where
        }
      }
      if (output !== input) {
        const key = fingerprint(input, length);
        this.ready.set(key, [...(this.ready.get(key) ?? []), { input, output }]);
      }
      const problem = checkBody && required && requiredBodyProblem(output, checkBody, meta.type);
      if (problem) throw required?.corrupt(problem);
    }
  }

  /** Refuses a value larger than the value limit (bytes or text), before it is turned into a string. */
  checkValue(value: unknown): void {
    const length = byteSize(value);
    if (length > this.limits.valueBytes) {
      throw this.refuse(
        `a value of ${size(length)}`,
        `the ${size(this.limits.valueBytes)} a preview holds per value`,
      );
    }
  }
}

/**
 * A REQUIRED flat column has no definition levels: a page that carries them holds nulls where none may
 * be, and read as values its levels come out as garbage. Told by v2 pages' level length, and by a v1
 * PLAIN page of fixed-width values whose size is not its value count times their width.
 */
function checkNoLevels(
  header: ReturnType<typeof parquetHeader>,
  required: { width?: number; corrupt: (why: string) => Error },
): void {
  const v2 = header.data_page_header_v2;
  if (v2 && v2.definition_levels_byte_length > 0) {
    throw required.corrupt(`its page carries ${v2.definition_levels_byte_length} bytes of definition levels`);
  }
  const v1 = header.data_page_header;
  if (v1?.encoding === "PLAIN" && required.width) {
    const expected = v1.num_values * required.width;
    if (header.uncompressed_page_size !== expected) {
      throw required.corrupt(
        `its page of ${v1.num_values} values takes ${header.uncompressed_page_size} bytes where they take ${expected}`,
      );
    }
  }
}

/** Bytes of the largest byte value in `value` (a leaf, or inside lists, maps and structs). */
function byteSize(value: unknown): number {
  if (value === null || typeof value !== "object") return typeof value === "string" ? value.length : 0;
  if (value instanceof Uint8Array) return value.byteLength;
  const bytes = (value as { bytes?: unknown }).bytes;
  if (bytes instanceof Uint8Array) return bytes.byteLength;
  let largest = 0;
  const items: unknown[] = Array.isArray(value)
    ? value
    : "entries" in value && Array.isArray(value.entries)
      ? value.entries.flat()
      : "fields" in value && Array.isArray(value.fields)
        ? value.fields.map((f: [string, unknown]) => f[1])
        : [];
  for (const item of items) largest = Math.max(largest, byteSize(item));
  return largest;
}

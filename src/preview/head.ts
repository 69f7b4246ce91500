import { createGunzip } from "node:zlib";
import { MedallionError } from "../errors.js";
import type { FetchStats } from "../parquet/index.js";
import type { ObjectStore } from "../storage/object-store.js";

/** First ranged read of a text object; doubled while too few rows were found, up to MAX_HEAD. */
export const FIRST_HEAD = 256 * 1024;
export const MAX_HEAD = 16 * 1024 * 1024;
/** Decompressed text kept from a gzip head at most (a small head can inflate a lot). */
const MAX_TEXT = 64 * 1024 * 1024;

/** Text decoded from the head: complete when it is the whole object. */
export interface HeadText {
  text: string;
  complete: boolean;
  /** Bytes of the object read so far (compressed bytes for gzip). */
  bytesRead: number;
}

/** Inflates a gzip head, tolerating a cut-off tail: returns what decompresses from the bytes given. */
export async function gunzipHead(
  compressed: Uint8Array,
  wholeObject: boolean,
): Promise<{ bytes: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip();
    const parts: Buffer[] = [];
    let total = 0;
    let capped = false;
    gunzip.on("data", (chunk: Buffer) => {
      if (capped) return;
      parts.push(chunk);
      total += chunk.byteLength;
      if (total >= MAX_TEXT) {
        capped = true;
        gunzip.destroy();
        resolve({ bytes: Buffer.concat(parts), complete: false });
      }
    });
    gunzip.on("end", () => resolve({ bytes: Buffer.concat(parts), complete: wholeObject }));
    gunzip.on("error", (err: NodeJS.ErrnoException) => {
      if (capped) return;
      // A head cut mid-stream ends "unexpectedly": keep what was inflated.
      if (err.code === "Z_BUF_ERROR" && !wholeObject)
        resolve({ bytes: Buffer.concat(parts), complete: false });
      else reject(err);
    });
    gunzip.end(compressed);
  });
}

/** The head of a text object, read by byte ranges and grown on demand. */
export class TextHead {
  private chunks: Uint8Array[] = [];
  private loaded = 0;

  constructor(
    private readonly store: ObjectStore,
    readonly key: string,
    readonly size: number,
    readonly gzip: boolean,
    private readonly fetched: FetchStats,
  ) {}

  get bytesRead(): number {
    return this.loaded;
  }

  get wholeObject(): boolean {
    return this.loaded >= this.size;
  }

  /** Reads more of the object: to FIRST_HEAD first, then doubling. False when there is nothing more to read. */
  async grow(): Promise<boolean> {
    if (this.wholeObject || this.loaded >= MAX_HEAD) return false;
    const end = Math.min(this.size, this.loaded === 0 ? FIRST_HEAD : Math.min(MAX_HEAD, this.loaded * 2));
    const bytes = await this.store.read(this.key, { start: this.loaded, end });
    this.fetched.bytes += bytes.byteLength;
    this.fetched.requests += 1;
    this.chunks.push(bytes);
    this.loaded += bytes.byteLength;
    if (bytes.byteLength === 0) this.loaded = this.size; // the object shrank: stop here
    return true;
  }

  /** The same bytes read so far, decoded as gzip or not (when the first bytes told what the name did not). */
  readAs(gzip: boolean): TextHead {
    if (gzip === this.gzip) return this;
    const head = new TextHead(this.store, this.key, this.size, gzip, this.fetched);
    head.chunks = [...this.chunks];
    head.loaded = this.loaded;
    return head;
  }

  raw(): Buffer {
    return Buffer.concat(this.chunks);
  }

  /** The text read so far, cut after its last newline unless it is the whole object. */
  async text(): Promise<HeadText> {
    let bytes = this.raw();
    let complete = this.wholeObject;
    if (this.gzip) {
      try {
        ({ bytes, complete } = await gunzipHead(bytes, this.wholeObject));
      } catch (err) {
        throw new MedallionError("corrupt", `${this.key}: gzip: ${(err as Error).message}`, { cause: err });
      }
    }
    if (!complete) {
      const lastNewline = bytes.lastIndexOf(0x0a);
      bytes = bytes.subarray(0, lastNewline + 1);
    }
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
    return { text, complete, bytesRead: this.loaded };
  }
}

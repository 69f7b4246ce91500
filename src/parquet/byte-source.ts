import type { AsyncBuffer } from "hyparquet";
import type { ObjectStore } from "../storage/object-store.js";

/** What a preview cost: bytes and ranged requests fetched from the store (HEAD not included). */
export interface FetchStats {
  bytes: number;
  requests: number;
}

/** Copies a view into an ArrayBuffer of its own (Node buffers share a pool; hyparquet wants whole buffers). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  ) {
    return bytes.buffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

/**
 * One object as hyparquet's AsyncBuffer: every slice is a ranged `store.read`, counted. The tail of the
 * file, once fetched for the footer, is kept so small files and footer-adjacent reads cost nothing more.
 */
export class ObjectByteSource implements AsyncBuffer {
  readonly fetched: FetchStats = { bytes: 0, requests: 0 };
  private tail?: { start: number; bytes: Uint8Array };
  /** Column chunks of the last page read: paging within the same row groups fetches nothing more. */
  private chunks: { start: number; bytes: Uint8Array }[] = [];

  constructor(
    readonly store: ObjectStore,
    readonly key: string,
    readonly byteLength: number,
  ) {}

  /** Reads `[start, end)` from the store (end exclusive), counting what was fetched. */
  async read(start: number, end: number): Promise<Uint8Array> {
    for (const kept of this.tail ? [this.tail, ...this.chunks] : this.chunks) {
      if (start >= kept.start && end <= kept.start + kept.bytes.byteLength) {
        return kept.bytes.subarray(start - kept.start, end - kept.start);
      }
    }
    const bytes = await this.store.read(this.key, { start, end });
    this.fetched.bytes += bytes.byteLength;
    this.fetched.requests += 1;
    return bytes;
  }

  /** Keeps the bytes from `start` to the end of the file for later slices. */
  keepTail(start: number, bytes: Uint8Array): void {
    this.tail = { start, bytes };
  }

  /** Fetches the ranges not already held, in parallel, and keeps them (instead of the previous ones). */
  async prefetch(ranges: { start: number; end: number }[]): Promise<void> {
    const kept = await Promise.all(
      ranges.map(async ({ start, end }) => ({ start, bytes: await this.read(start, end) })),
    );
    this.chunks = kept;
  }

  async slice(start: number, end = this.byteLength): Promise<ArrayBuffer> {
    return toArrayBuffer(await this.read(start, end));
  }
}

import type { AsyncBuffer } from "hyparquet";
import type { ObjectStore } from "../storage/object-store.js";

/** Bytes of column chunks kept for later pages at most, beyond those of the latest page. */
const KEEP_BYTES = 64 * 1024 * 1024;

/** What a preview cost: bytes and ranged requests fetched from the store (a HEAD, if any, not included). */
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
 * Opens an object by its last `length` bytes: one suffix read that also tells the object's size when the
 * store can (`readTail`), else a HEAD first (or none when the caller knows the size). Counted.
 */
export async function openTail(
  store: ObjectStore,
  key: string,
  length: number,
  size?: number,
): Promise<{ source: ObjectByteSource; tailStart: number; tail: Uint8Array }> {
  if (size === undefined && store.readTail) {
    const { bytes, size: byteLength } = await store.readTail(key, length);
    const source = new ObjectByteSource(store, key, byteLength);
    source.count(bytes.byteLength);
    return { source, tailStart: byteLength - bytes.byteLength, tail: bytes };
  }
  const source = new ObjectByteSource(store, key, size ?? (await store.head(key)).size);
  const tailStart = Math.max(0, source.byteLength - length);
  return { source, tailStart, tail: await source.read(tailStart, source.byteLength) };
}

/**
 * One object as hyparquet's AsyncBuffer: every slice is a ranged `store.read`, counted. The tail of the
 * file, once fetched for the footer, is kept so small files and footer-adjacent reads cost nothing more.
 */
export class ObjectByteSource implements AsyncBuffer {
  readonly fetched: FetchStats = { bytes: 0, requests: 0 };
  private tail?: { start: number; bytes: Uint8Array };
  /**
   * Column chunks read for pages, the most recently used first, up to KEEP_BYTES: paging within the same
   * row groups, or back to columns already seen, fetches nothing more.
   */
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
        this.used(kept);
        return kept.bytes.subarray(start - kept.start, end - kept.start);
      }
    }
    const bytes = await this.store.read(this.key, { start, end });
    this.count(bytes.byteLength);
    return bytes;
  }

  /** Counts one request of `bytes` bytes made for this object. */
  count(bytes: number): void {
    this.fetched.bytes += bytes;
    this.fetched.requests += 1;
  }

  /** The bytes held from `start` on (up to `end`), without a request; undefined if none are. */
  held(start: number, end: number): Uint8Array | undefined {
    for (const kept of this.tail ? [this.tail, ...this.chunks] : this.chunks) {
      const keptEnd = kept.start + kept.bytes.byteLength;
      if (start >= kept.start && start < keptEnd) {
        return kept.bytes.subarray(start - kept.start, Math.min(end, keptEnd) - kept.start);
      }
    }
    return undefined;
  }

  /** Keeps the bytes from `start` to the end of the file for later slices. */
  keepTail(start: number, bytes: Uint8Array): void {
    this.tail = { start, bytes };
  }

  /** Whether `[start, end)` is held whole. */
  holds(start: number, end: number): boolean {
    return (this.held(start, end)?.byteLength ?? 0) >= end - start;
  }

  /**
   * Fetches the ranges whose start is not already held, in parallel, and keeps them with the ones read
   * before (the least recently used are let go past KEEP_BYTES of others; the ones of this call stay).
   * A range whose start is held keeps what is held, even if shorter: a reader that finds it short reads
   * the rest itself.
   */
  async prefetch(ranges: { start: number; end: number }[]): Promise<void> {
    const page = new Set<{ start: number; bytes: Uint8Array }>();
    await Promise.all(
      ranges.map(async ({ start, end }) => {
        const kept = this.chunks.find((c) => start >= c.start && start < c.start + c.bytes.byteLength);
        if (kept) page.add(kept);
        else if (!this.held(start, end)) page.add({ start, bytes: await this.read(start, end) });
      }),
    );
    let total = 0;
    const older = this.chunks.filter((c) => {
      if (page.has(c)) return false;
      total += c.bytes.byteLength;
      return total <= KEEP_BYTES;
    });
    this.chunks = [...page, ...older];
  }

  /** Moves a kept chunk to the front: the last to be let go. */
  private used(chunk: { start: number; bytes: Uint8Array }): void {
    const i = this.chunks.indexOf(chunk);
    if (i > 0) this.chunks = [chunk, ...this.chunks.slice(0, i), ...this.chunks.slice(i + 1)];
  }

  async slice(start: number, end = this.byteLength): Promise<ArrayBuffer> {
    return toArrayBuffer(await this.read(start, end));
  }
}

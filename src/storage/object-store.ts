/** One object in a store. Keys are always relative to the lake root and use `/`. */
export interface ObjectInfo {
  key: string;
  size: number;
  lastModified: Date;
  /** S3 storage class; a local folder reports STANDARD. */
  storageClass: string;
  etag?: string;
}

/** One page of a listing: the objects, and with a delimiter the common prefixes (ending in `/`). */
export interface ListPage {
  objects: ObjectInfo[];
  prefixes: string[];
}

export interface ListOptions {
  /**
   * `/` for a one-level (delimiter) listing; omitted for a flat recursive listing. Any other string
   * groups keys as S3 does: up to and including its first occurrence after the prefix, as one prefix.
   */
  delimiter?: string;
  /** Keys per page, at most 1,000 (the S3 limit). */
  pageSize?: number;
  /** Start listing after this key (exclusive). */
  startAfter?: string;
}

/** Byte range, `end` exclusive. A range past the end of the object is clipped to it. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The end of an object, and how large the whole object is. */
export interface ObjectTail {
  bytes: Uint8Array;
  size: number;
}

export interface PutOptions {
  storageClass?: string;
  contentType?: string;
}

export interface DeleteResult {
  deleted: number;
  errors: { key: string; message: string }[];
}

/** Counts of calls made, by operation: what benchmarks and the cost view report. */
export type RequestCounts = Record<string, number>;

/**
 * The lake's storage: an S3 bucket/prefix or a local folder, with the same semantics.
 * Every key is relative to the lake root; prefixes given to `list` end in `/` or are empty.
 */
export interface ObjectStore {
  readonly kind: "s3" | "local";
  /** Where the lake root is: `s3://bucket/prefix` or an absolute folder path. */
  readonly root: string;
  /** Full location of a key: `s3://bucket/prefix/key` or an absolute file path. */
  uri(key: string): string;
  /** Streams pages as they arrive; never collects a whole prefix before the first page. */
  list(prefix: string, options?: ListOptions): AsyncIterable<ListPage>;
  /** Throws NotFoundError when the key does not exist. */
  head(key: string): Promise<ObjectInfo>;
  /** Reads the whole object or a byte range of it. Throws NotFoundError when missing. */
  read(key: string, range?: ByteRange): Promise<Uint8Array>;
  /**
   * Reads the last `length` bytes (all of it when the object is shorter) and the object's size, in one
   * request (an S3 suffix range: no HEAD first). Throws NotFoundError when missing. Optional: without it,
   * callers `head` then `read`.
   */
  readTail?(key: string, length: number): Promise<ObjectTail>;
  /** Writes an object atomically (readers see the old object or the new one, never a part). */
  put(
    key: string,
    body: Uint8Array | string | AsyncIterable<Uint8Array>,
    options?: PutOptions,
  ): Promise<void>;
  /**
   * Copies an object within the lake without passing its bytes through this process (a local file
   * copy, an S3 server-side CopyObject), atomically as `put`. Throws NotFoundError when `from` is
   * missing. Optional: wrappers (read-only, tenant scope) leave it out, and callers then read and put.
   */
  copy?(from: string, to: string): Promise<void>;
  /** Deletes keys (in batches of 1,000 on S3); missing keys count as deleted. */
  delete(keys: string[]): Promise<DeleteResult>;
  /** Requests made so far, by operation name (e.g. `ListObjectsV2`, `GetObject`). */
  readonly requests: RequestCounts;
}

import type {
  ByteRange,
  DeleteResult,
  ListOptions,
  ListPage,
  ObjectInfo,
  ObjectStore,
  ObjectTail,
  PutOptions,
  RequestCounts,
} from "./object-store.js";
import type { S3Store, S3StoreOptions } from "./s3-store.js";

/**
 * An S3 store whose AWS SDK client is loaded on first use (like DeferredCatalog for Glue), so opening a
 * lake, or a local lake's whole session, never pays for the SDK's modules.
 */
export class DeferredS3Store implements ObjectStore {
  readonly kind = "s3" as const;
  readonly root: string;
  private readonly bucket: string;
  private readonly prefix: string;
  private loaded: S3Store | undefined;
  private loading: Promise<S3Store> | undefined;

  constructor(private readonly options: S3StoreOptions) {
    // The same root and prefix as S3Store's (tested side by side), known without loading the SDK.
    this.bucket = options.bucket;
    const prefix = (options.prefix ?? "").replace(/^\/+/, "");
    this.prefix = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    this.root = `s3://${this.bucket}${this.prefix ? `/${this.prefix.slice(0, -1)}` : ""}`;
  }

  private store(): Promise<S3Store> {
    this.loading ??= import("./s3-store.js").then(({ S3Store }) => {
      this.loaded = new S3Store(this.options);
      return this.loaded;
    });
    return this.loading;
  }

  /** No requests before the SDK is loaded; the S3 store's live counts after. */
  get requests(): RequestCounts {
    return this.loaded?.requests ?? {};
  }

  uri(key: string): string {
    return `s3://${this.bucket}/${this.prefix}${key}`;
  }
  async *list(prefix: string, options?: ListOptions): AsyncIterable<ListPage> {
    yield* (await this.store()).list(prefix, options);
  }
  async head(key: string): Promise<ObjectInfo> {
    return (await this.store()).head(key);
  }
  async read(key: string, range?: ByteRange): Promise<Uint8Array> {
    return (await this.store()).read(key, range);
  }
  async readTail(key: string, length: number): Promise<ObjectTail> {
    return (await this.store()).readTail(key, length);
  }
  async put(
    key: string,
    body: Uint8Array | string | AsyncIterable<Uint8Array>,
    options?: PutOptions,
  ): Promise<void> {
    return (await this.store()).put(key, body, options);
  }
  async copy(from: string, to: string): Promise<void> {
    return (await this.store()).copy(from, to);
  }
  async delete(keys: string[]): Promise<DeleteResult> {
    return (await this.store()).delete(keys);
  }
}

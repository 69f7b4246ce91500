import { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
  type StorageClass,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { networkOf } from "../aws/client.js";
import { MedallionError } from "../errors.js";
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
import { createS3Client, type S3ConnectionOptions } from "./s3-client.js";
import { mapS3Error, type S3Target } from "./s3-errors.js";

export interface S3StoreOptions extends S3ConnectionOptions {
  bucket: string;
  /** Lake root inside the bucket: empty or ending in `/`. */
  prefix?: string;
  /** Bodies larger than this go up in parts of this size (S3 minimum 5 MiB). */
  partSize?: number;
  /** Parts uploaded at once in a multipart upload. */
  uploadConcurrency?: number;
  /**
   * Asked for by every write (`x-amz-server-side-encryption`, and the KMS key): PutObject, the
   * CreateMultipartUpload of a large body (its parts take the upload's encryption) and CopyObject.
   */
  serverSideEncryption?: ServerSideEncryptionSetting;
}

/** SSE-S3, or SSE-KMS with a key id, ARN or alias. */
export type ServerSideEncryptionSetting = "AES256" | { kms: string };

/** The request fields of a setting. */
function encryptionFields(setting: ServerSideEncryptionSetting | undefined) {
  if (setting === undefined) return {};
  if (setting === "AES256") return { ServerSideEncryption: "AES256" as const };
  return { ServerSideEncryption: "aws:kms" as const, SSEKMSKeyId: setting.kms };
}

const MAX_KEYS = 1000;
const MIN_PART = 5 * 1024 * 1024;

/** The lake in an S3 bucket/prefix through the AWS SDK v3; every SDK error is mapped once, here. */
export class S3Store implements ObjectStore {
  readonly kind = "s3" as const;
  readonly root: string;
  readonly requests: RequestCounts = {};
  readonly bucket: string;
  /** Lake root inside the bucket: empty or ending in `/`. */
  readonly prefix: string;
  readonly client: S3Client;
  private readonly partSize: number;
  private readonly uploadConcurrency: number;
  private readonly connection: S3ConnectionOptions;
  private readonly encryption: ReturnType<typeof encryptionFields>;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    const prefix = (options.prefix ?? "").replace(/^\/+/, "");
    this.prefix = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
    this.root = `s3://${this.bucket}${this.prefix ? `/${this.prefix.slice(0, -1)}` : ""}`;
    this.partSize = Math.max(options.partSize ?? 8 * 1024 * 1024, MIN_PART);
    this.uploadConcurrency = options.uploadConcurrency ?? 4;
    this.connection = options;
    this.encryption = encryptionFields(options.serverSideEncryption);
    this.client = createS3Client(options, this.requests);
  }

  uri(key: string): string {
    return `s3://${this.bucket}/${this.prefix}${key}`;
  }

  private target(
    operation: string | undefined,
    where: { key?: string; prefix?: string },
    midBody = false,
  ): S3Target {
    return {
      operation,
      network: networkOf(this.connection),
      midBody,
      bucket: this.bucket,
      key: where.key === undefined ? undefined : this.prefix + where.key,
      prefix: where.prefix === undefined ? undefined : this.prefix + where.prefix,
      endpoint: this.connection.endpointUrl,
      profile: this.connection.profile,
    };
  }

  async *list(prefix: string, options: ListOptions = {}): AsyncIterable<ListPage> {
    const maxKeys = Math.min(Math.max(1, options.pageSize ?? MAX_KEYS), MAX_KEYS);
    const strip = this.prefix.length;
    let token: string | undefined;
    do {
      let response: ListObjectsV2CommandOutput;
      try {
        response = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: this.prefix + prefix,
            Delimiter: options.delimiter,
            MaxKeys: maxKeys,
            StartAfter:
              token === undefined && options.startAfter !== undefined
                ? this.prefix + options.startAfter
                : undefined,
            ContinuationToken: token,
          }),
        );
      } catch (err) {
        throw mapS3Error(err, this.target("ListObjectsV2", { prefix }));
      }
      const objects: ObjectInfo[] = (response.Contents ?? []).map((o) => ({
        key: (o.Key ?? "").slice(strip),
        size: o.Size ?? 0,
        lastModified: o.LastModified ?? new Date(0),
        storageClass: o.StorageClass ?? "STANDARD",
        etag: o.ETag,
      }));
      const prefixes = (response.CommonPrefixes ?? []).map((p) => (p.Prefix ?? "").slice(strip));
      yield { objects, prefixes };
      token = response.IsTruncated ? response.NextContinuationToken : undefined;
    } while (token);
  }

  async head(key: string): Promise<ObjectInfo> {
    try {
      const response = await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
      );
      return {
        key,
        size: response.ContentLength ?? 0,
        lastModified: response.LastModified ?? new Date(0),
        storageClass: response.StorageClass ?? "STANDARD",
        etag: response.ETag,
      };
    } catch (err) {
      throw mapS3Error(err, this.target("HeadObject", { key }));
    }
  }

  async read(key: string, range?: ByteRange): Promise<Uint8Array> {
    if (range && (range.start < 0 || range.end < range.start || !Number.isInteger(range.start))) {
      throw new MedallionError(
        "usage",
        `invalid byte range ${range.start}-${range.end} for ${this.uri(key)}`,
      );
    }
    if (range && range.end === range.start) {
      await this.head(key); // an empty range still says whether the key exists
      return new Uint8Array(0);
    }
    let response: GetObjectCommandOutput;
    try {
      response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + key,
          // HTTP ranges are inclusive; ours is end-exclusive.
          Range: range ? `bytes=${range.start}-${range.end - 1}` : undefined,
        }),
      );
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      // A range that starts past the end of the object: nothing to read (S3 answers 416 InvalidRange).
      if (range && (e.name === "InvalidRange" || e.$metadata?.httpStatusCode === 416))
        return new Uint8Array(0);
      throw mapS3Error(err, this.target("GetObject", { key }));
    }
    return this.body(response, key);
  }

  async readTail(key: string, length: number): Promise<ObjectTail> {
    if (!(length >= 0)) {
      throw new MedallionError("usage", `invalid tail length ${length} for ${this.uri(key)}`);
    }
    if (Math.floor(length) === 0) return { bytes: new Uint8Array(0), size: (await this.head(key)).size };
    let response: GetObjectCommandOutput;
    try {
      // A suffix range: S3 answers with the last bytes and `Content-Range: bytes a-b/<size>`, so no HEAD.
      response = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + key,
          Range: `bytes=-${Math.floor(length)}`,
        }),
      );
    } catch (err) {
      const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
      // An empty object may answer a suffix range with 416: nothing to read.
      if (e.name === "InvalidRange" || e.$metadata?.httpStatusCode === 416) {
        return { bytes: new Uint8Array(0), size: (await this.head(key)).size };
      }
      throw mapS3Error(err, this.target("GetObject", { key }));
    }
    const bytes = await this.body(response, key);
    const total = /\/(\d+)$/.exec(response.ContentRange ?? "")?.[1];
    // No Content-Range: the whole object came back (an empty object ignores ranges).
    return { bytes, size: total === undefined ? bytes.byteLength : Number(total) };
  }

  /** Reads an answered GetObject's body; the socket's idle timeout ends a stall mid-body (not retried). */
  private async body(response: GetObjectCommandOutput, key: string): Promise<Uint8Array> {
    try {
      return response.Body ? await response.Body.transformToByteArray() : new Uint8Array(0);
    } catch (err) {
      throw mapS3Error(err, this.target("GetObject", { key }, true));
    }
  }

  async put(
    key: string,
    body: Uint8Array | string | AsyncIterable<Uint8Array>,
    options: PutOptions = {},
  ): Promise<void> {
    const params = {
      Bucket: this.bucket,
      Key: this.prefix + key,
      StorageClass: options.storageClass as StorageClass | undefined,
      ContentType: options.contentType,
      ...this.encryption,
    };
    const size =
      typeof body === "string"
        ? Buffer.byteLength(body)
        : body instanceof Uint8Array
          ? body.byteLength
          : undefined;
    const multipart = size === undefined || size > this.partSize;
    try {
      if (!multipart) {
        await this.client.send(new PutObjectCommand({ ...params, Body: body as Uint8Array | string }));
        return;
      }
      // Large or streamed bodies go up in parts; S3 shows the object only once every part is in.
      const upload = new Upload({
        client: this.client,
        params: {
          ...params,
          Body:
            size === undefined
              ? Readable.from(body as AsyncIterable<Uint8Array>)
              : (body as Uint8Array | string),
        },
        partSize: this.partSize,
        queueSize: this.uploadConcurrency,
        leavePartsOnError: false,
      });
      await upload.done();
    } catch (err) {
      throw mapS3Error(err, this.target(multipart ? undefined : "PutObject", { key }));
    }
  }

  /** Server-side: S3 copies the bytes (one CopyObject up to 5 GB; larger objects are read and put). */
  async copy(from: string, to: string): Promise<void> {
    const size = (await this.head(from)).size;
    if (size > 5 * 1024 ** 3) return this.put(to, await this.read(from));
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + to,
          // Bucket/key, URL-encoded as S3 asks (a key may hold spaces, `=`, `%`).
          CopySource: `${this.bucket}/${(this.prefix + from).split("/").map(encodeURIComponent).join("/")}`,
          ...this.encryption,
        }),
      );
    } catch (err) {
      throw mapS3Error(err, this.target("CopyObject", { key: from }));
    }
  }

  async delete(keys: string[]): Promise<DeleteResult> {
    const result: DeleteResult = { deleted: 0, errors: [] };
    for (let i = 0; i < keys.length; i += MAX_KEYS) {
      const batch = keys.slice(i, i + MAX_KEYS);
      try {
        const response = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: batch.map((key) => ({ Key: this.prefix + key })), Quiet: true },
          }),
        );
        const errors = (response.Errors ?? []).map((e) => ({
          key: (e.Key ?? "").slice(this.prefix.length),
          message: `${e.Code ?? "Error"}: ${e.Message ?? "not deleted"}`,
        }));
        result.errors.push(...errors);
        result.deleted += batch.length - errors.length;
      } catch (err) {
        throw mapS3Error(err, this.target("DeleteObjects", { prefix: commonPrefix(batch) }));
      }
    }
    return result;
  }
}

/** The longest folder prefix shared by keys: what an error about a batch names. */
function commonPrefix(keys: string[]): string {
  if (keys.length === 0) return "";
  let shared = keys[0] ?? "";
  for (const key of keys) {
    while (!key.startsWith(shared)) shared = shared.slice(0, -1);
  }
  return shared.slice(0, shared.lastIndexOf("/") + 1);
}

// Bucket-level S3 calls the cost scan, `lifecycle` and `init` need (lifecycle, versioning, encryption,
// public access block, object versions, incomplete multipart uploads), on the store's connection
// settings, every SDK error mapped once here. A call an S3-compatible endpoint lacks → UnsupportedCall.
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetPublicAccessBlockCommand,
  type LifecycleRule,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
  type PublicAccessBlockConfiguration,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
  type ServerSideEncryptionConfiguration,
  type TransitionDefaultMinimumObjectSize,
} from "@aws-sdk/client-s3";
import { MedallionError } from "../errors.js";
import type { RequestCounts } from "./object-store.js";
import { createS3Client, type S3ConnectionOptions } from "./s3-client.js";
import { mapS3Error } from "./s3-errors.js";

export type {
  LifecycleRule,
  PublicAccessBlockConfiguration,
  ServerSideEncryptionConfiguration,
  TransitionDefaultMinimumObjectSize,
};

/** The endpoint does not implement a call (MinIO, Ceph and others lack some bucket APIs). */
export class UnsupportedCall extends MedallionError {
  constructor(
    readonly call: string,
    endpoint: string | undefined,
  ) {
    super("not-yet", `${endpoint ? `the endpoint ${endpoint}` : "S3"} does not implement ${call}`);
    this.name = "UnsupportedCall";
  }
}

interface SdkError {
  name?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

const UNSUPPORTED = new Set(["NotImplemented", "MethodNotAllowed", "UnsupportedOperation"]);

/** One version of an object under the prefix (keys relative to the admin's prefix). */
export interface ObjectVersion {
  key: string;
  size: number;
  lastModified: number;
  storageClass: string;
  isLatest: boolean;
  isDeleteMarker: boolean;
}

export interface IncompleteUpload {
  key: string;
  uploadId: string;
  initiated?: Date;
}

export interface S3AdminOptions extends S3ConnectionOptions {
  bucket: string;
  /** Lake root inside the bucket: empty or ending in `/`. */
  prefix?: string;
}

export class S3Admin {
  readonly requests: RequestCounts = {};
  readonly bucket: string;
  readonly prefix: string;
  readonly client: S3Client;
  private readonly endpoint: string | undefined;
  private readonly profile: string | undefined;

  constructor(options: S3AdminOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? "";
    this.endpoint = options.endpointUrl;
    this.profile = options.profile;
    this.client = createS3Client(options, this.requests);
  }

  /** Sends one call; `missing` names the error codes that mean "not configured" (→ undefined). */
  private async call<T>(
    name: string,
    run: () => Promise<T>,
    missing: string[] = [],
    where: { bucket: string; key?: string } = { bucket: this.bucket },
  ): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      const e = (error ?? {}) as SdkError;
      const code = e.name ?? e.Code ?? "";
      if (missing.includes(code)) return undefined;
      if (UNSUPPORTED.has(code) || e.$metadata?.httpStatusCode === 501)
        throw new UnsupportedCall(name, this.endpoint);
      const prefix = where.key === undefined ? this.prefix : undefined;
      throw mapS3Error(error, { ...where, prefix, endpoint: this.endpoint, profile: this.profile });
    }
  }

  /** The bucket's lifecycle rules; empty when it has none. */
  async lifecycleRules(): Promise<LifecycleRule[]> {
    return (await this.lifecycle()).rules;
  }

  /**
   * The bucket's lifecycle rules, and which objects under 128 KiB S3 transitions by default
   * (`varies_by_storage_class`: to GLACIER and DEEP_ARCHIVE; `all_storage_classes_128K`: none).
   */
  async lifecycle(): Promise<{ rules: LifecycleRule[]; smallObjects?: TransitionDefaultMinimumObjectSize }> {
    const out = await this.call(
      "GetBucketLifecycleConfiguration",
      () => this.client.send(new GetBucketLifecycleConfigurationCommand({ Bucket: this.bucket })),
      ["NoSuchLifecycleConfiguration"],
    );
    return { rules: out?.Rules ?? [], smallObjects: out?.TransitionDefaultMinimumObjectSize };
  }

  /**
   * Replaces the bucket's rules. S3 resets the small-object default unless it is sent again, so a
   * caller that read it passes it back.
   */
  async putLifecycleRules(
    rules: LifecycleRule[],
    smallObjects?: TransitionDefaultMinimumObjectSize,
  ): Promise<void> {
    await this.call("PutBucketLifecycleConfiguration", () =>
      this.client.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: this.bucket,
          LifecycleConfiguration: { Rules: rules },
          ...(smallObjects ? { TransitionDefaultMinimumObjectSize: smallObjects } : {}),
        }),
      ),
    );
  }

  /** `Enabled`, `Suspended`, or undefined when versioning was never turned on. */
  async versioning(): Promise<string | undefined> {
    const out = await this.call("GetBucketVersioning", () =>
      this.client.send(new GetBucketVersioningCommand({ Bucket: this.bucket })),
    );
    return out?.Status;
  }

  async enableVersioning(): Promise<void> {
    await this.call("PutBucketVersioning", () =>
      this.client.send(
        new PutBucketVersioningCommand({
          Bucket: this.bucket,
          VersioningConfiguration: { Status: "Enabled" },
        }),
      ),
    );
  }

  /** The default encryption, or undefined when the bucket has none configured. */
  async encryption(): Promise<ServerSideEncryptionConfiguration | undefined> {
    const out = await this.call(
      "GetBucketEncryption",
      () => this.client.send(new GetBucketEncryptionCommand({ Bucket: this.bucket })),
      ["ServerSideEncryptionConfigurationNotFoundError"],
    );
    return out?.ServerSideEncryptionConfiguration;
  }

  async putEncryption(configuration: ServerSideEncryptionConfiguration): Promise<void> {
    await this.call("PutBucketEncryption", () =>
      this.client.send(
        new PutBucketEncryptionCommand({
          Bucket: this.bucket,
          ServerSideEncryptionConfiguration: configuration,
        }),
      ),
    );
  }

  async publicAccessBlock(): Promise<PublicAccessBlockConfiguration | undefined> {
    const out = await this.call(
      "GetPublicAccessBlock",
      () => this.client.send(new GetPublicAccessBlockCommand({ Bucket: this.bucket })),
      ["NoSuchPublicAccessBlockConfiguration"],
    );
    return out?.PublicAccessBlockConfiguration;
  }

  async putPublicAccessBlock(configuration: PublicAccessBlockConfiguration): Promise<void> {
    await this.call("PutPublicAccessBlock", () =>
      this.client.send(
        new PutPublicAccessBlockCommand({
          Bucket: this.bucket,
          PublicAccessBlockConfiguration: configuration,
        }),
      ),
    );
  }

  /** Every version and delete marker under `prefix` (relative to the lake root), a page at a time. */
  async *versions(prefix: string): AsyncIterable<ObjectVersion[]> {
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    const strip = this.prefix.length;
    do {
      const out = await this.call("ListObjectVersions", () =>
        this.client.send(
          new ListObjectVersionsCommand({
            Bucket: this.bucket,
            Prefix: this.prefix + prefix,
            KeyMarker: keyMarker,
            VersionIdMarker: versionMarker,
          }),
        ),
      );
      const page: ObjectVersion[] = [];
      for (const v of out?.Versions ?? []) {
        page.push({
          key: (v.Key ?? "").slice(strip),
          size: v.Size ?? 0,
          lastModified: v.LastModified?.getTime() ?? 0,
          storageClass: v.StorageClass ?? "STANDARD",
          isLatest: v.IsLatest ?? true,
          isDeleteMarker: false,
        });
      }
      for (const m of out?.DeleteMarkers ?? []) {
        page.push({
          key: (m.Key ?? "").slice(strip),
          size: 0,
          lastModified: m.LastModified?.getTime() ?? 0,
          storageClass: "STANDARD",
          isLatest: m.IsLatest ?? false,
          isDeleteMarker: true,
        });
      }
      yield page;
      keyMarker = out?.IsTruncated ? out.NextKeyMarker : undefined;
      versionMarker = out?.IsTruncated ? out.NextVersionIdMarker : undefined;
    } while (keyMarker);
  }

  /** Multipart uploads started under `prefix` and never completed or aborted. */
  async *incompleteUploads(prefix: string): AsyncIterable<IncompleteUpload[]> {
    let keyMarker: string | undefined;
    let uploadMarker: string | undefined;
    const strip = this.prefix.length;
    do {
      const out = await this.call("ListMultipartUploads", () =>
        this.client.send(
          new ListMultipartUploadsCommand({
            Bucket: this.bucket,
            Prefix: this.prefix + prefix,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadMarker,
          }),
        ),
      );
      yield (out?.Uploads ?? []).map((u) => ({
        key: (u.Key ?? "").slice(strip),
        uploadId: u.UploadId ?? "",
        initiated: u.Initiated,
      }));
      keyMarker = out?.IsTruncated ? out.NextKeyMarker : undefined;
      uploadMarker = out?.IsTruncated ? out.NextUploadIdMarker : undefined;
    } while (keyMarker);
  }

  /** The parts of an upload so far: how many, and their bytes (billed until the upload is aborted). */
  async uploadParts(upload: IncompleteUpload): Promise<{ parts: number; bytes: number }> {
    let marker: string | undefined;
    let parts = 0;
    let bytes = 0;
    do {
      const out = await this.call("ListParts", () =>
        this.client.send(
          new ListPartsCommand({
            Bucket: this.bucket,
            Key: this.prefix + upload.key,
            UploadId: upload.uploadId,
            PartNumberMarker: marker,
          }),
        ),
      );
      for (const p of out?.Parts ?? []) {
        parts += 1;
        bytes += p.Size ?? 0;
      }
      marker = out?.IsTruncated ? out.NextPartNumberMarker : undefined;
    } while (marker);
    return { parts, bytes };
  }

  /** Reads a whole object of any bucket on this connection (an inventory report's files). */
  async readObject(bucket: string, key: string): Promise<Uint8Array> {
    const out = await this.call(
      "GetObject",
      () => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })),
      [],
      { bucket, key },
    );
    return out?.Body ? await out.Body.transformToByteArray() : new Uint8Array(0);
  }
}

import type { Config } from "../config/index.js";
import { DeferredS3Store } from "./deferred-s3-store.js";
import { LocalStore } from "./local-store.js";
import type { ObjectStore } from "./object-store.js";

export { MedallionError, NotFoundError } from "../errors.js";
export { DeferredS3Store } from "./deferred-s3-store.js";
export { compareKeys } from "./key-order.js";
export { LocalStore } from "./local-store.js";
export type {
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
export {
  type DiscoveredPartition,
  type DiscoveryBatch,
  type DiscoveryOptions,
  type DiscoveryPlan,
  type DiscoveryStrategy,
  discoverPartitions,
  type OtherFolder,
  type PrefixStats,
  type StrayFile,
} from "./partition-walk.js";
// The S3 modules load the AWS SDK: import S3Store, createS3Client and mapS3Error from their own files.
export type { S3ConnectionOptions } from "./s3-client.js";
export type { S3Target } from "./s3-errors.js";
export type { S3Store, S3StoreOptions } from "./s3-store.js";

/**
 * The store of a lake: its local folder, or its S3 bucket/prefix (region, profile and endpoint from the
 * config). The AWS SDK loads on the S3 store's first call, never for a local lake.
 */
export function openStore(config: Config): ObjectStore {
  const { root } = config;
  if (root.kind === "local") return new LocalStore(root.path);
  return new DeferredS3Store({
    bucket: root.bucket,
    prefix: root.prefix,
    region: config.region,
    profile: config.profile,
    endpointUrl: config.endpointUrl,
    network: config.network,
    // A tenant's policy (src/govern/tenant-policy.ts) refuses writes that do not ask for encryption.
    ...(config.encryption
      ? { serverSideEncryption: { kms: config.encryption.kms } }
      : config.tenant !== undefined && { serverSideEncryption: "AES256" as const }),
  });
}

import type { Config } from "../config/index.js";
import { LocalStore } from "./local-store.js";
import type { ObjectStore } from "./object-store.js";
import { S3Store } from "./s3-store.js";

export { MedallionError, NotFoundError } from "../errors.js";
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
export { createS3Client, type S3ConnectionOptions } from "./s3-client.js";
export { mapS3Error, type S3Target } from "./s3-errors.js";
export { S3Store, type S3StoreOptions } from "./s3-store.js";

/**
 * The store of a lake: its local folder, or its S3 bucket/prefix (region, profile and endpoint from the
 * config). This module loads the AWS SDK: commands import it lazily, inside their action.
 */
export function openStore(config: Config): ObjectStore {
  const { root } = config;
  if (root.kind === "local") return new LocalStore(root.path);
  return new S3Store({
    bucket: root.bucket,
    prefix: root.prefix,
    region: config.region,
    profile: config.profile,
    endpointUrl: config.endpointUrl,
  });
}

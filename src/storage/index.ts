import type { Config } from "../config/index.js";
import { MedallionError } from "../errors.js";
import { LocalStore } from "./local-store.js";
import type { ObjectStore } from "./object-store.js";

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
  PutOptions,
  RequestCounts,
} from "./object-store.js";

/** The store of a lake: its local folder, or its S3 bucket/prefix. */
export function openStore(config: Config): ObjectStore {
  if (config.root.kind === "local") return new LocalStore(config.root.path);
  throw new MedallionError("not-yet", "not yet: the S3 store is being built (src/storage/s3-store.ts)");
}

import type { Config } from "../config/index.js";
import type { Catalog } from "./catalog.js";
import { DeferredCatalog } from "./deferred-catalog.js";
import type { GlueCatalogOptions } from "./glue-catalog.js";
import { LocalCatalog, type LocalCatalogOptions } from "./local-catalog.js";
import { localCatalogFile } from "./local-location.js";

export type {
  BatchProgress,
  BatchResult,
  Catalog,
  CatalogPartition,
  CatalogTable,
  Column,
  PartitionFailure,
  PartitionFilter,
  TableFormat,
} from "./catalog.js";
export type { GlueCatalogOptions } from "./glue-catalog.js";
export { LOCAL_BATCH_SIZE, LocalCatalog, type LocalCatalogOptions } from "./local-catalog.js";
export { localCatalogFile, userStateDir } from "./local-location.js";
export { partitionKey, partitionValuesOf } from "./partition-key.js";

export interface OpenCatalogOptions {
  glue?: GlueCatalogOptions;
  local?: LocalCatalogOptions;
}

/** The lake's catalog: Glue (its SDK loaded on first use) or the embedded one kept with the lake. */
export function openCatalog(config: Config, options: OpenCatalogOptions = {}): Catalog {
  if (config.catalog === "glue") {
    return new DeferredCatalog("glue", async () => {
      const { GlueCatalog } = await import("./glue-catalog.js");
      return GlueCatalog.fromConfig(config, options.glue);
    });
  }
  return new LocalCatalog(localCatalogFile(config.root), options.local);
}

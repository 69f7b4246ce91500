import { type Catalog, openCatalog } from "../catalog/index.js";
import { readOnlyCatalog } from "../govern/index.js";
import type { Lake } from "../lake/index.js";

/** The lake's catalog, guarded by read-only mode like its store. */
export function lakeCatalog(lake: Lake): Catalog {
  const catalog = openCatalog(lake.config);
  return lake.readOnly ? readOnlyCatalog(catalog) : catalog;
}

import type { Catalog } from "../catalog/catalog.js";
import type { Config, TableConfig } from "../config/index.js";
import { readOnlyCatalog, readOnlyStore } from "../govern/read-only.js";
import { type ObjectStore, openStore } from "../storage/index.js";
import { declaredKeys, parseLakePath, tablePath } from "./lake-path.js";
import { layoutFromConfig } from "./layout.js";
import { resolveLocation, rootLocation } from "./resolve.js";
import type { LakeLayout, LakePath } from "./types.js";

/** One lake, wired: its config, path layout and store, with the read-only guard applied in one place. */
export interface Lake {
  readonly config: Config;
  readonly layout: LakeLayout;
  /** True with --read-only or readOnly: true; every mutating store and catalog call then refuses. */
  readonly readOnly: boolean;
  /** `s3://bucket/prefix` or the lake folder, for messages. */
  readonly location: string;
  /** The lake's storage, opened on first use. */
  readonly store: ObjectStore;
  /** The lake's catalog (Glue or the embedded one), loaded on first call; the same one after. */
  catalog(): Promise<Catalog>;
  /** Closes what was opened (the catalog's file or client). */
  close(): Promise<void>;
  /** A key relative to the lake root from a lake path, an s3:// URI or a local file path. */
  resolve(location: string): string;
  /** Splits a key under the root into the lake's words, with anomalies. */
  parse(key: string): LakePath;
  /** The table's config (a tenant's table falls back to the table's tenant-less entry). */
  tableConfig(tablePath: string): TableConfig | undefined;
  /** The table's declared partition keys, or undefined when it declares none. */
  partitionKeys(tablePath: string): string[] | undefined;
}

/** The table a lake path is in, parsed as a folder: `bronze/sales/orders/year=2024` → its LakePath. */
function tableOf(layout: LakeLayout, location: string): LakePath | undefined {
  const p = parseLakePath(location.endsWith("/") ? location : `${location}/`, layout);
  return tablePath(p) === undefined ? undefined : p;
}

class OpenLake implements Lake {
  readonly layout: LakeLayout;
  readonly readOnly: boolean;
  readonly location: string;
  private openedStore: ObjectStore | undefined;
  private openedCatalog: Promise<Catalog> | undefined;

  constructor(readonly config: Config) {
    this.layout = layoutFromConfig(config);
    this.readOnly = config.readOnly;
    this.location = rootLocation(config.root);
  }

  get store(): ObjectStore {
    if (this.openedStore === undefined) {
      const store = openStore(this.config);
      this.openedStore = this.readOnly ? readOnlyStore(store) : store;
    }
    return this.openedStore;
  }

  catalog(): Promise<Catalog> {
    // Imported here so commands that never touch the catalog do not load it (nor, for Glue, the AWS SDK).
    this.openedCatalog ??= import("../catalog/index.js").then(({ openCatalog }) => {
      const catalog = openCatalog(this.config);
      return this.readOnly ? readOnlyCatalog(catalog) : catalog;
    });
    return this.openedCatalog;
  }

  async close(): Promise<void> {
    const catalog = this.openedCatalog;
    this.openedCatalog = undefined;
    // A catalog that failed to open has nothing to close.
    await catalog?.then(
      (c) => c.close?.(),
      () => undefined,
    );
  }

  resolve(location: string): string {
    const layers = [...this.layout.layers, "_medallion"];
    return resolveLocation(location, this.config.root, { layers });
  }

  parse(key: string): LakePath {
    return parseLakePath(key, this.layout);
  }

  tableConfig(location: string): TableConfig | undefined {
    const p = tableOf(this.layout, location);
    if (p === undefined) return undefined;
    const own = this.config.tables[tablePath(p) as string];
    if (own !== undefined || p.tenant === undefined) return own;
    return this.config.tables[tablePath({ ...p, tenant: undefined }) as string];
  }

  partitionKeys(location: string): string[] | undefined {
    const p = tableOf(this.layout, location);
    return p === undefined ? undefined : declaredKeys(this.layout, p);
  }
}

/** Opens a lake from its config; nothing slow happens until the store or catalog is first used. */
export function openLake(config: Config): Lake {
  return new OpenLake(config);
}

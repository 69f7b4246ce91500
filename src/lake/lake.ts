import type { Catalog } from "../catalog/catalog.js";
import type { Config, TableConfig } from "../config/index.js";
import { readOnlyCatalog, readOnlyStore } from "../govern/read-only.js";
import { checkInTenant, type TenantScope, tenantConfig, tenantScope } from "../govern/tenant-scope.js";
import { tenantStore } from "../govern/tenant-store.js";
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
  /** With --tenant or `tenant:`, the one tenant every store and catalog call is kept to. */
  readonly tenant?: TenantScope;
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
  readonly tenant?: TenantScope;
  readonly location: string;
  readonly config: Config;
  private openedStore: ObjectStore | undefined;
  private openedCatalog: Promise<Catalog> | undefined;

  constructor(config: Config) {
    const layers = [config.layers.bronze, config.layers.silver, config.layers.gold];
    if (config.tenant !== undefined) this.tenant = tenantScope(config.tenant, layers);
    // A tenant sees the config's tables as its own copies (tenant-scope.ts: tenantConfig).
    this.config = this.tenant ? tenantConfig(config, this.tenant) : config;
    this.layout = layoutFromConfig(this.config);
    this.readOnly = config.readOnly;
    this.location = rootLocation(config.root);
  }

  get store(): ObjectStore {
    if (this.openedStore === undefined) {
      const store = openStore(this.config);
      const guarded = this.readOnly ? readOnlyStore(store) : store;
      this.openedStore = this.tenant ? tenantStore(guarded, this.tenant) : guarded;
    }
    return this.openedStore;
  }

  catalog(): Promise<Catalog> {
    // Imported here so commands that never touch the catalog do not load it (nor, for Glue, the AWS SDK).
    this.openedCatalog ??= import("../catalog/index.js").then(async ({ openCatalog }) => {
      const catalog = openCatalog(this.config);
      const guarded = this.readOnly ? readOnlyCatalog(catalog) : catalog;
      if (!this.tenant) return guarded;
      const { scopedCatalog } = await import("../govern/tenant-tables.js");
      return scopedCatalog(this, guarded, this.tenant);
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
    const key = resolveLocation(location, this.config.root, { layers });
    if (this.tenant) checkInTenant(this.tenant, key);
    return key;
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

// A tenant's part of a multi-tenant lake: `<layer>/tenant=<id>/` in every layer, and its own tool state
// under `_medallion/tenant=<id>/`. Pure: the scoped store and catalog (tenant-store.ts, tenant-catalog.ts)
// and the tenant policy (tenant-policy.ts) all read the scope from here.
import type { Config, TableConfig } from "../config/index.js";
import { MedallionError } from "../errors.js";

/** The tool's own state folder; a tenant's runs, staging and cost history live in its own part of it. */
const STATE = "_medallion/";

export interface TenantScope {
  tenant: string;
  /** `<layer>/tenant=<id>/` for each layer, in the config's layer order. */
  layerPrefixes: string[];
  /** `_medallion/tenant=<id>/`: where the tenant's `_medallion/…` keys really are. */
  statePrefix: string;
}

export function tenantScope(tenant: string, layers: readonly string[]): TenantScope {
  return {
    tenant,
    layerPrefixes: layers.map((layer) => `${layer}/tenant=${tenant}/`),
    statePrefix: `${STATE}tenant=${tenant}/`,
  };
}

/** The prefixes a tenant-scoped session may touch, as keys really are under the lake root. */
export function realPrefixes(scope: TenantScope): string[] {
  return [...scope.layerPrefixes, scope.statePrefix];
}

/** The same prefixes as the scoped store presents them (`_medallion/` stands for the tenant's state). */
export function shownPrefixes(scope: TenantScope): string[] {
  return [...scope.layerPrefixes, STATE];
}

/** Whether a real key (a file, or a folder ending in `/`) lies inside the tenant's prefixes. */
export function insideReal(scope: TenantScope, key: string): boolean {
  return realPrefixes(scope).some((prefix) => key.startsWith(prefix));
}

/** A key as the scoped store shows it → the key it really is: `_medallion/runs/x` → `_medallion/tenant=acme/runs/x`. */
export function toReal(scope: TenantScope, key: string): string {
  return key.startsWith(STATE) ? scope.statePrefix + key.slice(STATE.length) : key;
}

/** The inverse of toReal, for keys a listing of the real prefixes returns. */
export function fromReal(scope: TenantScope, key: string): string {
  return key.startsWith(scope.statePrefix) ? STATE + key.slice(scope.statePrefix.length) : key;
}

/** Whether a shown key lies inside the scope. */
export function insideShown(scope: TenantScope, key: string): boolean {
  return shownPrefixes(scope).some((prefix) => key.startsWith(prefix));
}

/** A listing prefix above the scope (the root, a layer): it is answered from the tenant's prefixes only. */
export function aboveShown(scope: TenantScope, prefix: string): boolean {
  return shownPrefixes(scope).some((shown) => shown.startsWith(prefix) && shown !== prefix);
}

/** `bronze/sales/orders` → `bronze/tenant=acme/sales/orders`: the tenant's own copy of a tenant-less path. */
export function tenantPath(scope: TenantScope, key: string): string | undefined {
  const [layer, next] = key.split("/");
  const prefix = scope.layerPrefixes.find((p) => p.startsWith(`${layer}/`));
  if (prefix === undefined || next === undefined || next === "" || next.startsWith("tenant="))
    return undefined;
  return prefix + key.slice(`${layer}/`.length);
}

export class OutsideTenantError extends MedallionError {
  constructor(scope: TenantScope, action: string, key: string) {
    const meant = tenantPath(scope, key);
    const hint = meant === undefined ? "" : `; did you mean ${meant.replace(/\/$/, "")}?`;
    super(
      "outside-tenant",
      `refused to ${action} \`${key === "" ? "(lake root)" : key}\`: outside tenant ${scope.tenant}, whose data is under <layer>/tenant=${scope.tenant}/${hint}`,
    );
    this.name = "OutsideTenantError";
  }
}

/** A table path's tenant copy, or itself when it names a tenant already; undefined for another tenant's. */
function ownPath(scope: TenantScope, path: string): string | undefined {
  const second = path.split("/")[1] ?? "";
  if (second.startsWith("tenant=")) return second === `tenant=${scope.tenant}` ? path : undefined;
  return tenantPath(scope, path);
}

/** A table's spec with the tables it reads moved into the tenant (a tenant's silver reads its own bronze). */
function ownSpec(scope: TenantScope, table: TableConfig): TableConfig {
  const own = (p: string) => ownPath(scope, p) ?? p;
  return {
    ...table,
    ...(table.silver && { silver: { ...table.silver, from: own(table.silver.from) } }),
    ...(table.gold && {
      gold: { ...table.gold, sources: table.gold.sources.map((s) => ({ ...s, table: own(s.table) })) },
    }),
  };
}

/**
 * The config as a tenant sees it: every tenant-less table becomes the tenant's own copy (specs reading
 * the tenant's tables), tables the config declares for this tenant win over those, other tenants' are
 * left out.
 */
export function tenantConfig(config: Config, scope: TenantScope): Config {
  const tables: Record<string, TableConfig> = {};
  const entries = Object.entries(config.tables);
  for (const [path, table] of entries) {
    if ((path.split("/")[1] ?? "").startsWith("tenant=")) continue;
    const own = ownPath(scope, path);
    if (own !== undefined) tables[own] = ownSpec(scope, table);
  }
  for (const [path, table] of entries) {
    if (path.split("/")[1] === `tenant=${scope.tenant}`) tables[path] = ownSpec(scope, table);
  }
  return { ...config, tables };
}

/** A key a user named: inside the tenant's prefixes, or a folder above them (the root, a layer); else refused. */
export function checkInTenant(scope: TenantScope, key: string): void {
  const folder = key === "" || key.endsWith("/") ? key : `${key}/`;
  if (insideShown(scope, folder) || aboveShown(scope, folder)) return;
  throw new OutsideTenantError(scope, "open", key);
}

/** The real prefixes a shown listing prefix covers: itself inside the scope, the tenant's prefixes below it above. */
export function realPrefixesUnder(scope: TenantScope, prefix: string): string[] {
  if (insideShown(scope, prefix)) return [toReal(scope, prefix)];
  return shownPrefixes(scope)
    .filter((shown) => shown.startsWith(prefix))
    .map((shown) => toReal(scope, shown));
}

// The cost breakdown: layer × tenant × domain × table × storage class, with small files, incomplete
// multipart uploads and noncurrent versions, priced from one price table.
import type { CostAggregate, Count, GroupRef } from "./aggregate.js";
import { type AccessTier, type ClassUsage, monthlyStorageCosts, pricedClass } from "./price-model.js";
import { GiB, type PriceTable } from "./prices.js";

export interface CostTotals extends Count {
  /** Bytes the bill counts: minimum sizes and archive overhead included. */
  billableBytes: number;
  /** Dollars per month for storage (monitoring included). */
  monthly: number;
}

export interface BreakdownRow extends GroupRef, CostTotals {}

/** Small files of one table: what they add to the bill and to every query that reads the table. */
export interface SmallFiles {
  table: string;
  objects: number;
  under128KiB: Count;
  under8MiB: Count;
  /** Dollars per month for the bytes billed but not stored (128 KiB minimum, 40 KiB archive overhead). */
  minimumSizeMonthly: number;
  /** Dollars in GET requests for one query that reads every object of the table once. */
  perScanRequests: number;
}

export interface Breakdown {
  rows: BreakdownRow[];
  total: CostTotals;
  smallFiles: SmallFiles[];
  /** Undefined where not looked for (a local lake, or a source that cannot say). */
  uploads?: { uploads: number; parts: number; bytes: number; monthly: number };
  noncurrent?: CostTotals & { deleteMarkers: number };
  prices: { region: string; source: string; verified: boolean };
  unpricedClasses: string[];
}

const TIER_WORDS: Record<AccessTier, string> = {
  FREQUENT: "frequent",
  INFREQUENT: "infrequent",
  ARCHIVE_INSTANT_ACCESS: "archive instant",
  ARCHIVE_ACCESS: "archive",
  DEEP_ARCHIVE_ACCESS: "deep archive",
};

/** `STANDARD_IA`; INTELLIGENT_TIERING with its access tier where known: `INTELLIGENT_TIERING: archive`. */
export function classLabel(r: Pick<GroupRef, "storageClass" | "tier">): string {
  return r.tier ? `${r.storageClass}: ${TIER_WORDS[r.tier]}` : r.storageClass;
}

/** `bronze/sales/orders`, `bronze/tenant=acme/sales/orders`, or as much of it as is known. */
export function tableName(r: Pick<GroupRef, "layer" | "tenant" | "domain" | "table">): string {
  return [r.layer, r.tenant === undefined ? undefined : `tenant=${r.tenant}`, r.domain, r.table]
    .filter((s) => s !== undefined)
    .join("/");
}

function usage(g: {
  storageClass: string;
  tier?: AccessTier;
  objects: number;
  classBytes: number;
  standardBytes: number;
  monitoredObjects: number;
}): ClassUsage {
  return {
    storageClass: pricedClass(g.storageClass),
    ...(g.tier ? { tier: g.tier } : {}),
    objects: g.objects,
    classBytes: g.classBytes,
    standardBytes: g.standardBytes,
    monitoredObjects: g.monitoredObjects,
  };
}

const zero = (): CostTotals => ({ objects: 0, bytes: 0, billableBytes: 0, monthly: 0 });

function addTo(total: CostTotals, part: CostTotals): void {
  total.objects += part.objects;
  total.bytes += part.bytes;
  total.billableBytes += part.billableBytes;
  total.monthly += part.monthly;
}

export function breakdown(aggregate: CostAggregate, prices: PriceTable): Breakdown {
  const groups = [...aggregate.groups.values()];
  const noncurrent = [...aggregate.noncurrent.values()];
  const uploads = [...aggregate.uploads.values()];
  // One pricing pass over everything billed, so STANDARD's bands see the whole lake.
  const usages: ClassUsage[] = [
    ...groups.map(usage),
    ...noncurrent.map(usage),
    ...uploads.map((u) => ({
      storageClass: "STANDARD" as const,
      objects: u.parts,
      classBytes: u.bytes,
      standardBytes: 0,
      monitoredObjects: 0,
    })),
  ];
  const costs = monthlyStorageCosts(usages, prices);
  const rows: BreakdownRow[] = groups.map((g, i) => ({
    layer: g.layer,
    tenant: g.tenant,
    domain: g.domain,
    table: g.table,
    storageClass: g.storageClass,
    ...(g.tier ? { tier: g.tier } : {}),
    objects: g.objects,
    bytes: g.bytes,
    billableBytes: g.classBytes + g.standardBytes,
    monthly: costs[i] ?? 0,
  }));
  rows.sort(
    (a, b) =>
      b.monthly - a.monthly ||
      tableName(a).localeCompare(tableName(b)) ||
      a.storageClass.localeCompare(b.storageClass),
  );
  const total = zero();
  for (const r of rows) addTo(total, r);

  const out: Breakdown = {
    rows,
    total,
    smallFiles: smallFiles(aggregate, prices, costs),
    prices: { region: prices.region, source: prices.source, verified: prices.verified },
    unpricedClasses: [...aggregate.unpricedClasses].sort(),
  };
  if (aggregate.versionsScanned || noncurrent.length > 0) {
    const n = { ...zero(), deleteMarkers: aggregate.deleteMarkers };
    noncurrent.forEach((v, i) => {
      addTo(n, {
        objects: v.objects,
        bytes: v.bytes,
        billableBytes: v.classBytes + v.standardBytes,
        monthly: costs[groups.length + i] ?? 0,
      });
    });
    out.noncurrent = n;
  }
  if (aggregate.uploadsScanned) {
    const u = { uploads: 0, parts: 0, bytes: 0, monthly: 0 };
    uploads.forEach((x, i) => {
      u.uploads += x.uploads;
      u.parts += x.parts;
      u.bytes += x.bytes;
      u.monthly += costs[groups.length + noncurrent.length + i] ?? 0;
    });
    out.uploads = u;
  }
  return out;
}

/**
 * Per table: objects under 128 KiB and under 8 MiB; the monthly dollars of bytes billed beyond those
 * stored (128 KiB minimum, archive overhead); and the GETs one full read of the table makes.
 */
function smallFiles(aggregate: CostAggregate, prices: PriceTable, costs: number[]): SmallFiles[] {
  const byTable = new Map<string, SmallFiles>();
  [...aggregate.groups.values()].forEach((g, i) => {
    if (g.table === undefined) return;
    const name = tableName(g);
    let s = byTable.get(name);
    if (!s) {
      s = {
        table: name,
        objects: 0,
        under128KiB: { objects: 0, bytes: 0 },
        under8MiB: { objects: 0, bytes: 0 },
        minimumSizeMonthly: 0,
        perScanRequests: 0,
      };
      byTable.set(name, s);
    }
    s.objects += g.objects;
    s.under128KiB.objects += g.under128KiB.objects;
    s.under128KiB.bytes += g.under128KiB.bytes;
    s.under8MiB.objects += g.under8MiB.objects;
    s.under8MiB.bytes += g.under8MiB.bytes;
    // What the group costs less what its stored bytes alone would cost at the class's rate.
    const priced = pricedClass(g.storageClass);
    if (priced !== "STANDARD" && priced !== "INTELLIGENT_TIERING") {
      s.minimumSizeMonthly += Math.max(0, (costs[i] ?? 0) - (g.bytes / GiB) * prices.storage[priced]);
    }
    s.perScanRequests += (g.objects / 1000) * prices.requests[pricedClass(g.storageClass)].get;
  });
  return [...byTable.values()]
    .filter((s) => s.under8MiB.objects > 0)
    .sort((a, b) => b.under8MiB.objects - a.under8MiB.objects || a.table.localeCompare(b.table));
}

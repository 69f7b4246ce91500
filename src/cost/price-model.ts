// What S3, Glue and Athena charge, from a price table: pure arithmetic, every figure unit-tested.
import {
  ARCHIVE_CLASS_OVERHEAD,
  ARCHIVE_STANDARD_OVERHEAD,
  GiB,
  isStorageClass,
  MIN_BILLABLE_BYTES,
  MiB,
  MONITORED_MIN_BYTES,
  type PriceBand,
  type PriceTable,
  type StorageClass,
  TiB,
} from "./prices.js";

/** The class an object is priced at: its own, or STANDARD for one Medallion does not price. */
export function pricedClass(storageClass: string): StorageClass {
  return isStorageClass(storageClass) ? storageClass : "STANDARD";
}

const MINIMUM_SIZE_CLASSES = new Set<StorageClass>(["STANDARD_IA", "ONEZONE_IA", "GLACIER_IR"]);
const ARCHIVE_CLASSES = new Set<StorageClass>(["GLACIER", "DEEP_ARCHIVE"]);

export function isArchiveClass(storageClass: StorageClass): boolean {
  return ARCHIVE_CLASSES.has(storageClass);
}

/**
 * INTELLIGENT_TIERING's access tiers, as an S3 Inventory report's IntelligentTieringAccessTier names them
 * (a listing does not say; those objects are priced at the frequent tier, the dearest).
 */
export const ACCESS_TIERS = [
  "FREQUENT",
  "INFREQUENT",
  "ARCHIVE_INSTANT_ACCESS",
  "ARCHIVE_ACCESS",
  "DEEP_ARCHIVE_ACCESS",
] as const;
export type AccessTier = (typeof ACCESS_TIERS)[number];

export function isAccessTier(value: string): value is AccessTier {
  return (ACCESS_TIERS as readonly string[]).includes(value);
}

/** The asynchronous archive tiers keep the same 8 KiB + 32 KiB per object as GLACIER / DEEP_ARCHIVE (S3 pricing page). */
function isArchiveTier(tier: AccessTier | undefined): boolean {
  return tier === "ARCHIVE_ACCESS" || tier === "DEEP_ARCHIVE_ACCESS";
}

/** How one object is billed: bytes at its class's rate, bytes at the STANDARD rate, monitored or not. */
export interface ObjectBilling {
  classBytes: number;
  standardBytes: number;
  monitored: boolean;
}

/**
 * STANDARD_IA, ONEZONE_IA and GLACIER_IR bill at least 128 KiB per object; GLACIER and DEEP_ARCHIVE add
 * 32 KiB at their own rate and 8 KiB at the STANDARD rate; INTELLIGENT_TIERING monitors objects over 128 KiB.
 */
export function objectBilling(storageClass: StorageClass, size: number, tier?: AccessTier): ObjectBilling {
  if (MINIMUM_SIZE_CLASSES.has(storageClass)) {
    return { classBytes: Math.max(size, MIN_BILLABLE_BYTES), standardBytes: 0, monitored: false };
  }
  if (ARCHIVE_CLASSES.has(storageClass)) {
    return {
      classBytes: size + ARCHIVE_CLASS_OVERHEAD,
      standardBytes: ARCHIVE_STANDARD_OVERHEAD,
      monitored: false,
    };
  }
  if (storageClass === "INTELLIGENT_TIERING") {
    const archived = isArchiveTier(tier);
    return {
      classBytes: size + (archived ? ARCHIVE_CLASS_OVERHEAD : 0),
      standardBytes: archived ? ARCHIVE_STANDARD_OVERHEAD : 0,
      monitored: size > MONITORED_MIN_BYTES,
    };
  }
  return { classBytes: size, standardBytes: 0, monitored: false };
}

/** Dollars for `gib` GiB-months over cumulative bands (STANDARD's first 50 TiB, next 450 TiB, over 500 TiB). */
export function bandedCost(gib: number, bands: PriceBand[]): number {
  let cost = 0;
  let from = 0;
  for (const band of bands) {
    const upTo = band.upToGiB ?? Number.POSITIVE_INFINITY;
    if (gib <= from) break;
    cost += (Math.min(gib, upTo) - from) * band.perGiBMonth;
    from = upTo;
  }
  return cost;
}

/** What a set of objects in one class is billed at: the totals `objectBilling` adds up. */
export interface ClassUsage {
  storageClass: StorageClass;
  objects: number;
  classBytes: number;
  standardBytes: number;
  monitoredObjects: number;
  /** INTELLIGENT_TIERING's access tier, where the source says (S3 Inventory); else the frequent tier. */
  tier?: AccessTier;
}

/** INTELLIGENT_TIERING's frequent tier shares STANDARD's bands; its other tiers have one rate each. */
function tierRate(prices: PriceTable, tier: AccessTier): number {
  const t = prices.intelligentTiering;
  return {
    FREQUENT: 0,
    INFREQUENT: t.infrequent,
    ARCHIVE_INSTANT_ACCESS: t.archiveInstant,
    ARCHIVE_ACCESS: t.archive,
    DEEP_ARCHIVE_ACCESS: t.deepArchive,
  }[tier];
}

/**
 * Monthly storage dollars of each usage. STANDARD bytes (archive overhead included) share STANDARD's
 * bands, and INTELLIGENT_TIERING's frequent tier its own bands, across all usages given (the bill's
 * bands are per account and region): each usage pays the blended rate on its share, so the parts add up.
 */
export function monthlyStorageCosts(usages: ClassUsage[], prices: PriceTable): number[] {
  let standardGiB = 0;
  let tieringGiB = 0;
  for (const u of usages) {
    standardGiB += (u.storageClass === "STANDARD" ? u.classBytes : 0) / GiB + u.standardBytes / GiB;
    if (u.storageClass === "INTELLIGENT_TIERING" && (u.tier ?? "FREQUENT") === "FREQUENT")
      tieringGiB += u.classBytes / GiB;
  }
  const blended = (gib: number) => (gib > 0 ? bandedCost(gib, prices.standardBands) / gib : 0);
  const standardRate = blended(standardGiB);
  const tieringRate = blended(tieringGiB);
  return usages.map((u) => {
    const standardPart = (u.standardBytes / GiB) * standardRate;
    const gib = u.classBytes / GiB;
    switch (u.storageClass) {
      case "STANDARD":
        return gib * standardRate + standardPart;
      case "INTELLIGENT_TIERING": {
        // Unknown tier (a listing does not say): priced at the frequent tier, the dearest.
        const tier = u.tier ?? "FREQUENT";
        const rate = tier === "FREQUENT" ? tieringRate : tierRate(prices, tier);
        return (
          gib * rate +
          standardPart +
          (u.monitoredObjects / 1000) * prices.intelligentTiering.monitoringPer1000
        );
      }
      default:
        return gib * prices.storage[u.storageClass] + standardPart;
    }
  });
}

/** Dollars for PUT-class and GET-class requests to objects of a class. */
export function requestCost(
  prices: PriceTable,
  storageClass: StorageClass,
  puts: number,
  gets: number,
): number {
  const p = prices.requests[storageClass];
  return (puts / 1000) * p.put + (gets / 1000) * p.get;
}

/** Dollars for lifecycle transition requests of `objects` objects into `target`. */
export function transitionCost(prices: PriceTable, target: StorageClass, objects: number): number {
  if (target === "STANDARD") return 0;
  return (objects / 1000) * prices.transitions[target];
}

/**
 * The minimum-duration charge for bytes leaving `storageClass` (deleted, overwritten or transitioned)
 * after `daysStored`: the remaining days at the class's rate, prorated on a 30-day month.
 */
export function earlyDeletionCost(
  prices: PriceTable,
  storageClass: StorageClass,
  classBytes: number,
  daysStored: number,
): number {
  const remaining = Math.max(0, prices.minDays[storageClass] - daysStored);
  if (remaining === 0 || storageClass === "STANDARD") return 0;
  const rate =
    storageClass === "INTELLIGENT_TIERING"
      ? (prices.standardBands[0]?.perGiBMonth ?? 0)
      : prices.storage[storageClass];
  return (classBytes / GiB) * rate * (remaining / 30);
}

/** Glue Data Catalog: objects (databases, tables, partitions) and requests past the free million each. */
export function glueMonthlyCost(prices: PriceTable, objects: number, requests = 0): number {
  const g = prices.glue;
  return (
    (Math.max(0, objects - g.freeObjects) / 100_000) * g.per100kObjects +
    (Math.max(0, requests - g.freeRequests) / 1_000_000) * g.perMillionRequests
  );
}

/** One Athena query: bytes scanned rounded up to the MiB, at least 10 MiB, at $ per TiB. */
export function athenaQueryCost(prices: PriceTable, bytesScanned: number): number {
  const billed = Math.max(Math.ceil(bytesScanned / MiB) * MiB, prices.athena.minBytesPerQuery);
  return (billed / TiB) * prices.athena.perTiB;
}

// One aggregate for both inventory sources (a live listing, an S3 Inventory report): totals per
// layer × tenant × domain × table × storage class, with an age histogram in days for the lifecycle
// what-if (and sizes in steps, for rules' size filters). Memory grows with tables, classes, distinct ages
// and size steps, never with objects.
import { type AccessTier, isAccessTier, objectBilling, pricedClass } from "./price-model.js";
import { isStorageClass, MiB, TRANSITION_MIN_BYTES } from "./prices.js";
import { sizeStep } from "./size-steps.js";

/** One object (or object version) as a source reports it; `key` is relative to the lake root. */
export interface ObjectRecord {
  key: string;
  size: number;
  /** Milliseconds since the epoch. */
  lastModified: number;
  storageClass: string;
  /** False for a noncurrent version (versioned buckets); undefined when the source does not say. */
  isLatest?: boolean;
  isDeleteMarker?: boolean;
  /** INTELLIGENT_TIERING's access tier (S3 Inventory's IntelligentTieringAccessTier); a listing does not say. */
  accessTier?: string;
}

/** Where a group of objects sits; `table` is undefined for objects above table level. */
export interface GroupRef {
  layer: string;
  tenant?: string;
  domain?: string;
  table?: string;
  storageClass: string;
  /** INTELLIGENT_TIERING objects' access tier, where the source says. */
  tier?: AccessTier;
}

export interface Count {
  objects: number;
  bytes: number;
}

/** Objects of one age (whole days): all of them, and those under 128 KiB (which S3 does not transition). */
export interface AgeBin {
  objects: number;
  bytes: number;
  smallObjects: number;
  smallBytes: number;
  /** The objects of 128 KiB and more by size step (`sizeStep`): what a rule's size filter lets through. */
  steps: Map<number, Count>;
}

export interface GroupTotals extends GroupRef, Count {
  /** Bytes billed at the class's rate (minimum sizes and archive overhead included). */
  classBytes: number;
  /** Bytes billed at the STANDARD rate on top (the 8 KiB index of archived objects). */
  standardBytes: number;
  monitoredObjects: number;
  under128KiB: Count;
  under8MiB: Count;
  /** Age in days at scan time → objects. */
  ages: Map<number, AgeBin>;
}

/** Noncurrent versions per layer, class and access tier (their age since becoming noncurrent is not known). */
export interface NoncurrentTotals extends Count {
  layer: string;
  storageClass: string;
  /** INTELLIGENT_TIERING versions' access tier, where the source says. */
  tier?: AccessTier;
  classBytes: number;
  standardBytes: number;
  monitoredObjects: number;
}

/** Incomplete multipart uploads per layer: parts are billed (at STANDARD) until aborted. */
export interface UploadTotals {
  layer: string;
  uploads: number;
  parts: number;
  bytes: number;
}

const DAY = 86_400_000;
const SMALL_FILE = 8 * MiB;

function emptyCount(): Count {
  return { objects: 0, bytes: 0 };
}

/** Layer, tenant, domain and table of a key, read from its folders (a table needs a file under it). */
export function groupOf(key: string): Omit<GroupRef, "storageClass"> {
  const parts = key.split("/");
  const layer = parts.length > 1 ? (parts[0] as string) : "(root)";
  let i = 1;
  let tenant: string | undefined;
  if (parts[1]?.startsWith("tenant=") && parts.length > 2) {
    tenant = parts[1].slice("tenant=".length);
    i = 2;
  }
  const domain = parts.length > i + 1 ? parts[i] : undefined;
  const table = parts.length > i + 2 ? parts[i + 1] : undefined;
  return { layer, tenant, domain, table };
}

export class CostAggregate {
  readonly groups = new Map<string, GroupTotals>();
  readonly noncurrent = new Map<string, NoncurrentTotals>();
  readonly uploads = new Map<string, UploadTotals>();
  /** Classes seen that Medallion does not price (priced as STANDARD). */
  readonly unpricedClasses = new Set<string>();
  deleteMarkers = 0;
  /** INTELLIGENT_TIERING objects whose tier the source did not say (priced at the frequent tier). */
  untieredObjects = 0;
  objects = 0;
  bytes = 0;
  /** Whether noncurrent versions were looked for (versioning on and the source can say). */
  versionsScanned = false;
  /** Whether incomplete multipart uploads were looked for. */
  uploadsScanned = false;

  constructor(readonly now: number = Date.now()) {}

  add(record: ObjectRecord): void {
    if (record.isDeleteMarker) {
      this.deleteMarkers += 1;
      return;
    }
    const where = groupOf(record.key);
    const storageClass = record.storageClass || "STANDARD";
    if (!isStorageClass(storageClass)) this.unpricedClasses.add(storageClass);
    const tier =
      storageClass === "INTELLIGENT_TIERING" && record.accessTier && isAccessTier(record.accessTier)
        ? record.accessTier
        : undefined;
    if (storageClass === "INTELLIGENT_TIERING" && tier === undefined) this.untieredObjects += 1;
    const billing = objectBilling(pricedClass(storageClass), record.size, tier);
    if (record.isLatest === false) {
      const id = `${where.layer}\u0000${storageClass}\u0000${tier ?? ""}`;
      let n = this.noncurrent.get(id);
      if (!n) {
        n = {
          layer: where.layer,
          storageClass,
          ...(tier ? { tier } : {}),
          objects: 0,
          bytes: 0,
          classBytes: 0,
          standardBytes: 0,
          monitoredObjects: 0,
        };
        this.noncurrent.set(id, n);
      }
      n.objects += 1;
      n.bytes += record.size;
      n.classBytes += billing.classBytes;
      n.standardBytes += billing.standardBytes;
      if (billing.monitored) n.monitoredObjects += 1;
      return;
    }
    const id = `${where.layer}\u0000${where.tenant ?? ""}\u0000${where.domain ?? ""}\u0000${where.table ?? ""}\u0000${storageClass}\u0000${tier ?? ""}`;
    let g = this.groups.get(id);
    if (!g) {
      g = {
        ...where,
        storageClass,
        ...(tier ? { tier } : {}),
        ...emptyCount(),
        classBytes: 0,
        standardBytes: 0,
        monitoredObjects: 0,
        under128KiB: emptyCount(),
        under8MiB: emptyCount(),
        ages: new Map(),
      };
      this.groups.set(id, g);
    }
    this.objects += 1;
    this.bytes += record.size;
    g.objects += 1;
    g.bytes += record.size;
    g.classBytes += billing.classBytes;
    g.standardBytes += billing.standardBytes;
    if (billing.monitored) g.monitoredObjects += 1;
    const small = record.size < TRANSITION_MIN_BYTES;
    if (small) {
      g.under128KiB.objects += 1;
      g.under128KiB.bytes += record.size;
    }
    if (record.size < SMALL_FILE) {
      g.under8MiB.objects += 1;
      g.under8MiB.bytes += record.size;
    }
    const age = Math.max(0, Math.floor((this.now - record.lastModified) / DAY));
    let bin = g.ages.get(age);
    if (!bin) {
      bin = { objects: 0, bytes: 0, smallObjects: 0, smallBytes: 0, steps: new Map() };
      g.ages.set(age, bin);
    }
    bin.objects += 1;
    bin.bytes += record.size;
    if (small) {
      bin.smallObjects += 1;
      bin.smallBytes += record.size;
    } else {
      const step = sizeStep(record.size);
      let c = bin.steps.get(step);
      if (!c) {
        c = emptyCount();
        bin.steps.set(step, c);
      }
      c.objects += 1;
      c.bytes += record.size;
    }
  }

  /** One incomplete multipart upload under `key`, with its parts so far. */
  addUpload(key: string, parts: number, bytes: number): void {
    const { layer } = groupOf(key);
    let u = this.uploads.get(layer);
    if (!u) {
      u = { layer, uploads: 0, parts: 0, bytes: 0 };
      this.uploads.set(layer, u);
    }
    u.uploads += 1;
    u.parts += parts;
    u.bytes += bytes;
  }
}

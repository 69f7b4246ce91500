// One cost scan of a lake (or a part of it): the objects from a live listing or an S3 Inventory report,
// and on S3 the noncurrent versions and incomplete multipart uploads, into one aggregate.
import { mapBounded } from "../catalog/bounded.js";
import { MedallionError } from "../errors.js";
import { realPrefixesUnder } from "../govern/tenant-scope.js";
import { plural } from "../lake/human.js";
import type { Lake } from "../lake/lake.js";
import type { S3Admin } from "../storage/s3-admin.js";
import { CostAggregate } from "./aggregate.js";
import { type ScanProgress, scanListing } from "./listing.js";
import { reportReader, scanInventory } from "./s3-inventory.js";

export interface CostScanOptions {
  /** A lake path (`silver`, `silver/sales/orders`) to scan instead of the whole lake. */
  location?: string;
  /** An S3 Inventory manifest.json (s3:// or a local copy); otherwise the lake is listed. */
  inventory?: string;
  /** One line of progress at a time ("listed 12,000 objects in 40/52 prefixes"). */
  onProgress?: (progress: ScanProgress & { source: "listing" | "inventory" }) => void;
  /** Time the ages are taken at (tests); default now. */
  now?: number;
  signal?: AbortSignal;
}

export interface CostScan {
  aggregate: CostAggregate;
  source: "listing" | "inventory";
  /** The lake prefix scanned (empty for the whole lake). */
  prefix: string;
  /** S3 bucket versioning (`Enabled`, `Suspended`), undefined when never on or not S3. */
  versioning?: string;
  /** What could not be looked at, one line each (an endpoint lacking a call, a local lake). */
  notes: string[];
  scannedAt: string;
}

/**
 * The S3 admin client of an S3 lake, on the same connection settings as its store. Its calls are
 * bucket-wide, so under a tenant only a caller that keeps to the tenant's prefixes may have it.
 */
export async function lakeAdmin(lake: Lake, keepsToTenant = false): Promise<S3Admin | undefined> {
  if (lake.tenant && !keepsToTenant) refuseBucketWide(lake.tenant.tenant);
  const root = lake.config.root;
  if (root.kind !== "s3") return undefined;
  const { S3Admin } = await import("../storage/s3-admin.js");
  return new S3Admin({
    bucket: root.bucket,
    prefix: root.prefix,
    region: lake.config.region,
    profile: lake.config.profile,
    endpointUrl: lake.config.endpointUrl,
  });
}

/** A lake path → the prefix to scan: empty for the whole lake, else a folder ending in `/`. */
export function scanPrefix(lake: Lake, location: string | undefined): string {
  if (location === undefined || location === "" || location === ".") return "";
  const key = lake.resolve(location);
  return key === "" || key.endsWith("/") ? key : `${key}/`;
}

/** Bucket settings (lifecycle, versioning, encryption) belong to every tenant at once. */
export function refuseBucketWide(tenant: string): never {
  throw new MedallionError(
    "outside-tenant",
    `refused under tenant ${tenant}: bucket settings (lifecycle, versioning, encryption) apply to every tenant; run it without --tenant`,
  );
}

/** An endpoint lacking a call: a note saying what was not counted; any other error is thrown. */
export function unsupportedNote(err: unknown, what: string): string {
  if (err instanceof MedallionError && err.name === "UnsupportedCall")
    return `${err.message}: ${what} not counted`;
  throw err;
}

export async function scanCost(lake: Lake, options: CostScanOptions = {}): Promise<CostScan> {
  const now = options.now ?? Date.now();
  const aggregate = new CostAggregate(now);
  const prefix = scanPrefix(lake, options.location);
  const admin = await lakeAdmin(lake, true);
  const notes: string[] = [];
  const inventory = options.inventory ?? lake.config.cost.inventory;
  const root = lake.config.root;
  let source: CostScan["source"] = "listing";
  if (inventory && lake.tenant) {
    throw new MedallionError(
      "outside-tenant",
      `an S3 Inventory report lists every tenant's keys: not read under tenant ${lake.tenant.tenant} (drop --inventory, or inventory: in the config, to list the tenant's prefixes)`,
    );
  }
  // Versions and uploads are listed by the admin client, beside the store: under a tenant, its prefixes only.
  const adminPrefixes = lake.tenant ? realPrefixesUnder(lake.tenant, prefix) : [prefix];
  if (inventory) {
    source = "inventory";
    const read = reportReader(async (bucket, key) => {
      const reader = admin ?? (await adminFor(lake, bucket));
      return reader.readObject(bucket, key);
    });
    const manifest = await scanInventory(inventory, aggregate, {
      read,
      signal: options.signal,
      bucket: root.kind === "s3" ? root.bucket : undefined,
      prefix: (root.kind === "s3" ? root.prefix : "") + prefix,
      onProgress: (p) =>
        options.onProgress?.({
          source,
          objects: p.objects,
          bytes: aggregate.bytes,
          prefixesDone: p.filesDone,
          prefixes: p.files,
        }),
    });
    aggregate.versionsScanned = /is_?latest/i.test(manifest.fileSchema);
    notes.push(
      `from the S3 Inventory report of ${manifest.creationTimestamp ? new Date(Number(manifest.creationTimestamp)).toISOString().slice(0, 10) : "an unknown date"}`,
    );
  } else {
    await scanListing(lake.store, aggregate, prefix, {
      concurrency: lake.config.cost.concurrency,
      signal: options.signal,
      onProgress: (p) => options.onProgress?.({ ...p, source }),
    });
  }
  let versioning: string | undefined;
  if (admin) {
    versioning = await admin.versioning().catch((err) => {
      notes.push(unsupportedNote(err, "versioning"));
      return undefined;
    });
    if (versioning && source === "listing") {
      try {
        for (const under of adminPrefixes) {
          for await (const page of admin.versions(under)) {
            options.signal?.throwIfAborted();
            for (const v of page) if (!v.isLatest || v.isDeleteMarker) aggregate.add(v);
          }
        }
        aggregate.versionsScanned = true;
      } catch (err) {
        if (options.signal?.aborted) throw err;
        notes.push(unsupportedNote(err, "noncurrent versions"));
      }
    }
    if (lake.tenant) {
      // The tenant's policy grants no ListBucketMultipartUploads (it cannot be kept to a prefix for certain).
      notes.push("incomplete multipart uploads are not listed under a tenant (its policy does not allow it)");
    } else {
      try {
        for (const under of adminPrefixes) {
          for await (const page of admin.incompleteUploads(under)) {
            options.signal?.throwIfAborted();
            await mapBounded(page, 8, async (upload) => {
              const { parts, bytes } = await admin.uploadParts(upload);
              aggregate.addUpload(upload.key, parts, bytes);
            });
          }
        }
        aggregate.uploadsScanned = true;
      } catch (err) {
        if (options.signal?.aborted) throw err;
        notes.push(unsupportedNote(err, "incomplete multipart uploads"));
      }
    }
  } else {
    notes.push("a local lake: storage classes, versions and multipart uploads are S3's; priced as STANDARD");
  }
  if (aggregate.untieredObjects > 0) {
    notes.push(
      `${plural(aggregate.untieredObjects, "INTELLIGENT_TIERING object")} priced at the frequent tier: ` +
        (source === "listing"
          ? "a listing does not say their access tier (an S3 Inventory report with IntelligentTieringAccessTier does)"
          : "the report has no IntelligentTieringAccessTier field"),
    );
  }
  return { aggregate, source, prefix, versioning, notes, scannedAt: new Date(now).toISOString() };
}

/** An admin client for reading a report in another bucket when the lake itself is local. */
async function adminFor(lake: Lake, bucket: string): Promise<S3Admin> {
  const { S3Admin } = await import("../storage/s3-admin.js");
  return new S3Admin({
    bucket,
    region: lake.config.region,
    profile: lake.config.profile,
    endpointUrl: lake.config.endpointUrl,
  });
}

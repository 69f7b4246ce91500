import { parseLakePath } from "../../src/lake/lake-path.js";
import type { LakeLayout, LakePath } from "../../src/lake/types.js";

// Only the structure of a path is wanted here (layer, tenant, domain, table, partitions); what does not
// fit the model is the listing's to flag, so no layer names are needed.
const STRUCTURE: LakeLayout = { layers: [], partitionKeys: {} };

/** A folder's lake path (`bronze/sales/orders`, no trailing `/`) in the lake's words. */
export function folderOf(path: string): LakePath {
  return parseLakePath(path ? `${path.replace(/\/+$/, "")}/` : "", STRUCTURE);
}

/** What a listing of `path` shows: layers, domains (or tenants), tables, partitions (or a table's files), files. */
export type ListingLevel = "layer" | "domain" | "table" | "partition" | "file";

export function listingLevel(path: string): ListingLevel {
  const p = folderOf(path);
  if (p.layer === undefined) return "layer";
  if (p.domain === undefined) return "domain";
  if (p.table === undefined) return "table";
  return p.partition.length === 0 ? "partition" : "file";
}

/** Where `back` goes from a listing: partitions are listed flat under their table, so a partition's
 * parent is the table (`bronze/sales/orders/year=2024/month=01` → `bronze/sales/orders`). */
export function parentPath(path: string): string {
  const segments = path.split("/").filter(Boolean);
  // `tenant=<id>` right after the layer is part of the table path, not a partition.
  const firstPartition = segments.findIndex(
    (s, i) => s.includes("=") && !(i === 1 && s.startsWith("tenant=")),
  );
  const last = segments[segments.length - 1] ?? "";
  if (firstPartition >= 0 && last.includes("=")) return segments.slice(0, firstPartition).join("/");
  return segments.slice(0, -1).join("/");
}

/** `bronze › sales › orders › year=2024/month=01`. */
export function breadcrumb(path: string): string {
  if (!path) return "lake";
  const segments = path.split("/").filter(Boolean);
  const firstPartition = segments.findIndex(
    (s, i) => s.includes("=") && !(i === 1 && s.startsWith("tenant=")),
  );
  if (firstPartition < 0) return segments.join(" › ");
  return [...segments.slice(0, firstPartition), segments.slice(firstPartition).join("/")].join(" › ");
}

const FILE_EXTENSIONS = /\.(parquet|json|jsonl|ndjson|csv|tsv|gz|txt|avro|orc)$/i;

/** True when a typed lake path names a file rather than a folder. */
export function looksLikeFile(path: string): boolean {
  return !path.endsWith("/") && FILE_EXTENSIONS.test(path);
}

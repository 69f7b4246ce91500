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

/** How many leading segments of a folder path are the lake's structure (layer, tenant, domain, table). */
function structureDepth(p: LakePath): number {
  return [p.layer, p.tenant, p.domain, p.table].filter((part) => part !== undefined).length;
}

/** The segments of a lake path (no empty ones). */
function segmentsOf(path: string): string[] {
  return path.split("/").filter(Boolean);
}

/**
 * Where `back` goes from a listing: a file's folder; from below a table (partitions, listed flat under
 * it) the table; from a table, domain, tenant or layer the level above it.
 */
export function parentPath(path: string): string {
  const segments = segmentsOf(path);
  if (looksLikeFile(path)) return segments.slice(0, -1).join("/");
  const p = folderOf(path);
  const depth = structureDepth(p);
  return segments.slice(0, segments.length > depth ? depth : depth - 1).join("/");
}

/** `bronze › sales › orders › year=2024/month=01`: the structure one crumb each, what is below as one. */
export function breadcrumb(path: string): string {
  if (!path) return "lake";
  const segments = segmentsOf(path);
  const depth = structureDepth(folderOf(path));
  const below = segments.slice(depth).join("/");
  return [...segments.slice(0, depth), ...(below ? [below] : [])].join(" › ");
}

const FILE_EXTENSIONS = /\.(parquet|json|jsonl|ndjson|csv|tsv|gz|txt|avro|orc)$/i;

/** True when a typed lake path names a file rather than a folder. */
export function looksLikeFile(path: string): boolean {
  return !path.endsWith("/") && FILE_EXTENSIONS.test(path);
}

// Which rows a listing of one lake path shows, and which row each object beneath it counts towards.
// Pure: no store access, so the grouping is unit-tested and costs O(depth) per object.
import type { EntryKind, LakeEntry } from "./entry.js";
import { declaredKeys, isHiddenName, parseLakePath } from "./lake-path.js";
import type { Anomaly, LakeLayout, LakePath } from "./types.js";

export type ListingLevel =
  | "root"
  | "layer"
  | "tenant"
  | "domain"
  | "table"
  | "partition-prefix"
  | "partition";

/** What is being listed: the folder prefix (`""` or ending in `/`), its level and the table's keys. */
export interface ListingScope {
  /** The lake path as given, without trailing slash (`""` for the root). */
  path: string;
  /** The folder prefix listed: `""` or `bronze/sales/orders/`. */
  prefix: string;
  level: ListingLevel;
  parsed: LakePath;
  /** Declared partition keys of the table listed in (undefined above table level or when undeclared). */
  keys?: string[];
  /** Partition levels below the prefix as the partition walk found them (for tables that declare none). */
  depth?: number;
}

/** The row an object counts towards: its name relative to the listed prefix, and whether it is the object itself. */
export interface EntrySlot {
  name: string;
  isFile: boolean;
}

export function listingScope(location: string, layout: LakeLayout): ListingScope {
  const path = location.replace(/^\/+|\/+$/g, "");
  const prefix = path === "" ? "" : `${path}/`;
  const parsed = parseLakePath(prefix, layout);
  const keys = declaredKeys(layout, parsed);
  let level: ListingLevel;
  if (parsed.layer === undefined) level = "root";
  else if (parsed.domain === undefined) level = parsed.tenant === undefined ? "layer" : "tenant";
  else if (parsed.table === undefined) level = "domain";
  else if (parsed.partition.length === 0 && !hasPlainFolder(parsed)) level = "table";
  else if (keys === undefined || parsed.partition.length < keys.length) {
    level = hasPlainFolder(parsed) ? "partition" : "partition-prefix";
  } else level = "partition";
  return { path, prefix, level, parsed, ...(keys ? { keys } : {}) };
}

/** A folder under the table that is not key=value: below it, list plain children. */
function hasPlainFolder(p: LakePath): boolean {
  return p.anomalies.some((a) => a.kind === "folder-without-equals");
}

/** Partition levels still to come below the listed prefix: declared, or as the partition walk found them. */
function levelsBelow(scope: ListingScope): number | undefined {
  if (scope.depth !== undefined) return scope.depth;
  return scope.keys === undefined
    ? undefined
    : Math.max(0, scope.keys.length - scope.parsed.partition.length);
}

/**
 * The row `relativeKey` (a key under the listed prefix) counts towards. At a table or partition prefix:
 * a partition at full depth (`year=2024/month=01/day=15`); a folder that is not key=value (with the
 * partition folders above it); a file above full depth counts towards the folder it sits in (flagged as
 * stray) or, right under the prefix, stands for itself. Everywhere else, the first path segment.
 * The grouping is the partition walk's (src/storage/partition-walk.ts), so both name the same rows.
 */
export function slotOf(scope: ListingScope, relativeKey: string): EntrySlot {
  const slash = relativeKey.indexOf("/");
  if (slash < 0) return { name: relativeKey, isFile: true };
  if (scope.level !== "table" && scope.level !== "partition-prefix") {
    return { name: relativeKey.slice(0, slash), isFile: false };
  }
  const folders = relativeKey.split("/");
  folders.pop();
  const depth = levelsBelow(scope);
  let run = 0;
  while (run < folders.length && (depth === undefined || run < depth) && folders[run]?.includes("="))
    run += 1;
  if (depth === 0) return { name: folders[0] ?? "", isFile: false };
  // A partition at full depth, or a partial one holding stray files: the key=value folders.
  if (run === folders.length || run === depth)
    return { name: folders.slice(0, run).join("/"), isFile: false };
  return { name: folders.slice(0, run + 1).join("/"), isFile: false };
}

function kindOf(scope: ListingScope, slot: EntrySlot, parsed: LakePath, layout: LakeLayout): EntryKind {
  if (slot.isFile) return "file";
  switch (scope.level) {
    case "root":
      return layout.layers.includes(slot.name) ? "layer" : "folder";
    case "layer":
      return slot.name.startsWith("tenant=") ? "tenant" : "domain";
    case "tenant":
      return "domain";
    case "domain":
      return "table";
    case "table":
    case "partition-prefix": {
      const plain = parsed.anomalies.some((a) => a.kind === "folder-without-equals");
      // A folder above full depth (`year=2024` of year/month/day) is not a partition, whatever it holds.
      const partial = scope.keys !== undefined && parsed.partition.length < scope.keys.length;
      return plain || partial || isHiddenName(slot.name) ? "folder" : "partition";
    }
    default:
      return "folder";
  }
}

/** A new row with no objects counted yet: kind, path, partition values and the anomalies of its path. */
export function newEntry(scope: ListingScope, slot: EntrySlot, layout: LakeLayout): LakeEntry {
  const path = scope.prefix + slot.name;
  const parsed = parseLakePath(slot.isFile ? path : `${path}/`, layout);
  const kind = kindOf(scope, slot, parsed, layout);
  const quiet = isHiddenName(slot.name.split("/")[0] ?? "");
  const entry: LakeEntry = {
    kind,
    name: slot.name,
    path,
    objects: 0,
    bytes: 0,
    storageClasses: {},
    anomalies: quiet ? [] : parsed.anomalies,
  };
  if (kind === "partition") entry.partition = parsed.partition;
  return entry;
}

/**
 * The stray-file anomaly of a file that sits in partition folders above full depth (`year=2024/x.json`
 * when partitions go year/month/day), or undefined when the file is where it belongs.
 */
export function strayFileAnomaly(scope: ListingScope, key: string, layout: LakeLayout): Anomaly | undefined {
  if (scope.level !== "table" && scope.level !== "partition-prefix") return undefined;
  const stray = parseLakePath(key, layout).anomalies.find((a) => a.kind === "stray-file");
  if (stray !== undefined || scope.keys !== undefined) return stray;
  // A table that declares no keys: the walk's depth says where files belong.
  const folders = key.slice(scope.prefix.length).split("/");
  const file = folders.pop() ?? "";
  const depth = levelsBelow(scope);
  if (depth === undefined || folders.length >= depth || folders.length === 0 || isHiddenName(file))
    return undefined;
  if (!folders.every((f) => f.includes("="))) return undefined;
  return {
    kind: "stray-file",
    segment: file,
    message: `file "${file}" sits in ${scope.prefix}${folders.join("/")}, next to partition folders: partitions go ${depth} levels deep here`,
  };
}

import type { ObjectInfo } from "./object-store.js";
import type { PrefixStats } from "./partition-stats.js";

/**
 * How partitions are found. `flat` lists every object (one request per 1,000 objects; gives stats);
 * `delimiter` lists one folder level at a time (one request per parent prefix); `rollup` lists with the
 * partition files' common name start as delimiter (`/part-`), so each partition comes back as one
 * common prefix (one request per 1,000 partitions); `auto` samples and picks.
 */
export type DiscoveryStrategy = "auto" | "flat" | "delimiter" | "rollup";

export interface DiscoveredPartition {
  /** Lake key of the partition folder, ending in `/`. */
  prefix: string;
  /** Folder names below the table, exactly as stored: `["year=2024", "month=01", "day=15"]`. */
  segments: string[];
  /** Objects beneath, when the walk listed them (flat strategy); other strategies do not know. */
  stats?: PrefixStats;
}

/** A file above the partition level (e.g. `_SUCCESS` next to `year=…` folders). */
export interface StrayFile {
  object: ObjectInfo;
  /** Folder names between the table and the file. */
  segments: string[];
}

/** A folder among partition folders whose name is not `key=value` (e.g. `_temporary`); not walked into. */
export interface OtherFolder {
  prefix: string;
  segments: string[];
  stats?: PrefixStats;
}

/** What one step of the walk found; the lake model classifies it (escaping, key order, unknown keys). */
export interface DiscoveryBatch {
  partitions: DiscoveredPartition[];
  strayFiles: StrayFile[];
  otherFolders: OtherFolder[];
}

/** The strategy in force, reported once it is known (auto decides after sampling). */
export interface DiscoveryPlan {
  strategy: Exclude<DiscoveryStrategy, "auto">;
  depth: number;
  /** Level whose prefixes are listed in parallel (flat and rollup). */
  fanOutLevel?: number;
  /** Files per partition seen in the sample. */
  filesPerPartition?: number;
  /** The delimiter of a rollup listing, e.g. `/part-`. */
  delimiter?: string;
}

export interface DiscoveryOptions {
  /** Listings in flight at once (default 16). */
  concurrency?: number;
  strategy?: DiscoveryStrategy;
  /** Auto lists flat (every object) to give each partition its objects, bytes and storage classes. */
  stats?: boolean;
  /**
   * The caller needs partition names only, no counts (e.g. a catalog sync): lets auto roll partitions up
   * by their files' shared name start, the cheapest listing. Without it auto picks flat or delimiter.
   */
  namesOnly?: boolean;
  signal?: AbortSignal;
  /** Auto lists flat rather than walking levels when partitions hold fewer files than this (default 50). */
  flatBelow?: number;
  onPlan?: (plan: DiscoveryPlan) => void;
}

export function emptyBatch(): DiscoveryBatch {
  return { partitions: [], strayFiles: [], otherFolders: [] };
}

export const isEmptyBatch = (b: DiscoveryBatch) =>
  b.partitions.length + b.strayFiles.length + b.otherFolders.length === 0;

import type { ObjectInfo } from "./object-store.js";

/** What lies beneath a prefix, when a flat listing has seen it. */
export interface PrefixStats {
  objects: number;
  bytes: number;
  /** Bytes by storage class (STANDARD, STANDARD_IA, GLACIER, …). */
  storageClasses: Record<string, number>;
  lastModified?: Date;
}

export function emptyStats(): PrefixStats {
  return { objects: 0, bytes: 0, storageClasses: {} };
}

export function addObject(stats: PrefixStats, object: ObjectInfo): void {
  stats.objects += 1;
  stats.bytes += object.size;
  stats.storageClasses[object.storageClass] = (stats.storageClasses[object.storageClass] ?? 0) + object.size;
  if (!stats.lastModified || object.lastModified > stats.lastModified)
    stats.lastModified = object.lastModified;
}

import { isHiddenName } from "./hidden-name.js";
import type { ObjectInfo } from "./object-store.js";

/**
 * What a partition folder holds, by the names below it: whether any file can hold rows. Engines skip
 * hidden names (`_SUCCESS`, `_temporary/`, `.part-0.crc`); Athena fails on a 0-byte Parquet file.
 */
export interface FolderContent {
  /** Files that can hold rows: visible names, not checksums, at least one byte. */
  dataFiles: number;
  /** The first hidden entry or checksum below the folder: `_SUCCESS`, `_temporary/`, `part-0.crc`. */
  marker?: string;
  /** The first visible 0-byte file below the folder. */
  emptyFile?: string;
  /** The first key=value folder below the folder: a partition level more than the table has. */
  deeperFolder?: string;
}

/** Counts one object towards a folder's content; `below` is its key below the folder. */
export function addContent(content: FolderContent, below: string, size: number): void {
  const parts = below.split("/");
  const file = parts.pop() ?? "";
  const hidden = parts.find(isHiddenName);
  if (hidden !== undefined) {
    content.marker ??= `${hidden}/`;
    return;
  }
  if (isHiddenName(file) || file.toLowerCase().endsWith(".crc")) {
    content.marker ??= file;
    return;
  }
  if (parts[0]?.includes("=")) content.deeperFolder ??= parts[0];
  if (size === 0) content.emptyFile ??= below;
  else content.dataFiles += 1;
}

/** What lies beneath a prefix, when a flat listing has seen it. */
export interface PrefixStats {
  objects: number;
  bytes: number;
  /** Bytes by storage class (STANDARD, STANDARD_IA, GLACIER, …). */
  storageClasses: Record<string, number>;
  lastModified?: Date;
  /** What the files are, for a partition folder listed flat. */
  content?: FolderContent;
}

export function emptyStats(): PrefixStats {
  return { objects: 0, bytes: 0, storageClasses: {} };
}

/** Adds an object to the stats; `below`, its key below a partition folder, counts it towards the content. */
export function addObject(stats: PrefixStats, object: ObjectInfo, below?: string): void {
  if (below !== undefined) {
    stats.content ??= { dataFiles: 0 };
    addContent(stats.content, below, object.size);
  }
  stats.objects += 1;
  stats.bytes += object.size;
  stats.storageClasses[object.storageClass] = (stats.storageClasses[object.storageClass] ?? 0) + object.size;
  if (!stats.lastModified || object.lastModified > stats.lastModified)
    stats.lastModified = object.lastModified;
}

import type { ObjectInfo } from "./object-store.js";
import { addObject, emptyStats, type PrefixStats } from "./partition-stats.js";
import type { DiscoveryBatch } from "./partition-types.js";

/** A partition folder name has a `=`; the lake model does the real parsing (escapes, keys, order). */
export const isPartitionName = (name: string) => name.includes("=");

export type FolderPlace =
  | { kind: "partition"; segments: string[] }
  | { kind: "other"; segments: string[] }
  | { kind: "above"; segments: string[] };

/**
 * Where a path's folders (below the table) put it: inside a partition (its first `depth` key=value
 * folders), inside a folder that is not key=value, or above the partition level.
 */
export function placeFolders(folders: string[], depth: number): FolderPlace {
  let level = 0;
  while (level < folders.length && level < depth && isPartitionName(folders[level] as string)) level += 1;
  if (level === depth) return { kind: "partition", segments: folders.slice(0, depth) };
  if (level < folders.length) return { kind: "other", segments: folders.slice(0, level + 1) };
  return { kind: "above", segments: folders };
}

/**
 * Groups a flat, key-ordered stream of objects into partitions, other folders and stray files. Keys
 * under one prefix are contiguous, so a group is complete as soon as the listing moves past it.
 */
export class FlatGrouping {
  private current: { key: string; segments: string[]; partition: boolean; stats: PrefixStats } | undefined;
  /** What partition files are called after their partition folder (for the rollup delimiter). */
  readonly fileNames: string[] = [];
  /** Partition folder names seen (a rollup delimiter must not match them). */
  readonly folderNames = new Set<string>();

  constructor(
    private readonly table: string,
    private readonly depth: number,
  ) {}

  add(objects: ObjectInfo[], batch: DiscoveryBatch): void {
    for (const object of objects) {
      const parts = object.key.slice(this.table.length).split("/");
      const place = placeFolders(parts.slice(0, -1), this.depth);
      if (place.kind === "above") {
        batch.strayFiles.push({ object, segments: place.segments });
        continue;
      }
      if (place.kind === "partition") {
        this.fileNames.push(parts.slice(this.depth).join("/"));
        for (const name of place.segments) this.folderNames.add(name);
      }
      const key = place.segments.join("/");
      if (this.current?.key !== key) {
        this.flush(batch);
        this.current = {
          key,
          segments: place.segments,
          partition: place.kind === "partition",
          stats: emptyStats(),
        };
      }
      const below = this.current.partition ? parts.slice(this.depth).join("/") : undefined;
      addObject(this.current.stats, object, below);
    }
  }

  flush(batch: DiscoveryBatch): void {
    const group = this.current;
    if (!group) return;
    const found = { prefix: `${this.table}${group.key}/`, segments: group.segments, stats: group.stats };
    if (group.partition) batch.partitions.push(found);
    else batch.otherFolders.push(found);
    this.current = undefined;
  }

  /** Distinct partitions seen so far, counting the one still open. */
  partitionsIn(batch: DiscoveryBatch): number {
    return batch.partitions.length + (this.current?.partition ? 1 : 0);
  }
}

/** The word a file name starts with, up to its first separator: `part-00001.json` → `part-`. */
function fileStem(name: string): string | undefined {
  return /^[A-Za-z]+[-_.]/.exec(name)?.[0];
}

/**
 * The name start most sampled partition files share (`part-` for `part-00001.json`, `part-00002.json`),
 * if at least half of them do and no partition folder starts with it; otherwise undefined.
 */
export function sharedFileStart(fileNames: string[], folderNames: Iterable<string>): string | undefined {
  const counts = new Map<string, number>();
  for (const name of fileNames) {
    const stem = fileStem(name);
    if (stem) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  }
  let best: [string, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1]) best = entry;
  if (!best || best[1] * 2 < fileNames.length) return undefined;
  const start = best[0];
  for (const folder of folderNames) if (folder.startsWith(start)) return undefined;
  return start;
}

import { createHash } from "node:crypto";
import { isHiddenName } from "../lake/lake-path.js";
import type { ObjectInfo, ObjectStore } from "../storage/object-store.js";

/** The objects of one partition folder of a table, as listed now. */
export interface ListedPartition {
  /** Below the table, Hive-escaped (`year=2024/month=01`); empty for the table folder itself. */
  path: string;
  objects: ObjectInfo[];
}

/**
 * A table's data objects grouped by partition folder (one flat listing). Hidden names (`_SUCCESS`,
 * `.crc`, `_temporary/`) are skipped as query engines skip them; folders that are not `key=value`
 * are not partitions and are left out.
 */
export async function listTablePartitions(store: ObjectStore, tablePath: string): Promise<ListedPartition[]> {
  const prefix = `${tablePath}/`;
  const byPath = new Map<string, ObjectInfo[]>();
  for await (const page of store.list(prefix)) {
    for (const object of page.objects) {
      const parts = object.key.slice(prefix.length).split("/");
      const file = parts.pop() as string;
      if (isHiddenName(file) || parts.some((p) => isHiddenName(p) || !p.includes("="))) continue;
      const path = parts.join("/");
      const list = byPath.get(path) ?? [];
      list.push(object);
      byPath.set(path, list);
    }
  }
  return [...byPath.entries()]
    .map(([path, objects]) => ({ path, objects }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** What a partition holds, in one value: changes when an object is added, removed or rewritten. */
export function fingerprint(objects: ObjectInfo[]): string {
  const hash = createHash("sha256");
  for (const o of [...objects].sort((a, b) => (a.key < b.key ? -1 : 1))) {
    hash.update(`${o.key}\t${o.size}\t${o.etag ?? o.lastModified.toISOString()}\n`);
  }
  return hash.digest("hex").slice(0, 16);
}

/** Whether a partition path is inside a `--partitions` selection entry (`year=2024/month=01` takes its days). */
export function selects(selection: string[], path: string): boolean {
  return selection.some((s) => {
    const want = s.replace(/^\/+|\/+$/g, "");
    return path === want || path.startsWith(`${want}/`);
  });
}

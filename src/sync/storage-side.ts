import type { TableFormat } from "../catalog/catalog.js";
import type { Anomaly, LakeLayout } from "../lake/index.js";
import {
  contentAnomalies,
  isHiddenName,
  parseLakePath,
  sameValueAnomaly,
  sameValueNames,
} from "../lake/index.js";
import type { ObjectStore } from "../storage/object-store.js";
import { type DiscoveryBatch, discoverPartitions } from "../storage/partition-walk.js";
import type { StoragePartition, TableRef } from "./types.js";

/** Shared by every partition: a walk does not see file names (never mutated). */
const NO_FORMATS: TableFormat[] = [];

export interface StorageSideOptions {
  concurrency?: number;
  signal?: AbortSignal;
}

/** An anomaly when a folder's keys are not the table's (none when the table has no keys). */
export function keysAnomaly(ref: TableRef, found: string[], name: string): Anomaly | undefined {
  if (ref.partitionKeys.length === 0) return undefined;
  const want = ref.partitionKeys.map((k) => k.toLowerCase()).join("/");
  if (found.map((k) => k.toLowerCase()).join("/") === want) return undefined;
  return {
    kind: "unknown-key",
    segment: name,
    message: `"${name}" under ${ref.path} has keys ${found.join("/")}, the table's are ${ref.partitionKeys.join("/")}`,
  };
}

/** One walk batch in the lake's words: partitions with unescaped values, strays and odd folders as anomalies. */
function toPartitions(
  store: ObjectStore,
  layout: LakeLayout,
  ref: TableRef,
  batch: DiscoveryBatch,
): StoragePartition[] {
  const out: StoragePartition[] = [];
  for (const found of batch.partitions) {
    const parsed = parseLakePath(found.prefix, layout);
    const name = found.segments.join("/");
    const anomalies = [...parsed.anomalies];
    const odd =
      anomalies.length === 0
        ? keysAnomaly(
            ref,
            parsed.partition.map((v) => v.key),
            name,
          )
        : undefined;
    if (odd) anomalies.push(odd);
    const content = found.stats?.content;
    if (content) anomalies.push(...contentAnomalies(content, name, ref.path));
    out.push({
      values: parsed.partition.map((v) => v.value),
      name,
      location: store.uri(found.prefix),
      // A delimiter walk sees only prefixes, and a prefix exists only while objects lie beneath it.
      objects: found.stats?.objects ?? 1,
      bytes: found.stats?.bytes ?? 0,
      formats: NO_FORMATS,
      anomalies,
    });
  }
  for (const folder of batch.otherFolders) {
    if (folder.segments.some(isHiddenName)) continue; // _temporary, .spark-staging: engines skip them
    const parsed = parseLakePath(folder.prefix, layout);
    out.push({
      values: [],
      name: folder.segments.join("/"),
      location: store.uri(folder.prefix),
      objects: folder.stats?.objects ?? 1,
      bytes: folder.stats?.bytes ?? 0,
      formats: [],
      anomalies:
        parsed.anomalies.length > 0
          ? parsed.anomalies
          : [
              {
                kind: "folder-without-equals",
                segment: folder.segments.at(-1) ?? "",
                message: `folder "${folder.segments.join("/")}" under ${ref.path} is not a key=value partition`,
              },
            ],
    });
  }
  for (const stray of batch.strayFiles) {
    const file = stray.object.key.split("/").at(-1) ?? "";
    if (isHiddenName(file) || stray.segments.some(isHiddenName)) continue; // _SUCCESS, .crc
    const parsed = parseLakePath(stray.object.key, layout);
    out.push({
      values: [],
      name: [...stray.segments, file].join("/"),
      location: store.uri(stray.object.key),
      objects: 1,
      bytes: stray.object.size,
      formats: [],
      anomalies:
        parsed.anomalies.length > 0
          ? parsed.anomalies
          : [
              {
                kind: "stray-file",
                segment: file,
                message: `file "${file}" sits above the partition folders of ${ref.path}`,
              },
            ],
    });
  }
  return out;
}

/** A table's partition folders, streamed in batches from a bounded-concurrency walk of its levels. */
export async function* storagePartitions(
  store: ObjectStore,
  layout: LakeLayout,
  ref: TableRef,
  options: StorageSideOptions = {},
): AsyncGenerator<StoragePartition[]> {
  const depth = ref.partitionKeys.length > 0 ? ref.partitionKeys.length : undefined;
  // Listed flat (one request per 1,000 objects): whether a folder holds any data file decides whether it
  // is a partition at all (a `_SUCCESS`-only or 0-byte-only folder must not be registered).
  const walk = { ...options, stats: true };
  for await (const batch of discoverPartitions(store, `${ref.path}/`, depth, walk)) {
    const partitions = toPartitions(store, layout, ref, batch);
    if (partitions.length > 0) yield partitions;
  }
}

/** True when any object lies under the table's folder (one short listing). */
export async function tableHasData(store: ObjectStore, ref: TableRef): Promise<boolean> {
  for await (const page of store.list(`${ref.path}/`, { pageSize: 1 })) return page.objects.length > 0;
  return false;
}

/** Flags partitions that name the same values as another (`day=1` beside `day=01`), both of them. */
export function flagSameValues(storage: readonly StoragePartition[], ref: TableRef): void {
  const twins = sameValueNames(storage.filter((p) => p.values.length > 0).map((p) => p.name));
  if (twins.size === 0) return;
  for (const p of storage) {
    const other = twins.get(p.name);
    if (other !== undefined) p.anomalies.push(sameValueAnomaly(p.name, other, ref.path));
  }
}

// Which files of a table to read its columns from: one in the oldest and one in the newest valid partition.
// Found by descending the partition levels with delimiter listings (a few calls, not a flat listing of the
// table), skipping folders the lake model flags as anomalies (`junkfolder/`, keys out of order, _temporary).
import { isHiddenName, type LakeLayout, parseLakePath } from "../lake/index.js";
import type { ObjectInfo, ObjectStore } from "../storage/object-store.js";
import { fileFormat } from "./file-format.js";
import type { TableRef } from "./types.js";

export interface SampleFiles {
  /** A data file of the oldest valid partition (the table folder itself when it has no partitions). */
  oldest: ObjectInfo;
  /** A data file of the newest valid partition; the same file as `oldest` when there is one partition. */
  newest: ObjectInfo;
}

type Edge = "oldest" | "newest";

// Partition values in the order their data arrived: `month=2` before `month=10`.
const byValue = new Intl.Collator("en", { numeric: true }).compare;

interface Level {
  folders: string[];
  files: ObjectInfo[];
}

async function listLevel(store: ObjectStore, prefix: string): Promise<Level> {
  const level: Level = { folders: [], files: [] };
  for await (const page of store.list(prefix, { delimiter: "/" })) {
    level.folders.push(...page.prefixes);
    level.files.push(...page.objects);
  }
  return level;
}

/** A data file among `files`, preferring the table's format; hidden files (`_SUCCESS`, `.crc`) skipped. */
function dataFile(files: ObjectInfo[], format: TableRef["format"]): ObjectInfo | undefined {
  let other: ObjectInfo | undefined;
  for (const file of files) {
    const name = file.key.slice(file.key.lastIndexOf("/") + 1);
    if (isHiddenName(name)) continue;
    const seen = fileFormat(name);
    if (seen === format) return file;
    if (seen !== undefined) other ??= file;
  }
  return other;
}

/** The `key=value` folders of one partition level that fit the lake model, in value order. */
function partitionFolders(folders: string[], layout: LakeLayout, ref: TableRef, depth: number): string[] {
  const want = ref.partitionKeys[depth]?.toLowerCase();
  const valid: { prefix: string; value: string }[] = [];
  for (const prefix of folders) {
    const segment = prefix.slice(0, -1).slice(prefix.lastIndexOf("/", prefix.length - 2) + 1);
    const eq = segment.indexOf("=");
    if (eq <= 0 || isHiddenName(segment)) continue;
    if (want !== undefined && segment.slice(0, eq).toLowerCase() !== want) continue;
    if (parseLakePath(prefix, layout).anomalies.length > 0) continue;
    valid.push({ prefix, value: segment.slice(eq + 1) });
  }
  return valid.sort((a, b) => byValue(a.value, b.value)).map((v) => v.prefix);
}

/** The first data file found at the `edge` of the partition tree under `prefix`, or undefined. */
async function edgeFile(
  store: ObjectStore,
  layout: LakeLayout,
  ref: TableRef,
  prefix: string,
  depth: number,
  edge: Edge,
): Promise<ObjectInfo | undefined> {
  const level = await listLevel(store, prefix);
  const declared = ref.partitionKeys.length;
  const folders = partitionFolders(level.folders, layout, ref, depth);
  // Keys known: files belong at full depth only. Keys unknown: descend while key=value folders go on.
  const atLeaf = declared > 0 ? depth >= declared : folders.length === 0;
  if (atLeaf) return dataFile(level.files, ref.format);
  if (edge === "newest") folders.reverse();
  for (const folder of folders) {
    const found = await edgeFile(store, layout, ref, folder, depth + 1, edge);
    if (found) return found;
  }
  return undefined;
}

/** The lake model as far as one table goes: its layer and its keys (declared, or from the catalog). */
function tableLayout(ref: TableRef): LakeLayout {
  const keys = ref.partitionKeys.length > 0 ? { [ref.path]: ref.partitionKeys } : {};
  return { layers: [ref.layer], partitionKeys: keys };
}

/**
 * Data files of the oldest and newest partitions that fit the lake model, or undefined when the table
 * holds no such file. Files in anomaly folders are never sampled: their columns are not the table's.
 */
export async function findSampleFiles(store: ObjectStore, ref: TableRef): Promise<SampleFiles | undefined> {
  const prefix = `${ref.path}/`;
  const layout = tableLayout(ref);
  const oldest = await edgeFile(store, layout, ref, prefix, 0, "oldest");
  if (!oldest) return undefined;
  const newest = (await edgeFile(store, layout, ref, prefix, 0, "newest")) ?? oldest;
  return { oldest, newest };
}

// The words of a listing (k9s' render layer): one step for `medallion ls` and the terminal UI's browser.
// Each front end lays the same columns and cells out: the CLI pads them, the UI's Grid draws them.
import type { Cell, Column } from "../render/cell.js";
import type { LakeEntry } from "./entry.js";
import {
  anomalyFlag,
  humanBytes,
  humanCount,
  humanDate,
  partitionColumns,
  storageClassMix,
} from "./human.js";

/**
 * How a partition's name reads: `path` as stored (`year=2024/month=01`, what `medallion ls` prints, to
 * paste), `columns` keyed values (`year 2024 · month 01`), `values` alone under the keys in the title.
 */
export type PartitionNames = "path" | "columns" | "values";

/** The name column: folders (layers, tenants, domains, tables) end in `/`; partitions and files do not. */
export function entryName(entry: LakeEntry, partitions: PartitionNames = "columns"): string {
  if (entry.kind === "partition" && entry.partition && entry.partition.length > 0 && partitions !== "path") {
    if (partitions === "values") return entry.partition.map((p) => p.value ?? "(null)").join(" · ");
    return partitionColumns(entry.partition);
  }
  return entry.kind === "file" || entry.kind === "partition" ? entry.name : `${entry.name}/`;
}

/** What a listing is, as a whole: how its columns are titled and which apply. */
export interface ListingShape {
  /** `table`, `partition`, … or `name` for a mix. */
  kind: string;
  hasAnomalies: boolean;
  /** Widest name as shown in full (keyed partition values). */
  widest: number;
  /** The partition keys, when every row is a partition with the same keys. */
  partitionKeys?: string[];
}

export function listingShape(entries: readonly LakeEntry[]): ListingShape {
  const kinds = new Set<string>();
  let hasAnomalies = false;
  let widest = 0;
  let keys: string | undefined;
  let sameKeys = true;
  for (const e of entries) {
    kinds.add(e.kind);
    if (e.anomalies.length > 0) hasAnomalies = true;
    widest = Math.max(widest, entryName(e).length);
    const k = e.partition?.map((p) => p.key).join("\u0000");
    if (keys === undefined) keys = k;
    else if (k !== keys) sameKeys = false;
  }
  const kind = kinds.size === 1 ? ([...kinds][0] as string) : "name";
  const partitionKeys = kind === "partition" && sameKeys && keys ? keys.split("\u0000") : undefined;
  return { kind, hasAnomalies, widest, partitionKeys };
}

/** The fields of a row; a front end finds its columns by these (the UI puts badges after `name`). */
export type EntryField = "flag" | "name" | "objects" | "size" | "storage" | "modified" | "anomalies";

export interface EntryColumn extends Column {
  field: EntryField;
}

/**
 * The listing's columns: the `!` flag and the anomalies only when a row has one, the objects count
 * not for files (always 1). Names are cut in the middle, so files sharing a long prefix (Spark's
 * `part-00000-<uuid>`) stay apart and keep their extension.
 */
export function entryColumns(shape: ListingShape, partitions: PartitionNames = "columns"): EntryColumn[] {
  const name = partitions === "values" && shape.partitionKeys ? shape.partitionKeys.join(" · ") : shape.kind;
  const columns: EntryColumn[] = [
    { field: "flag", title: "", min: 1, max: 1 },
    { field: "name", title: name, cut: "middle", min: 12, max: Number.POSITIVE_INFINITY },
    { field: "objects", title: "objects", align: "right", min: 7 },
    { field: "size", title: "size", align: "right", min: 9 },
    { field: "storage", title: "storage", min: 7 },
    { field: "modified", title: "modified (UTC)", min: 16 },
    { field: "anomalies", title: "anomalies", min: 12, max: Number.POSITIVE_INFINITY },
  ];
  return columns.filter(
    (c) =>
      !(c.field === "objects" && shape.kind === "file") &&
      !((c.field === "flag" || c.field === "anomalies") && !shape.hasAnomalies),
  );
}

/** One row's cells for `columns`. */
export function entryCells(
  entry: LakeEntry,
  columns: readonly EntryColumn[],
  partitions: PartitionNames = "columns",
): Cell[] {
  const flagged = entry.anomalies.length > 0;
  const cellOf: Record<EntryField, () => Cell> = {
    flag: () => (flagged ? { text: "!", tone: "warn" } : { text: " " }),
    name: () => ({ text: entryName(entry, partitions) }),
    objects: () => ({ text: humanCount(entry.objects) }),
    size: () => ({ text: humanBytes(entry.bytes) }),
    storage: () => ({ text: storageClassMix(entry.storageClasses) }),
    modified: () => ({ text: humanDate(entry.lastModified) }),
    anomalies: () => ({ text: flagged ? anomalyFlag(entry.anomalies) : "", tone: "warn" }),
  };
  return columns.map((c) => cellOf[c.field]());
}

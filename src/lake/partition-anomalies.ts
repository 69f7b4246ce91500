// Partitions whose folder parses but that must not reach the catalog as healthy ones: a null or odd value,
// one value in two folders, no data file, a 0-byte Parquet file, a level too deep.
import type { FolderContent } from "../storage/partition-stats.js";
import type { Anomaly } from "./types.js";

/** Date and time parts by key name, with their range: a value of digits outside it is an anomaly. */
const RANGES: Record<string, [number, number]> = {
  year: [1, 9999],
  month: [1, 12],
  day: [1, 31],
  hour: [0, 23],
  minute: [0, 59],
};

/** What is wrong with one `key=value` level's value (already unescaped), if anything. */
export function valueAnomaly(
  key: string,
  value: string | null,
  segment: string,
  where: string,
): Anomaly | undefined {
  if (value === null) {
    return {
      kind: "null-partition",
      segment,
      message: `"${segment}" under ${where} is the null partition: ${key} is NULL there, not a value`,
    };
  }
  if (value.trim() !== value) {
    return {
      kind: "bad-value",
      segment,
      message: `"${segment}" under ${where} has whitespace around its value ${JSON.stringify(value)}`,
    };
  }
  const range = RANGES[key.toLowerCase()];
  if (range && /^\d+$/.test(value)) {
    const n = Number(value);
    if (n < range[0] || n > range[1]) {
      return {
        kind: "bad-value",
        segment,
        message: `"${segment}" under ${where}: ${key} ${value} is out of range (${range[0]}–${range[1]})`,
      };
    }
  }
  return undefined;
}

/** What a partition's files say about it: no data file, a 0-byte Parquet file, a level too deep. */
export function contentAnomalies(content: FolderContent, name: string, where: string): Anomaly[] {
  const found: Anomaly[] = [];
  if (content.dataFiles === 0) {
    const only = content.marker ?? (content.emptyFile ? `0-byte ${content.emptyFile}` : "nothing");
    found.push({
      kind: "no-data",
      segment: only,
      message: `"${name}" under ${where} holds no data file, only ${only}`,
    });
  } else if (content.emptyFile && /\.parq(uet)?$/i.test(content.emptyFile)) {
    found.push({
      kind: "empty-file",
      segment: content.emptyFile,
      message: `"${name}" under ${where} holds a 0-byte file ${content.emptyFile}: Athena fails reading it`,
    });
  }
  if (content.deeperFolder) {
    found.push({
      kind: "too-deep",
      segment: content.deeperFolder,
      message: `"${name}/${content.deeperFolder}" under ${where} goes a partition level deeper than the table's`,
    });
  }
  return found;
}

/** A partition name with leading zeros dropped from numeric values: `day=01` and `day=1` read alike. */
function sameValueKey(name: string): string {
  return name
    .split("/")
    .map((segment) => segment.replace(/=0+(?=\d+$)/, "="))
    .join("/");
}

/**
 * Partitions that name the same values as another (`day=1` beside `day=01`), each with the other's name:
 * engines read them as two partitions of one day.
 */
export function sameValueNames(names: Iterable<string>): Map<string, string> {
  const byKey = new Map<string, string>();
  const twins = new Map<string, string>();
  for (const name of names) {
    const key = sameValueKey(name);
    const other = byKey.get(key);
    if (other === undefined) byKey.set(key, name);
    else {
      twins.set(name, other);
      if (!twins.has(other)) twins.set(other, name);
    }
  }
  return twins;
}

export function sameValueAnomaly(name: string, other: string, where: string): Anomaly {
  return {
    kind: "same-value",
    segment: name,
    message: `"${name}" and "${other}" under ${where} name the same partition (values differ only by leading zeros)`,
  };
}

import { PATH_PLACEHOLDER } from "../config/pipeline.js";
import { MedallionError } from "../errors.js";
import { unescapePartitionValue } from "../lake/escape.js";

/**
 * Partition values of a raw file from where it was delivered: a `path` pattern matched against the end
 * of its location (`{year}/{month}/{day}/*.csv`, `orders_{year:4}{month:2}{day:2}.json`), else its Hive
 * `key=value` folders (the last one of each key). Empty values are null (Hive's default partition).
 */
export function pathValues(uri: string, keys: string[], pattern?: string): (string | null)[] {
  return pattern === undefined ? hiveValues(uri, keys) : patternValues(uri, keys, pattern);
}

function hiveValues(uri: string, keys: string[]): (string | null)[] {
  const found = new Map<string, string | null>();
  for (const segment of uri.split("/").slice(0, -1)) {
    const eq = segment.indexOf("=");
    if (eq <= 0) continue;
    const key = unescapePartitionValue(segment.slice(0, eq));
    if (key !== null) found.set(key.toLowerCase(), unescapePartitionValue(segment.slice(eq + 1)));
  }
  const missing = keys.filter((k) => !found.has(k));
  if (missing.length > 0) {
    throw new MedallionError(
      "usage",
      `${uri}: its path has no ${missing.map((k) => `${k}=…`).join("/")} folder: deliver it under key=value folders, or give the table an ingest.path pattern or ingest.partitionFrom column in medallion.yaml`,
    );
  }
  return keys.map((k) => nullIfEmpty(found.get(k) ?? null));
}

const nullIfEmpty = (v: string | null) => (v === "" ? null : v);

/** The pattern as a regular expression over the end of a location, one group per placeholder. */
export function patternRegExp(pattern: string): { regexp: RegExp; names: string[] } {
  const names: string[] = [];
  let source = "";
  let last = 0;
  const literal = (text: string) =>
    text
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]*");
  for (const m of pattern.matchAll(PATH_PLACEHOLDER)) {
    source += literal(pattern.slice(last, m.index));
    names.push(m[1] as string);
    source += m[2] ? `([^/]{${Number(m[2])}})` : "([^/]+?)";
    last = (m.index ?? 0) + m[0].length;
  }
  source += literal(pattern.slice(last));
  return { regexp: new RegExp(`(?:^|/)${source.replace(/^\/+/, "")}$`), names };
}

function patternValues(uri: string, keys: string[], pattern: string): (string | null)[] {
  const { regexp, names } = patternRegExp(pattern);
  const match = regexp.exec(uri);
  if (!match) {
    throw new MedallionError(
      "usage",
      `${uri} does not match the table's ingest.path pattern ${pattern}: rename the file or change the pattern`,
    );
  }
  const values = new Map<string, string>();
  names.forEach((name, i) => {
    const value = match[i + 1] as string;
    const seen = values.get(name);
    if (seen !== undefined && seen !== value) {
      throw new MedallionError(
        "usage",
        `${uri}: {${name}} is ${seen} and ${value} in the pattern ${pattern}`,
      );
    }
    values.set(name, value);
  });
  return keys.map((k) => nullIfEmpty(values.get(k) ?? null));
}

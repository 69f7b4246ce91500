import { HIVE_DEFAULT_PARTITION } from "../lake/index.js";

export { partitionKey } from "../catalog/partition-key.js";

/** Values as the catalog holds them: raw (unescaped), null as `__HIVE_DEFAULT_PARTITION__`. */
export function catalogValues(values: readonly (string | null)[]): string[] {
  // Most partitions have no default value: keep their array rather than copy it.
  if (values.every((v) => v !== null && v !== "")) return values as string[];
  return values.map((v) => (v === null || v === "" ? HIVE_DEFAULT_PARTITION : v));
}

/** Locations compare equal whatever the trailing slash, `s3a://`/`s3n://` scheme or `file://` prefix. */
export function normalizeLocation(location: string): string {
  let loc = location;
  if (loc.startsWith("s3a://") || loc.startsWith("s3n://")) loc = `s3://${loc.slice(6)}`;
  else if (loc.startsWith("file://")) loc = loc.slice("file://".length);
  while (loc.length > 1 && loc.endsWith("/")) loc = loc.slice(0, -1);
  return loc;
}

/** True when `location` lies inside the table folder. */
export function isInside(location: string, tableLocation: string): boolean {
  return normalizeLocation(location).startsWith(`${normalizeLocation(tableLocation)}/`);
}

/** Equal locations; the common case (both written the same way) needs no normalising. */
export function sameLocation(a: string, b: string): boolean {
  return a === b || normalizeLocation(a) === normalizeLocation(b);
}

/** `location` as it lies below `to` when it lay below `from` (a table folder moved), keeping its trailing slash. */
export function movedLocation(location: string, from: string, to: string): string {
  const below = normalizeLocation(location).slice(normalizeLocation(from).length);
  return `${normalizeLocation(to)}${below}${location.endsWith("/") ? "/" : ""}`;
}

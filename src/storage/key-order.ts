/** Compares keys as S3 orders them: by their UTF-8 bytes (not by UTF-16 code units, not by locale). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/** Whether a key sorts strictly after `startAfter` (always true without one). */
export function isAfter(key: string, startAfter: string | undefined): boolean {
  return startAfter === undefined || compareKeys(key, startAfter) > 0;
}

/** Splits a listing prefix into the folder part (ending in `/` or empty) and the name part after it. */
export function splitPrefix(prefix: string): { folder: string; name: string } {
  const slash = prefix.lastIndexOf("/");
  return { folder: prefix.slice(0, slash + 1), name: prefix.slice(slash + 1) };
}

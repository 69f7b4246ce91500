/**
 * Hive partition escaping, exactly as Hive's FileUtils.escapePathName / unescapePathName:
 * control characters, `"#%'*\/:=?\` DEL `{[]^` become %XX (uppercase hex); everything else,
 * including every character >= 0x80, is kept as is. Keys and values are escaped the same way.
 */

export const HIVE_DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";

const SPECIAL = new Set(['"', "#", "%", "'", "*", "/", ":", "=", "?", "\\", "\u007F", "{", "[", "]", "^"]);

function needsEscaping(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || SPECIAL.has(char);
}

/** Escapes a partition key or value for a folder name; null or empty becomes __HIVE_DEFAULT_PARTITION__. */
export function escapePartitionValue(value: string | null | undefined): string {
  if (value === null || value === undefined || value === "") return HIVE_DEFAULT_PARTITION;
  let out = "";
  for (const char of value) {
    out += needsEscaping(char) ? `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}` : char;
  }
  return out;
}

/**
 * Unescapes a folder name's key or value; __HIVE_DEFAULT_PARTITION__ becomes null. A `%` not
 * followed by two hex digits is kept as written, as Hive does; `findBadEscape` reports it.
 */
export function unescapePartitionValue(escaped: string): string | null {
  if (escaped === HIVE_DEFAULT_PARTITION) return null;
  return escaped.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/** The first malformed `%` sequence in an escaped name (e.g. `%G1`, a trailing `%`), or undefined. */
export function findBadEscape(escaped: string): string | undefined {
  const match = /%(?![0-9A-Fa-f]{2})/.exec(escaped);
  return match ? escaped.slice(match.index, match.index + 3) : undefined;
}

/** One partition folder name: `key=value`, both escaped. */
export function partitionSegment(key: string, value: string | null | undefined): string {
  return `${escapePartitionValue(key)}=${escapePartitionValue(value)}`;
}

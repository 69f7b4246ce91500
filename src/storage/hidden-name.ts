/** Names query engines skip (`_SUCCESS`, `_temporary`, `.crc`, the tool's own `_medallion/`). */
export function isHiddenName(name: string): boolean {
  return name.startsWith("_") || name.startsWith(".");
}

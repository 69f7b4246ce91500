/** Type words for text columns, inferred from the values read (null and empty values are ignored). */

const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The type of one CSV field's text. */
export function textType(value: string): string {
  if (INTEGER.test(value)) return "integer";
  if (NUMBER.test(value)) return "double";
  if (/^(true|false)$/i.test(value)) return "boolean";
  if (DATE.test(value)) return "date";
  if (TIMESTAMP.test(value)) return "timestamp";
  return "string";
}

/** The type of one parsed JSON value. */
export function jsonType(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "double";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") {
    const t = textType(value);
    return t === "date" || t === "timestamp" ? t : "string";
  }
  if (Array.isArray(value)) return "list";
  return "struct";
}

/** Folds the types seen in a column into one: integer+double is double, anything else mixed is "mixed". */
export function mergeTypes(types: Iterable<string | undefined>): string {
  const seen = new Set<string>();
  for (const t of types) if (t) seen.add(t);
  if (seen.size === 0) return "null";
  if (seen.size === 1) return [...seen][0] as string;
  if ([...seen].every((t) => t === "integer" || t === "double")) return "double";
  if ([...seen].every((t) => t === "date" || t === "timestamp")) return "timestamp";
  if ([...seen].every((t) => t !== "list" && t !== "struct")) return "string";
  return `mixed(${[...seen].sort().join(", ")})`;
}

import type { Column } from "../catalog/catalog.js";
import type { SchemaField } from "../parquet/index.js";

/** Hive type of a Parquet leaf type as the reader spells it (`int64`, `timestamp(us, UTC)`, `decimal(9,2)`). */
function leafHiveType(type: string): string {
  if (type.startsWith("timestamp")) return "timestamp";
  if (type.startsWith("decimal(")) return type.replaceAll(" ", "");
  if (type.startsWith("time(")) return "bigint"; // Hive has no time of day: keep the count of units
  switch (type) {
    case "int8":
      return "tinyint";
    case "int16":
    case "uint8":
      return "smallint";
    case "int32":
    case "uint16":
      return "int";
    case "int64":
    case "uint32":
      return "bigint";
    case "uint64":
      return "decimal(20,0)";
    case "string":
    case "json":
    case "enum":
      return "string";
    case "date":
    case "boolean":
    case "double":
    case "float":
      return type;
    default:
      // binary, fixed(n), uuid, float16, interval, bson, variant, geometry: bytes Athena can at least read
      return "binary";
  }
}

/** Splits `a, map<b, c>` at its top-level comma. */
function splitTopLevel(text: string): [string, string] {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "<" || c === "(") depth++;
    else if (c === ">" || c === ")") depth--;
    else if (c === "," && depth === 0) return [text.slice(0, i).trim(), text.slice(i + 1).trim()];
  }
  return [text.trim(), "string"];
}

/** Hive type of a reader type text; `struct` stands for the struct made of `children`. */
function hiveType(type: string, children: readonly SchemaField[]): string {
  if (type.startsWith("list<") && type.endsWith(">"))
    return `array<${hiveType(type.slice(5, -1), children)}>`;
  if (type.startsWith("map<") && type.endsWith(">")) {
    const [key, value] = splitTopLevel(type.slice(4, -1));
    return `map<${hiveType(key, [])},${hiveType(value, children)}>`;
  }
  if (type === "struct") {
    if (children.length === 0) return "binary";
    return `struct<${children.map((c) => `${c.name.toLowerCase()}:${hiveType(c.type, c.children)}`).join(",")}>`;
  }
  return leafHiveType(type);
}

/** Table columns from a Parquet file's schema: Hive types, names lowercased as Hive does. */
export function hiveColumns(schema: readonly SchemaField[]): Column[] {
  return schema.map((field) => ({
    name: field.name.toLowerCase(),
    type: hiveType(field.type, field.children),
  }));
}

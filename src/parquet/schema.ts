import type { SchemaElement, SchemaTree } from "hyparquet";

/** One field of a Parquet schema as a reader sees it: nested types as a tree, logical types spelled out. */
export interface SchemaField {
  name: string;
  /** Dotted path from the top level (`address.city`). */
  path: string;
  /** What the field holds: `int64`, `string`, `timestamp(us, UTC)`, `decimal(18,3)`, `list<int64>`, `struct`. */
  type: string;
  /** Physical storage type of a leaf (INT64, BYTE_ARRAY, …); undefined for groups. */
  physicalType?: string;
  nullable: boolean;
  /** Fields of a struct, or of the struct inside a list or a map value. */
  children: SchemaField[];
  /** Set when the values cannot be decoded and are shown raw. */
  note?: string;
}

const unitShort = { MILLIS: "ms", MICROS: "us", NANOS: "ns" } as const;

/** Why a leaf's values cannot be decoded (its physical values are shown instead, as DuckDB does), if so. */
export function undecodableNote(element: SchemaElement): string | undefined {
  // A logical type newer than the reader: hyparquet hands it over without a name.
  if (element.logical_type && !element.logical_type.type)
    return "unknown logical type: physical values shown";
  if (element.converted_type === "BSON" || element.logical_type?.type === "BSON") {
    return "bson cannot be decoded yet: physical values shown";
  }
  return undefined;
}

/** The type of a leaf element, in the words engineers use (close to DuckDB's and Athena's). */
export function leafType(element: SchemaElement): string {
  const logical = element.logical_type;
  const converted = element.converted_type;
  if (logical?.type === "TIMESTAMP") {
    return `timestamp(${unitShort[logical.unit]}${logical.isAdjustedToUTC ? ", UTC" : ""})`;
  }
  if (logical?.type === "TIME")
    return `time(${unitShort[logical.unit]}${logical.isAdjustedToUTC ? ", UTC" : ""})`;
  if (converted === "TIMESTAMP_MILLIS") return "timestamp(ms, UTC)";
  if (converted === "TIMESTAMP_MICROS") return "timestamp(us, UTC)";
  if (logical?.type === "DECIMAL") return `decimal(${logical.precision},${logical.scale})`;
  if (converted === "DECIMAL") return `decimal(${element.precision ?? "?"},${element.scale ?? 0})`;
  if (logical?.type === "DATE" || converted === "DATE") return "date";
  if (logical?.type === "STRING" || converted === "UTF8") return "string";
  if (logical?.type === "INTEGER") return `${logical.isSigned ? "int" : "uint"}${logical.bitWidth}`;
  if (converted?.startsWith("INT_")) return `int${converted.slice(4)}`;
  if (converted?.startsWith("UINT_")) return `uint${converted.slice(5)}`;
  if (logical?.type === "GEOMETRY") return logical.crs ? `geometry(${logical.crs})` : "geometry";
  if (logical?.type === "GEOGRAPHY") return logical.crs ? `geography(${logical.crs})` : "geography";
  if (logical?.type) return logical.type.toLowerCase();
  if (converted) return converted.toLowerCase();
  switch (element.type) {
    case "BYTE_ARRAY":
      return "binary";
    case "FIXED_LEN_BYTE_ARRAY":
      return `fixed(${element.type_length ?? "?"})`;
    case "INT96":
      return "timestamp(int96)";
    case undefined:
      return "group";
    default:
      return element.type.toLowerCase();
  }
}

function isList(node: SchemaTree): boolean {
  const first = node.children[0];
  return (
    (node.element.converted_type === "LIST" || node.element.logical_type?.type === "LIST") &&
    node.children.length === 1 &&
    first?.element.repetition_type === "REPEATED"
  );
}

function isMap(node: SchemaTree): boolean {
  const first = node.children[0];
  return (
    (node.element.converted_type === "MAP" ||
      node.element.converted_type === "MAP_KEY_VALUE" ||
      node.element.logical_type?.type === "MAP") &&
    node.children.length === 1 &&
    first?.children.length === 2
  );
}

/** Type text and children of the values under a node, seen through list and map wrappers. */
function describe(node: SchemaTree, path: string): { type: string; children: SchemaField[]; note?: string } {
  if (isList(node)) {
    const repeated = node.children[0] as SchemaTree;
    // 3-level lists wrap the element in a repeated group of one field; 2-level lists repeat it directly.
    const element =
      repeated.children.length === 1 && repeated.element.type === undefined
        ? (repeated.children[0] as SchemaTree)
        : repeated;
    const inner = describe(element, path);
    return { type: `list<${inner.type}>`, children: inner.children, note: inner.note };
  }
  if (isMap(node)) {
    const pair = node.children[0] as SchemaTree;
    const key = pair.children[0] as SchemaTree;
    const value = pair.children[1] as SchemaTree;
    const k = describe(key, path);
    const v = describe(value, path);
    return { type: `map<${k.type}, ${v.type}>`, children: v.children, note: v.note };
  }
  if (node.children.length > 0) {
    if (node.element.logical_type?.type === "VARIANT") return { type: "variant", children: [] };
    const children = node.children.map((child) => fieldOf(child, path));
    if (node.element.repetition_type === "REPEATED") return { type: "list<struct>", children };
    return { type: "struct", children };
  }
  const note = undecodableNote(node.element);
  const type = leafType(node.element);
  const repeated = node.element.repetition_type === "REPEATED";
  return {
    type: repeated ? `list<${type}>` : type,
    children: [],
    note,
  };
}

function fieldOf(node: SchemaTree, parentPath: string): SchemaField {
  const path = parentPath ? `${parentPath}.${node.element.name}` : node.element.name;
  const { type, children, note } = describe(node, path);
  const field: SchemaField = {
    name: node.element.name,
    path,
    type,
    nullable: node.element.repetition_type !== "REQUIRED",
    children,
  };
  if (node.children.length === 0 && node.element.type) field.physicalType = node.element.type;
  if (note) field.note = note;
  return field;
}

/** The top-level fields of a file, each a tree. */
export function schemaFields(root: SchemaTree): SchemaField[] {
  return root.children.map((child) => fieldOf(child, ""));
}

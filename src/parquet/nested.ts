// Nested columns without loss. hyparquet assembles structs and maps into plain JS objects: a field or map
// key named `__proto__` vanishes (assigning it sets the prototype), integer-like keys are sorted, and a
// map's order is lost. So nested columns are read with a schema whose fields below the top level are
// renamed by position (`c0`, `c1`, …) and whose MAP annotations are dropped (a map then reads as a list
// of {c0: key, c1: value}); `typedValue` walks the original schema alongside to rebuild StructValue and
// MapValue with the real names, in order, and types each leaf by its own column's format (UTC zone,
// decimal scale, TIME) as a flat column is.
import type { FileMetaData, SchemaElement, SchemaTree } from "hyparquet";
import { formatsItself, leafValue, MapValue, StructValue, valueFormat } from "./values.js";

function isMap(node: SchemaTree): boolean {
  const pair = node.children[0];
  return (
    (node.element.converted_type === "MAP" ||
      node.element.converted_type === "MAP_KEY_VALUE" ||
      node.element.logical_type?.type === "MAP") &&
    node.children.length === 1 &&
    pair?.element.repetition_type === "REPEATED" &&
    pair.children.length === 2
  );
}

/** hyparquet's test for a list it unwraps (see its schema.js `isListLike`). */
function isList(node: SchemaTree): boolean {
  const repeated = node.children[0];
  return (
    node.element.converted_type === "LIST" &&
    node.children.length === 1 &&
    repeated?.element.repetition_type === "REPEATED" &&
    repeated.children.length <= 1
  );
}

const isVariant = (node: SchemaTree) => node.element.logical_type?.type === "VARIANT";

/** Positional name of a field below the top level, as hyparquet is given it. */
const positional = (index: number) => `c${index}`;

/**
 * The file metadata as hyparquet should read it: nested fields renamed by position, MAP annotations
 * dropped, and leaves whose values Medallion types itself (or cannot decode: `raw`) stripped of their
 * annotation. Column chunks' `path_in_schema` follow the renamed fields.
 */
export function readableMetadata(
  metadata: FileMetaData,
  tops: Iterable<SchemaTree>,
  raw: (top: string) => boolean,
): FileMetaData {
  const renamed = new Map<SchemaElement, SchemaElement>();
  const paths = new Map<string, string[]>();
  const visit = (
    node: SchemaTree,
    index: number,
    top: boolean,
    rawTop: boolean,
    path: string[],
    readPath: string[],
  ) => {
    const element = node.element;
    let read: SchemaElement = element;
    const name = top ? element.name : positional(index);
    if (name !== element.name) read = { ...read, name };
    if (isMap(node)) {
      const { converted_type: _c, logical_type: _l, ...rest } = read;
      read = rest;
    }
    if (node.children.length === 0 && (rawTop || formatsItself(element))) {
      const { converted_type: _c, logical_type: _l, ...rest } = read;
      read = rest;
    }
    if (read !== element) renamed.set(element, read);
    const fullPath = [...path, element.name];
    const fullReadPath = [...readPath, name];
    if (node.children.length === 0) paths.set(JSON.stringify(fullPath), fullReadPath);
    // Inside a variant, hyparquet needs the real names (`metadata`, `value`).
    if (isVariant(node))
      for (const child of node.children) collectPaths(child, fullPath, fullReadPath, paths);
    else
      for (const [i, child] of node.children.entries())
        visit(child, i, false, rawTop, fullPath, fullReadPath);
  };
  for (const top of tops) visit(top, 0, true, raw(top.element.name), [], []);
  if (renamed.size === 0) return metadata;
  return {
    ...metadata,
    schema: metadata.schema.map((element) => renamed.get(element) ?? element),
    row_groups: metadata.row_groups.map((group) => ({
      ...group,
      columns: group.columns.map((chunk) => {
        const meta = chunk.meta_data;
        const path = meta && paths.get(JSON.stringify(meta.path_in_schema));
        return meta && path ? { ...chunk, meta_data: { ...meta, path_in_schema: path } } : chunk;
      }),
    })),
  };
}

function collectPaths(
  node: SchemaTree,
  path: string[],
  readPath: string[],
  paths: Map<string, string[]>,
): void {
  const fullPath = [...path, node.element.name];
  const fullReadPath = [...readPath, node.element.name];
  if (node.children.length === 0) paths.set(JSON.stringify(fullPath), fullReadPath);
  for (const child of node.children) collectPaths(child, fullPath, fullReadPath, paths);
}

/** A value hyparquet assembled for `node` (read with `readableMetadata`), typed as Medallion shows it. */
export function typedValue(node: SchemaTree, value: unknown, raw = false): unknown {
  if (value === null || value === undefined) return null;
  if (node.children.length === 0) {
    const format = valueFormat(node.element, raw);
    if (node.element.repetition_type === "REPEATED" && Array.isArray(value)) {
      return value.map((v) => leafValue(v, format));
    }
    return leafValue(value, format);
  }
  if (isVariant(node)) return value;
  if (isList(node)) {
    const repeated = node.children[0] as SchemaTree;
    const element = repeated.children.length === 1 ? (repeated.children[0] as SchemaTree) : repeated;
    return Array.isArray(value) ? value.map((v) => typedValue(element, v, raw)) : value;
  }
  if (isMap(node)) {
    const pair = node.children[0] as SchemaTree;
    const [key, entry] = pair.children as [SchemaTree, SchemaTree];
    const pairs = (value as Record<string, unknown>)[positional(0)];
    if (!Array.isArray(pairs)) return null;
    return new MapValue(
      pairs.map((p: Record<string, unknown>) => [
        typedValue(key, p[positional(0)], raw),
        typedValue(entry, p[positional(1)], raw),
      ]),
    );
  }
  const structOf = (v: unknown) => {
    const fields = v as Record<string, unknown>;
    return new StructValue(
      node.children.map((child, i) => [child.element.name, typedValue(child, fields[positional(i)], raw)]),
    );
  };
  // A repeated group outside a LIST annotation (a legacy 2-level list of structs).
  if (node.element.repetition_type === "REPEATED" && Array.isArray(value)) return value.map(structOf);
  return structOf(value);
}

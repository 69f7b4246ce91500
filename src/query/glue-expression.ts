// A query's tests on partition columns as a Glue partition expression, so Glue lists only the partitions
// they can match instead of all of them (a 100,000-partition table is 100 GetPartitions pages). Only
// tests whose meaning is the same in Glue and in DuckDB are sent: equality and IN on string keys with
// text, comparisons on integer keys with integers. Anything else is left out, which only widens the
// listing: the partitions Glue returns are still tested by DuckDB (prune.ts), so the result is the same.
import type { Column } from "../catalog/index.js";
import type { SqlNode } from "./sql-tree.js";

/** Glue's longest expression (its PredicateString). */
const MAX_EXPRESSION = 2048;
const INTEGER_KEYS = new Set(["tinyint", "smallint", "int", "integer", "bigint"]);
const INTEGER_CONSTANTS = new Set([
  "TINYINT",
  "SMALLINT",
  "INTEGER",
  "BIGINT",
  "HUGEINT",
  "UTINYINT",
  "USMALLINT",
  "UINTEGER",
]);
const STRING_KEY = /^(string|varchar(\(\d+\))?|char(\(\d+\))?)$/i;
/** Key names Glue's parser takes bare. */
const BARE_NAME = /^[a-z_][a-z0-9_]*$/i;
const OPERATORS: Record<string, string> = {
  COMPARE_EQUAL: "=",
  COMPARE_LESSTHAN: "<",
  COMPARE_GREATERTHAN: ">",
  COMPARE_LESSTHANOREQUALTO: "<=",
  COMPARE_GREATERTHANOREQUALTO: ">=",
};
/** `5 < year` is `year > 5`. */
const MIRRORED: Record<string, string> = { "=": "=", "<": ">", ">": "<", "<=": ">=", ">=": "<=" };

type Kind = "integer" | "string";

function kindOf(key: Column): Kind | undefined {
  const type = key.type.trim().toLowerCase();
  if (INTEGER_KEYS.has(type)) return "integer";
  return STRING_KEY.test(type) ? "string" : undefined;
}

/** The key a column reference names, with its kind; undefined when it is not a key Glue can test. */
function keyOf(node: unknown, keys: Map<string, Kind>): { name: string; kind: Kind } | undefined {
  const ref = node as SqlNode | undefined;
  if (ref?.class !== "COLUMN_REF") return undefined;
  const names = ref.column_names as string[] | undefined;
  const name = names?.length === 1 ? names[0]?.toLowerCase() : undefined;
  const kind = name === undefined ? undefined : keys.get(name);
  return name === undefined || kind === undefined ? undefined : { name, kind };
}

/** A constant as a Glue literal for a key of `kind`, when the two are of the same kind. */
function literalOf(node: unknown, kind: Kind): string | undefined {
  const constant = node as SqlNode | undefined;
  if (constant?.class !== "CONSTANT") return undefined;
  const { type, is_null, value } = (constant.value ?? {}) as {
    type?: { id?: string };
    is_null?: boolean;
    value?: unknown;
  };
  if (is_null) return undefined;
  if (kind === "integer")
    return INTEGER_CONSTANTS.has(String(type?.id)) && Number.isSafeInteger(value) ? String(value) : undefined;
  return type?.id === "VARCHAR" && typeof value === "string" && !value.includes("'")
    ? `'${value}'`
    : undefined;
}

/** One conjunct as a Glue test, or undefined when it has no exact Glue equivalent. */
function testOf(node: SqlNode, keys: Map<string, Kind>): string | undefined {
  if (node.class === "COMPARISON") {
    const op = OPERATORS[String(node.type)];
    if (!op) return undefined;
    const left = keyOf(node.left, keys);
    const [key, constant, operator] = left
      ? [left, node.right, op]
      : [keyOf(node.right, keys), node.left, MIRRORED[op]];
    // Glue orders strings its own way: only equality is the same on both sides.
    if (!key || !operator || (key.kind === "string" && operator !== "=")) return undefined;
    const literal = literalOf(constant, key.kind);
    return literal === undefined ? undefined : `${key.name} ${operator} ${literal}`;
  }
  if (node.class === "OPERATOR" && node.type === "COMPARE_IN") {
    const [first, ...rest] = (node.children as unknown[] | undefined) ?? [];
    const key = keyOf(first, keys);
    if (!key || rest.length === 0) return undefined;
    const literals = rest.map((c) => literalOf(c, key.kind));
    if (literals.some((l) => l === undefined)) return undefined;
    return `${key.name} IN (${literals.join(", ")})`;
  }
  if (node.class === "BETWEEN") {
    const key = keyOf(node.input, keys);
    if (key?.kind !== "integer") return undefined;
    const lower = literalOf(node.lower, key.kind);
    const upper = literalOf(node.upper, key.kind);
    return lower === undefined || upper === undefined
      ? undefined
      : `${key.name} BETWEEN ${lower} AND ${upper}`;
  }
  return undefined;
}

/**
 * The Glue expression for a table's partitions from the partition-column conjuncts of each use of it
 * (`uses`, as pruning takes them); undefined when some use can read any partition as far as Glue can
 * tell, so every partition must be listed.
 */
export function glueExpression(keys: Column[], uses: SqlNode[][]): string | undefined {
  const kinds = new Map<string, Kind>();
  for (const key of keys) {
    const kind = kindOf(key);
    if (kind && BARE_NAME.test(key.name)) kinds.set(key.name.toLowerCase(), kind);
  }
  if (kinds.size === 0 || uses.length === 0) return undefined;
  const perUse: string[] = [];
  for (const filters of uses) {
    const tests = filters.map((f) => testOf(f, kinds)).filter((t): t is string => t !== undefined);
    if (tests.length === 0) return undefined;
    perUse.push(tests.join(" AND "));
  }
  const distinct = [...new Set(perUse)];
  const expression = distinct.length === 1 ? distinct[0] : distinct.map((e) => `(${e})`).join(" OR ");
  return expression !== undefined && expression.length <= MAX_EXPRESSION ? expression : undefined;
}

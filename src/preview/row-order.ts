// Sorting and filtering the rows a grid has loaded, by one column, without a query: numbers, decimals
// and timestamps compared as values (JSON values carry big integers, decimals and timestamps as text),
// nulls last in either direction, ties in file order.

import { NULL_TEXT } from "./render.js";

export type SortDirection = "ascending" | "descending";

/** A loaded row as the sort and the filter see it: its row number and its cell of the column. */
export interface LoadedCell {
  index: number;
  /** The JSON-safe value (`values` of a grid row). */
  value: unknown;
  /** The one-line text shown (`cells` of a grid row); null for a null. */
  text: string | null;
}

const NUMBER_TYPE = /^(u?int|integer|bigint|smallint|tinyint|hugeint|double|float|real|decimal|numeric)/;
const TIME_TYPE = /^(timestamp|date|time)/;

type Ordered =
  | { kind: 0; exact: bigint; scale: number }
  | { kind: 1; approx: number }
  | { kind: 2; text: string };

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/** A number as an exact decimal when it is one (`12345678901234567890`, `-1.50`), else as a double. */
function numberKey(value: unknown): Ordered | undefined {
  if (typeof value === "bigint") return { kind: 0, exact: value, scale: 0 };
  if (typeof value === "number") {
    return Number.isInteger(value) ? { kind: 0, exact: BigInt(value), scale: 0 } : { kind: 1, approx: value };
  }
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const decimal = DECIMAL.exec(text);
  if (decimal) {
    const fraction = decimal[3] ?? "";
    return { kind: 0, exact: BigInt(`${decimal[1]}${decimal[2]}${fraction}`), scale: fraction.length };
  }
  const approx = Number(text);
  if (text !== "" && !Number.isNaN(approx)) return { kind: 1, approx };
  if (/^nan$/i.test(text)) return { kind: 1, approx: Number.NaN };
  return undefined;
}

function compareNumbers(a: Ordered & { kind: 0 | 1 }, b: Ordered & { kind: 0 | 1 }): number {
  if (a.kind === 0 && b.kind === 0) {
    const scale = Math.max(a.scale, b.scale);
    const x = a.exact * 10n ** BigInt(scale - a.scale);
    const y = b.exact * 10n ** BigInt(scale - b.scale);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = a.kind === 0 ? Number(a.exact) / 10 ** a.scale : a.approx;
  const y = b.kind === 0 ? Number(b.exact) / 10 ** b.scale : b.approx;
  // NaN after every number, as DuckDB orders it.
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `-0044-03-15T12:00:30`, `12345-06-07T08:09:10.5Z`: the signed year apart, the rest in text order. */
function timeKey(value: unknown): { year: bigint; rest: string } | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.replace(/Z$/, "");
  const dated = /^([+-]?\d+)-(\d\d-\d\d.*)$/.exec(text);
  if (dated) return { year: BigInt(dated[1] ?? "0"), rest: dated[2] ?? "" };
  if (/^\d\d:\d\d/.test(text)) return { year: 0n, rest: text };
  return undefined;
}

function plainText(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * How two non-null values of a column of `type` compare: numbers and timestamps by value (those that do
 * not parse after those that do, in text order), booleans false first, anything else in code-point order.
 */
export function compareValues(type: string): (a: unknown, b: unknown) => number {
  const word = type.toLowerCase();
  if (NUMBER_TYPE.test(word)) {
    return (a, b) => {
      const x = numberKey(a);
      const y = numberKey(b);
      if (x && y) return compareNumbers(x as Ordered & { kind: 0 | 1 }, y as Ordered & { kind: 0 | 1 });
      if (x || y) return x ? -1 : 1;
      return compareText(plainText(a), plainText(b));
    };
  }
  if (TIME_TYPE.test(word)) {
    return (a, b) => {
      const x = timeKey(a);
      const y = timeKey(b);
      if (x && y) return x.year < y.year ? -1 : x.year > y.year ? 1 : compareText(x.rest, y.rest);
      if (x || y) return x ? -1 : 1;
      return compareText(plainText(a), plainText(b));
    };
  }
  return (a, b) => {
    if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
    if (typeof a === "number" && typeof b === "number") return a - b;
    return compareText(plainText(a), plainText(b));
  };
}

/** The row numbers of `cells` ordered by their values: nulls last either way, ties in file order. */
export function sortedIndexes(cells: LoadedCell[], type: string, direction: SortDirection): number[] {
  const compare = compareValues(type);
  const sign = direction === "ascending" ? 1 : -1;
  const isNull = (c: LoadedCell) => c.value === null || c.value === undefined;
  return [...cells]
    .sort((a, b) => {
      if (isNull(a) || isNull(b)) return isNull(a) === isNull(b) ? a.index - b.index : isNull(a) ? 1 : -1;
      return sign * compare(a.value, b.value) || a.index - b.index;
    })
    .map((c) => c.index);
}

/**
 * Whether a cell matches what was typed at `f`: `=text` the whole value, anything else a part of it;
 * case-insensitive, on the text shown; `NULL` (or `=NULL`) matches nulls.
 */
export function matchesFilter(text: string | null, typed: string): boolean {
  const exact = typed.startsWith("=");
  const wanted = (exact ? typed.slice(1) : typed).toLowerCase();
  const shown = (text ?? NULL_TEXT).toLowerCase();
  if (text === null) return wanted === NULL_TEXT.toLowerCase();
  return exact ? shown === wanted : shown.includes(wanted);
}

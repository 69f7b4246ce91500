// Decoded Parquet values as Medallion shows them: one typed value per cell (leaves keep their precision,
// maps their order, structs every field), and the two outputs made from it, in one place for the CLI,
// `--json` and the terminal UI: `jsonValue` (what `--json` prints) and `displayValue` (a grid cell's text).
// The forms are documented in README.md ("Values in preview").
import type { ParquetParsers, SchemaElement } from "hyparquet";
import { oneLine } from "../render/text.js";
import { dateText, type TimeUnit, timeOfDayText, timestampText } from "./calendar.js";

export type { TimeUnit } from "./calendar.js";

/** A timestamp kept at its full precision and range (hyparquet's default Date drops both). */
export class TimestampValue {
  constructor(
    readonly epoch: bigint,
    readonly unit: TimeUnit,
    /** Adjusted to UTC: shown with a `Z`. */
    readonly utc = false,
  ) {}
}

/** A calendar date, days since 1970-01-01. */
export class DateValue {
  constructor(readonly days: number) {}
}

/** A time of day: `count` units since midnight. */
export class TimeValue {
  constructor(
    readonly count: bigint,
    readonly unit: TimeUnit,
    readonly utc = false,
  ) {}
}

/** A decimal kept exact: its unscaled integer and scale. */
export class DecimalValue {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}
}

/** Parquet's INTERVAL: months, days and milliseconds (three little-endian unsigned 32-bit integers). */
export class IntervalValue {
  constructor(
    readonly months: number,
    readonly days: number,
    readonly milliseconds: number,
  ) {}
}

/** A MAP: key/value pairs in file order (a JS object would drop `__proto__` and sort integer-like keys). */
export class MapValue {
  constructor(readonly entries: [unknown, unknown][]) {}
}

/** A struct: its fields in schema order, every name kept (`__proto__`, `1`, `2` included). */
export class StructValue {
  constructor(readonly fields: [string, unknown][]) {}
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 text of `bytes`, or undefined when they are not valid UTF-8 (binary data). */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * BYTE_ARRAY bytes, decoded only when shown. A page holds every row of its chunk (DuckDB writes one page
 * per column chunk), so decoding each string up front would cost far more than the 50 rows on screen.
 */
export class LazyText {
  constructor(readonly bytes: Uint8Array) {}
  toString(): string {
    return utf8Text(this.bytes) ?? hex(this.bytes);
  }
}

/** Parsers handed to hyparquet so values keep their precision, and text stays bytes, until shown. */
export const PARSERS: Partial<ParquetParsers> = {
  stringFromBytes: (bytes: Uint8Array) => (bytes === undefined ? undefined : new LazyText(bytes)),
  timestampFromMilliseconds: (v: bigint) => new TimestampValue(BigInt(v), "MILLIS"),
  timestampFromMicroseconds: (v: bigint) => new TimestampValue(BigInt(v), "MICROS"),
  timestampFromNanoseconds: (v: bigint) => new TimestampValue(BigInt(v), "NANOS"),
  dateFromDays: (days: number) => new DateValue(days),
};

/** How a leaf column's raw values (read with their annotation stripped, see `formatsItself`) are typed. */
export interface ValueFormat {
  /** Timestamps and times adjusted to UTC get a `Z`. */
  utc?: boolean;
  /** Decimals read as unscaled integers (or their bytes) so no precision is lost. */
  decimalScale?: number;
  /** A type that cannot be decoded: its physical values are shown as they are. */
  raw?: boolean;
  /** Timestamps read as integers of this unit. */
  timestampUnit?: TimeUnit;
  /** Dates read as day numbers. */
  date?: boolean;
  /** TIME read as an integer of this unit since midnight. */
  timeUnit?: TimeUnit;
  /** INTERVAL read as its 12 bytes. */
  interval?: boolean;
  /** FLOAT values: shown with the fewest digits that read back as the same 32-bit float. */
  float32?: boolean;
}

/** The format of a leaf schema element (`raw`: its type cannot be decoded; show physical values). */
export function valueFormat(element: SchemaElement, raw = false): ValueFormat {
  if (raw) return { raw: true };
  const logical = element.logical_type;
  const converted = element.converted_type;
  if (element.type === "FLOAT") return { float32: true };
  if (element.type === "INT64" && logical?.type === "TIMESTAMP") {
    return { utc: logical.isAdjustedToUTC, timestampUnit: logical.unit };
  }
  if (element.type === "INT64" && converted === "TIMESTAMP_MILLIS")
    return { utc: true, timestampUnit: "MILLIS" };
  if (element.type === "INT64" && converted === "TIMESTAMP_MICROS")
    return { utc: true, timestampUnit: "MICROS" };
  if (element.type === "INT32" && (converted === "DATE" || logical?.type === "DATE")) return { date: true };
  if (logical?.type === "TIME" && (element.type === "INT32" || element.type === "INT64")) {
    return { utc: logical.isAdjustedToUTC, timeUnit: logical.unit };
  }
  if (element.type === "INT32" && converted === "TIME_MILLIS") return { utc: true, timeUnit: "MILLIS" };
  if (element.type === "INT64" && converted === "TIME_MICROS") return { utc: true, timeUnit: "MICROS" };
  if (converted === "INTERVAL" && element.type === "FIXED_LEN_BYTE_ARRAY") return { interval: true };
  if (converted === "DECIMAL" || logical?.type === "DECIMAL") {
    return { decimalScale: element.scale ?? (logical?.type === "DECIMAL" ? logical.scale : 0) };
  }
  return {};
}

/**
 * True when `valueFormat` types the element's values itself: it is read with its annotation stripped, so
 * hyparquet hands over the physical values (exact integers, bytes) instead of lossy or failing conversions.
 */
export function formatsItself(element: SchemaElement): boolean {
  const format = valueFormat(element);
  return (
    format.decimalScale !== undefined ||
    format.timestampUnit !== undefined ||
    format.date === true ||
    format.timeUnit !== undefined ||
    format.interval === true
  );
}

function shortestFloat32(value: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** Two's-complement big-endian bytes (FIXED_LEN_BYTE_ARRAY and BYTE_ARRAY decimals) as a BigInt. */
export function bigIntFromBytes(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  const bits = BigInt(bytes.length * 8);
  if (bytes.length > 0 && (bytes[0] ?? 0) & 0x80) value -= 1n << bits;
  return value;
}

export function formatDecimal(unscaled: bigint, scale: number): string {
  if (scale <= 0) return unscaled.toString();
  const negative = unscaled < 0n;
  const digitsText = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, "0");
  const text = `${digitsText.slice(0, -scale)}.${digitsText.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

function unscaledOf(value: unknown): bigint | undefined {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return BigInt(value);
  if (value instanceof LazyText) return bigIntFromBytes(value.bytes);
  if (value instanceof Uint8Array) return bigIntFromBytes(value);
  return undefined;
}

function intervalOf(bytes: Uint8Array): IntervalValue | undefined {
  if (bytes.byteLength !== 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 12);
  return new IntervalValue(view.getUint32(0, true), view.getUint32(4, true), view.getUint32(8, true));
}

/** A leaf's decoded value, typed by its column's format. Typed values pass through unchanged. */
export function leafValue(value: unknown, format: ValueFormat = {}): unknown {
  if (value === null || value === undefined) return null;
  if (format.decimalScale !== undefined) {
    const unscaled = unscaledOf(value);
    if (unscaled !== undefined) return new DecimalValue(unscaled, format.decimalScale);
  }
  if (format.timestampUnit && (typeof value === "bigint" || typeof value === "number")) {
    return new TimestampValue(BigInt(value), format.timestampUnit, format.utc);
  }
  // Statistics come typed by hyparquet, without their zone.
  if (format.utc && value instanceof TimestampValue && !value.utc) {
    return new TimestampValue(value.epoch, value.unit, true);
  }
  if (format.date && typeof value === "number") return new DateValue(value);
  if (format.timeUnit && (typeof value === "bigint" || typeof value === "number")) {
    return new TimeValue(BigInt(value), format.timeUnit, format.utc);
  }
  if (format.interval && value instanceof Uint8Array) return intervalOf(value) ?? value;
  if (format.float32 && typeof value === "number") return shortestFloat32(value);
  return value;
}

function hex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** `2 years`, as DuckDB words an interval (no thousands separators, unlike the lake's plural). */
function intervalPart(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** DuckDB's words for an interval: `1 year 2 months 3 days 04:05:06.789`. */
function intervalText(value: IntervalValue): string {
  const parts: string[] = [];
  const years = Math.floor(value.months / 12);
  if (years) parts.push(intervalPart(years, "year"));
  if (value.months % 12) parts.push(intervalPart(value.months % 12, "month"));
  if (value.days) parts.push(intervalPart(value.days, "day"));
  if (value.milliseconds || parts.length === 0) {
    parts.push(timeOfDayText(BigInt(value.milliseconds), "MILLIS"));
  }
  return parts.join(" ");
}

/** An object with every key as an own property (`__proto__` included: assigning it to `{}` sets the prototype). */
function record(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of entries) out[key] = value;
  return out;
}

/**
 * A cell shows at most this many characters of a value: the grids cut cells at ~40 and `--json` has the
 * whole value; escaping and quoting megabytes of text for a cell held the event loop for seconds.
 */
export const CELL_CHARS = 4096;

function cut(text: string): string {
  return text.length > CELL_CHARS ? `${text.slice(0, CELL_CHARS)}…` : text;
}

/** Text of a leaf value (a scalar), or undefined for a container. */
function scalarText(value: unknown): string | undefined {
  if (value instanceof LazyText || value instanceof Uint8Array) {
    const bytes = value instanceof LazyText ? value.bytes : value;
    const text = utf8Text(bytes);
    return text === undefined
      ? hex(bytes.subarray(0, CELL_CHARS / 2)) + (bytes.byteLength > CELL_CHARS / 2 ? "…" : "")
      : cut(text);
  }
  if (value instanceof TimestampValue)
    return `${timestampText(value.epoch, value.unit)}${value.utc ? "Z" : ""}`;
  if (value instanceof DateValue) return dateText(value.days);
  if (value instanceof TimeValue) return `${timeOfDayText(value.count, value.unit)}${value.utc ? "Z" : ""}`;
  if (value instanceof DecimalValue) return formatDecimal(value.unscaled, value.scale);
  if (value instanceof IntervalValue) return intervalText(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean")
    return String(value);
  if (typeof value === "string") return cut(value);
  return undefined;
}

/**
 * A value as JSON-safe data, what `--json` prints: integers as numbers within ±(2^53 − 1) and as strings
 * beyond; decimals as strings; text as strings, bytes that are not UTF-8 as `{"base64": …}`; maps as
 * `[{"key", "value"}]` lists in file order; structs as objects.
 */
export function jsonValue(value: unknown, format: ValueFormat = {}): unknown {
  const typed = leafValue(value, format);
  if (typed === null) return null;
  if (typed instanceof LazyText || typed instanceof Uint8Array) {
    const bytes = typed instanceof LazyText ? typed.bytes : typed;
    const text = utf8Text(bytes);
    return text ?? { base64: base64(bytes) };
  }
  if (typeof typed === "string") return typed;
  if (typed instanceof IntervalValue) {
    return { months: typed.months, days: typed.days, milliseconds: typed.milliseconds };
  }
  if (typeof typed === "bigint") {
    return typed >= BigInt(Number.MIN_SAFE_INTEGER) && typed <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(typed)
      : typed.toString();
  }
  if (typeof typed === "number") return Number.isFinite(typed) ? typed : String(typed);
  if (typeof typed === "boolean" || typeof typed === "string") return typed;
  const scalar = scalarText(typed);
  if (scalar !== undefined) return scalar;
  if (typed instanceof MapValue) {
    return typed.entries.map(([key, entry]) => ({ key: jsonValue(key), value: jsonValue(entry) }));
  }
  if (typed instanceof StructValue) return record(typed.fields.map(([name, v]) => [name, jsonValue(v)]));
  if (Array.isArray(typed) || ArrayBuffer.isView(typed)) {
    return Array.from(typed as ArrayLike<unknown>, (v) => jsonValue(v));
  }
  if (typeof typed === "object") {
    return record(Object.entries(typed).map(([k, v]) => [k, jsonValue(v)]));
  }
  return String(typed);
}

/** Text of a value inside a container: strings quoted, so `"1"` and `1` and NULL stay apart. */
function nestedText(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(cut(value));
  if (
    (value instanceof LazyText || value instanceof Uint8Array) &&
    utf8Text(value instanceof LazyText ? value.bytes : value) !== undefined
  ) {
    return JSON.stringify(scalarText(value));
  }
  if (value instanceof MapValue) {
    return `{${value.entries.map(([k, v]) => `${nestedText(k)}: ${nestedText(v)}`).join(", ")}}`;
  }
  if (value instanceof StructValue) {
    return `{${value.fields.map(([name, v]) => `${name}: ${nestedText(v)}`).join(", ")}}`;
  }
  const scalar = scalarText(value);
  if (scalar !== undefined) {
    // Dates, times and timestamps read as strings: quoted like them.
    const quoted =
      value instanceof TimestampValue || value instanceof DateValue || value instanceof TimeValue;
    return quoted ? JSON.stringify(scalar) : scalar;
  }
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return `[${Array.from(value as ArrayLike<unknown>, nestedText).join(", ")}]`;
  }
  if (typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${nestedText(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/**
 * A value as the one-line text of a grid cell (the CLI's grid and the terminal UI's cells); null stays
 * null so each front end shows it its own way. Bytes that are not UTF-8 show as `0x` + hex.
 */
export function displayValue(value: unknown, format: ValueFormat = {}): string | null {
  const typed = leafValue(value, format);
  if (typed === null) return null;
  return oneLine(scalarText(typed) ?? nestedText(typed));
}

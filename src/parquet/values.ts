import type { ParquetParsers, SchemaElement } from "hyparquet";

export type TimeUnit = "MILLIS" | "MICROS" | "NANOS";

/** A timestamp kept at its full precision (hyparquet's default Date drops micro- and nanoseconds). */
export class TimestampValue {
  constructor(
    readonly epoch: bigint,
    readonly unit: TimeUnit,
  ) {}
}

/** A calendar date, days since 1970-01-01. */
export class DateValue {
  constructor(readonly days: number) {}
}

const utf8 = new TextDecoder();

/**
 * Text decoded only when shown. A page holds every row of its chunk (DuckDB writes one page per column
 * chunk), so decoding each string up front would cost far more than the 50 rows on screen.
 */
export class LazyText {
  constructor(readonly bytes: Uint8Array) {}
  toString(): string {
    return utf8.decode(this.bytes);
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

/** How a leaf column's values are shown: what the schema says beyond the decoded value. */
export interface ValueFormat {
  /** Timestamps adjusted to UTC get a `Z`. */
  utc?: boolean;
  /** Decimals read as raw unscaled integers (so no precision is lost) are scaled here. */
  decimalScale?: number;
  /** Raw bytes of a type that cannot be decoded: shown as hex. */
  raw?: boolean;
  /** Flat timestamps are read as raw integers of this unit (no object per value) and formatted here. */
  timestampUnit?: TimeUnit;
  /** Flat dates are read as raw day numbers and formatted here. */
  date?: boolean;
  /** FLOAT values: shown with the fewest digits that read back as the same 32-bit float. */
  float32?: boolean;
}

function shortestFloat32(value: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

const perSecond: Record<TimeUnit, bigint> = { MILLIS: 1_000n, MICROS: 1_000_000n, NANOS: 1_000_000_000n };
const digits: Record<TimeUnit, number> = { MILLIS: 3, MICROS: 6, NANOS: 9 };

export function formatTimestamp(value: TimestampValue, utc = false): string {
  const scale = perSecond[value.unit];
  let seconds = value.epoch / scale;
  let fraction = value.epoch % scale;
  if (fraction < 0n) {
    fraction += scale;
    seconds -= 1n;
  }
  const iso = new Date(Number(seconds) * 1000).toISOString(); // 2024-01-15T10:00:00.000Z
  const whole = iso.slice(0, 19);
  const frac = fraction === 0n ? "" : `.${fraction.toString().padStart(digits[value.unit], "0")}`;
  return `${whole}${frac}${utc ? "Z" : ""}`;
}

export function formatDate(value: DateValue): string {
  return new Date(value.days * 86_400_000).toISOString().slice(0, 10);
}

/** Two's-complement big-endian bytes (FIXED_LEN_BYTE_ARRAY decimals) as a BigInt. */
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

function hex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

/** A decoded value as JSON-safe data: what `--json` prints and what nested cells are built from. */
export function jsonValue(value: unknown, format: ValueFormat = {}): unknown {
  if (value === null || value === undefined) return null;
  if (format.decimalScale !== undefined) {
    if (typeof value === "bigint") return formatDecimal(value, format.decimalScale);
    if (typeof value === "number") return formatDecimal(BigInt(value), format.decimalScale);
    if (value instanceof Uint8Array) return formatDecimal(bigIntFromBytes(value), format.decimalScale);
  }
  if (format.timestampUnit && typeof value === "bigint") {
    return formatTimestamp(new TimestampValue(value, format.timestampUnit), format.utc);
  }
  if (format.date && typeof value === "number") return formatDate(new DateValue(value));
  if (value instanceof LazyText) return value.toString();
  if (value instanceof TimestampValue) return formatTimestamp(value, format.utc);
  if (value instanceof DateValue) return formatDate(value);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return String(value);
    return format.float32 ? shortestFloat32(value) : value;
  }
  if (value instanceof Uint8Array) return hex(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return Array.from(value as ArrayLike<unknown>, (v) => jsonValue(v, format.raw ? format : {}));
  }
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonValue(v);
    return out;
  }
  return value;
}

/** Escapes what would break a one-line cell: newlines, tabs and other control characters. */
export function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly what we escape
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}

function nestedText(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(nestedText).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${nestedText(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/** A value as the one-line text of a grid cell; null stays null so the screen can show it apart. */
export function displayValue(value: unknown, format: ValueFormat = {}): string | null {
  const json = jsonValue(value, format);
  if (json === null) return null;
  if (typeof json === "string") return oneLine(json);
  if (typeof json === "object") return oneLine(nestedText(json));
  return String(json);
}

/** The format of a leaf schema element. */
export function valueFormat(element: SchemaElement, raw = false): ValueFormat {
  if (raw) return { raw: true };
  const logical = element.logical_type;
  if (element.type === "INT64" && logical?.type === "TIMESTAMP") {
    return { utc: logical.isAdjustedToUTC, timestampUnit: logical.unit };
  }
  if (element.type === "INT64" && element.converted_type === "TIMESTAMP_MILLIS") {
    return { utc: true, timestampUnit: "MILLIS" };
  }
  if (element.type === "INT64" && element.converted_type === "TIMESTAMP_MICROS") {
    return { utc: true, timestampUnit: "MICROS" };
  }
  if (element.type === "INT32" && (element.converted_type === "DATE" || logical?.type === "DATE"))
    return { date: true };
  if (element.converted_type === "DECIMAL" || logical?.type === "DECIMAL") {
    return { decimalScale: element.scale ?? (logical?.type === "DECIMAL" ? logical.scale : 0) };
  }
  return {};
}

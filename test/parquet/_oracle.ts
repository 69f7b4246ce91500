// DuckDB as the reference for preview values. DuckDB reads a file back; its typed values are turned into
// the forms README.md documents ("Values in preview") — JSON for `--json`, one-line text for a grid cell —
// from DuckDB's own text for dates and times (its calendar, not ours) and its own numbers and bytes.
import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBIntervalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTimeTZValue,
  DuckDBTimeValue,
  type DuckDBType,
  DuckDBUUIDValue,
  type DuckDBValue,
} from "@duckdb/node-api";

const strict = new TextDecoder("utf-8", { fatal: true });

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return strict.decode(bytes);
  } catch {
    return undefined;
  }
}

/** DuckDB's date/time text in ISO form: `0045-03-15 (BC) 12:00:30` → `-0044-03-15T12:00:30`, `+00` → `Z`. */
export function isoOf(duck: string): string {
  let text = duck;
  const bc = / \(BC\)/.exec(text);
  if (bc) {
    text = text.replace(" (BC)", "");
    const year = Number(text.slice(0, text.indexOf("-")));
    text = `-${String(year - 1).padStart(4, "0")}${text.slice(text.indexOf("-"))}`;
  }
  text = text.replace(/^(-?\d+-\d\d-\d\d) /, "$1T").replace(/\+00$/, "Z");
  return text;
}

function isTemporal(value: unknown): boolean {
  return (
    value instanceof DuckDBTimestampValue ||
    value instanceof DuckDBTimestampTZValue ||
    value instanceof DuckDBTimestampMillisecondsValue ||
    value instanceof DuckDBTimestampNanosecondsValue ||
    value instanceof DuckDBTimestampSecondsValue ||
    value instanceof DuckDBDateValue ||
    value instanceof DuckDBTimeValue ||
    value instanceof DuckDBTimeTZValue
  );
}

function shortestFloat32(value: number): number {
  for (let digits = 1; digits < 10; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** Struct fields in type order. DuckDB's JS struct value drops `__proto__`: such a field reads as missing. */
function structFields(value: DuckDBStructValue, type: DuckDBType): [string, DuckDBValue, DuckDBType][] {
  const t = type as unknown as { entryNames: string[]; entryTypes: DuckDBType[] };
  return t.entryNames.map((name, i) => {
    if (!Object.hasOwn(value.entries, name)) throw new Error(`DuckDB's struct value lost field ${name}`);
    return [name, value.entries[name] as DuckDBValue, t.entryTypes[i] as DuckDBType];
  });
}

function childType(type: DuckDBType, field: "valueType" | "keyType"): DuckDBType {
  return (type as unknown as Record<string, DuckDBType>)[field] as DuckDBType;
}

/** The JSON `--json` prints for a DuckDB value of `type`. */
export function expectedJson(value: DuckDBValue, type: DuckDBType): unknown {
  if (value === null) return null;
  if (typeof value === "bigint") {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return String(value);
    return type.toString() === "FLOAT" ? shortestFloat32(value) : value;
  }
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (isTemporal(value)) return isoOf(value.toString());
  if (value instanceof DuckDBDecimalValue || value instanceof DuckDBUUIDValue) return value.toString();
  if (value instanceof DuckDBBlobValue)
    return utf8(value.bytes) ?? { base64: Buffer.from(value.bytes).toString("base64") };
  if (value instanceof DuckDBIntervalValue) {
    return { months: value.months, days: value.days, milliseconds: Number(value.micros / 1000n) };
  }
  if (value instanceof DuckDBListValue)
    return value.items.map((v) => expectedJson(v, childType(type, "valueType")));
  if (value instanceof DuckDBMapValue) {
    return value.entries.map(({ key, value: v }) => ({
      key: expectedJson(key, childType(type, "keyType")),
      value: expectedJson(v, childType(type, "valueType")),
    }));
  }
  if (value instanceof DuckDBStructValue) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [name, v, t] of structFields(value, type)) out[name] = expectedJson(v, t);
    return out;
  }
  throw new Error(`no expected form for ${type.toString()}`);
}

/** The one-line text of a grid cell (the CLI's grid, the terminal UI's cells) for a DuckDB value. */
export function expectedText(value: DuckDBValue, type: DuckDBType, nested = false): string | null {
  if (value === null) return nested ? "null" : null;
  const quote = (text: string) => (nested ? JSON.stringify(text) : escapeControls(text));
  if (value instanceof DuckDBBlobValue) {
    const text = utf8(value.bytes);
    return text === undefined ? `0x${Buffer.from(value.bytes).toString("hex")}` : quote(text);
  }
  if (typeof value === "string" || value instanceof DuckDBUUIDValue || isTemporal(value)) {
    const json = expectedJson(value, type);
    return quote(json as string);
  }
  if (value instanceof DuckDBIntervalValue) return value.toString();
  if (value instanceof DuckDBListValue) {
    return `[${value.items.map((v) => expectedText(v, childType(type, "valueType"), true)).join(", ")}]`;
  }
  if (value instanceof DuckDBMapValue) {
    const k = childType(type, "keyType");
    const t = childType(type, "valueType");
    return `{${value.entries.map((e) => `${expectedText(e.key, k, true)}: ${expectedText(e.value, t, true)}`).join(", ")}}`;
  }
  if (value instanceof DuckDBStructValue) {
    return `{${structFields(value, type)
      .map(([name, v, t]) => `${name}: ${expectedText(v, t, true)}`)
      .join(", ")}}`;
  }
  return String(expectedJson(value, type));
}

/** Control characters escaped as a one-line cell shows them. */
function escapeControls(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: what a cell escapes
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) =>
    c === "\n"
      ? "\\n"
      : c === "\t"
        ? "\\t"
        : c === "\r"
          ? "\\r"
          : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

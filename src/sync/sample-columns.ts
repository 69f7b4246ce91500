import type { Column } from "../catalog/catalog.js";
import { MedallionError } from "../errors.js";

/** Lines of a JSON-lines sample read to collect columns; later lines rarely add new ones. */
const SAMPLE_LINES = 200;

/** Hive type of one JSON value; nested objects and arrays become struct<…> and array<…>. */
function jsonType(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "number") return Number.isInteger(value) ? "bigint" : "double";
  if (typeof value === "string") return "string";
  if (Array.isArray(value)) {
    const types = value.map(jsonType).filter((t): t is string => t !== undefined);
    return `array<${types.reduce(widen, types[0] ?? "string")}>`;
  }
  const fields = Object.entries(value as Record<string, unknown>).map(
    ([k, v]) => `${k.toLowerCase()}:${jsonType(v) ?? "string"}`,
  );
  return fields.length > 0 ? `struct<${fields.join(",")}>` : "string";
}

/** One type for two samples of a column: bigint and double make double, anything else mixed is string. */
function widen(a: string, b: string): string {
  if (a === b) return a;
  if ((a === "bigint" && b === "double") || (a === "double" && b === "bigint")) return "double";
  return "string";
}

/** Columns of a JSON-lines sample, in first-seen order, names lowercased as Hive does. */
export function jsonColumns(text: string): Column[] {
  const types = new Map<string, string | undefined>();
  const lines = text.split("\n", SAMPLE_LINES + 1).slice(0, SAMPLE_LINES);
  // The last line of a partial read may be cut short: skip it when it does not parse.
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      if (i === lines.length - 1 && i > 0) break;
      throw new MedallionError(
        "corrupt",
        `line ${i + 1} of the sample is not JSON: expected one JSON object per line`,
      );
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      throw new MedallionError("corrupt", `line ${i + 1} of the sample is not a JSON object`);
    }
    for (const [key, value] of Object.entries(record)) {
      const name = key.toLowerCase();
      const type = jsonType(value);
      const seen = types.get(name);
      types.set(name, seen === undefined ? type : type === undefined ? seen : widen(seen, type));
    }
  }
  if (types.size === 0)
    throw new MedallionError("corrupt", "the JSON sample holds no records to read columns from");
  return [...types].map(([name, type]) => ({ name, type: type ?? "string" }));
}

/** Splits one CSV line, honouring double quotes. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields;
}

/** Columns of a CSV sample from its header line; all `string`, as OpenCSVSerde reads every column. */
export function csvColumns(text: string): Column[] {
  const header =
    text
      .split("\n", 1)[0]
      ?.replace(/\r$/, "")
      .replace(/^\uFEFF/, "") ?? "";
  const names = csvFields(header).map((n) => n.trim().toLowerCase());
  if (header.trim() === "" || names.some((n) => n === "")) {
    throw new MedallionError("corrupt", "the CSV sample has no header line with column names");
  }
  return names.map((name) => ({ name, type: "string" }));
}

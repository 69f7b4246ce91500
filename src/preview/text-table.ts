import { type CsvRecord, parseCsv } from "./csv.js";
import { jsonType, mergeTypes, textType } from "./infer.js";

/** A row of a text object, its values by column index. */
export interface TextRow {
  line: number;
  values: unknown[];
  note?: string;
}

/** Rows parsed from the head of a CSV or JSON lines object. */
export interface TextTable {
  columns: string[];
  types: string[];
  rows: TextRow[];
}

function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((raw, i) => {
    const name = raw.trim() === "" ? `column_${i + 1}` : raw;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}_${n}`;
  });
}

/** CSV with a header row. Records with a different field count keep their fields and get a note. */
export function csvTable(text: string, delimiter: string, complete: boolean): TextTable {
  const records: CsvRecord[] = parseCsv(text, delimiter, complete);
  const [header, ...body] = records;
  const columns = uniqueNames(header?.fields ?? []);
  const rows = body.map((record): TextRow => {
    const row: TextRow = { line: record.line, values: columns.map((_, i) => record.fields[i] ?? null) };
    if (record.openQuote) row.note = `line ${record.line}: quote not closed before the end of the file`;
    else if (record.fields.length !== columns.length) {
      row.note = `line ${record.line}: ${record.fields.length} fields, the header has ${columns.length}`;
    }
    return row;
  });
  const types = columns.map((_, i) =>
    mergeTypes(
      rows.map((r) =>
        typeof r.values[i] === "string" && r.values[i] !== "" ? textType(r.values[i] as string) : undefined,
      ),
    ),
  );
  return { columns, types, rows };
}

/** JSON lines: one object per line; columns in first-seen order. A bad line is a row with a note. */
export function jsonLinesTable(text: string): TextTable {
  const columns: string[] = [];
  const index = new Map<string, number>();
  const objects: { line: number; object?: Record<string, unknown>; note?: string }[] = [];
  const lines = text.split("\n");
  lines.forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    const number = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (err) {
      const why = (err as Error).message.split("\n")[0];
      objects.push({ line: number, note: `line ${number}: not valid JSON (${why})` });
      return;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      const kind = Array.isArray(parsed) ? "an array" : parsed === null ? "null" : `a ${typeof parsed}`;
      objects.push({ line: number, note: `line ${number}: ${kind}, not a JSON object` });
      return;
    }
    for (const key of Object.keys(parsed)) {
      if (!index.has(key)) {
        index.set(key, columns.length);
        columns.push(key);
      }
    }
    objects.push({ line: number, object: parsed as Record<string, unknown> });
  });
  const rows = objects.map(({ line, object, note }): TextRow => {
    const row: TextRow = { line, values: columns.map((c) => (object ? (object[c] ?? null) : null)) };
    if (note) row.note = note;
    return row;
  });
  const types = columns.map((_, i) => mergeTypes(rows.map((r) => jsonType(r.values[i]))));
  return { columns, types, rows };
}

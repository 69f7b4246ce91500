// The words of a query's result, once, for `medallion query` and the query screen: its rows as the
// preview's grid page, what it read and cost, and its rows as CSV or one JSON document.
import { humanBytes, humanCount, plural } from "../lake/human.js";
import type { GridPage } from "../preview/grid.js";
import type { Line } from "../render/cell.js";
import { cutEnd, oneLine } from "../render/text.js";
import type { QueryResult, QueryStats, TableRead } from "./types.js";

/** A cell shows at most this much of a value, as the preview's do (JSON has it whole). */
const CELL_TEXT = 4_096;

/** DuckDB's and Athena's integer type names in the preview's words (`int64`), so the grid aligns numbers alike. */
const INTEGER_WORDS: Record<string, string> = {
  tinyint: "int8",
  smallint: "int16",
  integer: "int32",
  int: "int32",
  bigint: "int64",
  hugeint: "int128",
  utinyint: "uint8",
  usmallint: "uint16",
  uinteger: "uint32",
  ubigint: "uint64",
  real: "float",
};

/** The rows as a page of the preview's grid (its table, record view and row numbers). */
export function resultPage(result: QueryResult): GridPage {
  return {
    offset: 0,
    columns: result.columns.map((c) => {
      const type = c.type.toLowerCase();
      return { name: c.name, type: INTEGER_WORDS[type] ?? type };
    }),
    rows: result.texts.map((texts, index) => ({
      index,
      cells: texts.map((t) => (t === null ? null : cutEnd(oneLine(t), CELL_TEXT))),
      values: result.values[index] ?? [],
    })),
    hasMore: result.more,
    notes: [],
  };
}

/**
 * `1 of 30 partitions of silver.sales_orders (1 file, 98.2 KiB)`, or with Glue listing by the WHERE,
 * `1 of 1 partition Glue listed where day = '2024-01-15', of silver.sales_orders (1 file, 98.2 KiB)`.
 */
function tableReadText(read: TableRead): string {
  const files = `${plural(read.files, "file")}, ${humanBytes(read.bytes)}`;
  const partitions = read.partitions;
  if (partitions === undefined) return `${read.name} (${files})`;
  if ("glueExpression" in partitions)
    return `${humanCount(partitions.read)} of ${plural(partitions.listed, "partition")} Glue listed where ${partitions.glueExpression}, of ${read.name} (${files})`;
  return `${humanCount(partitions.read)} of ${plural(partitions.total, "partition")} of ${read.name} (${files})`;
}

/** `$0.0000`: Athena bills by the 10 MB, so four places show a small query's cost. */
export function costText(usd: number): string {
  return `$${usd.toFixed(usd > 0 && usd < 1 ? 4 : 2)}`;
}

/** What the query read and what it cost: `read 1 of 30 partitions of … · 98.2 KiB scanned · $0.00 (…) · 0.4 s`. */
export function statsLine(stats: QueryStats): Line {
  const line: Line = [];
  if (stats.tables.length > 0) line.push({ text: `read ${stats.tables.map(tableReadText).join(", ")} · ` });
  line.push({ text: `${humanBytes(stats.bytesScanned)} scanned`, tone: "accent" });
  line.push({ text: ` · ${costText(stats.costUsd)}` });
  line.push({ text: ` (${stats.costBasis})`, tone: "dim" });
  line.push({ text: ` · ${(stats.elapsedMs / 1000).toFixed(1)} s`, tone: "dim" });
  return line;
}

/** `30 rows`, `first 10,000 rows (more not read: narrow the query or raise --max-rows)`. */
export function rowsLine(result: QueryResult): string {
  const rows = result.values.length;
  return result.more
    ? `first ${plural(rows, "row")} (more not read: narrow the query or raise --max-rows)`
    : plural(rows, "row");
}

const INTEGER_TYPES = new Set(["BIGINT", "HUGEINT", "UBIGINT", "UHUGEINT"]);

/** A value for JSON: integers DuckDB gives as text are numbers within JavaScript's exact range, text beyond. */
function jsonValue(value: unknown, type: string): unknown {
  if (typeof value !== "string" || !INTEGER_TYPES.has(type)) return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

/** The result as one JSON document: columns, rows as objects by column name, and what it read and cost. */
export function resultJson(result: QueryResult): unknown {
  return {
    columns: result.columns,
    rows: result.values.map((row) =>
      Object.fromEntries(
        row.map((v, i) => [result.columns[i]?.name, jsonValue(v, result.columns[i]?.type ?? "")]),
      ),
    ),
    more: result.more,
    stats: result.stats,
  };
}

function csvField(text: string | null): string {
  if (text === null) return "";
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as CSV (RFC 4180): a header, then DuckDB's text of each value; NULL as an empty field. */
export function resultCsv(result: QueryResult): string {
  const lines = [result.columns.map((c) => csvField(c.name)).join(",")];
  for (const row of result.texts) lines.push(row.map(csvField).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

// A profile's SQL in Athena's dialect (Trino), two statements over any relation (`profiled`): the first
// counts, per column, non-null values, approx_distinct (HyperLogLog, ≈2.3% standard error), min, max and
// the numeric range a histogram needs; the second groups each chart column at once (UNION ALL): bins by
// width_bucket over that range, or the top values. Names checked against Trino's function reference
// (aggregate, math and date-time functions), which Athena's engine version 3 follows.
import { q } from "../promote/sql.js";
import type { ColumnProfile } from "./profile.js";

/** How a column is profiled: its histogram's number line, top values, or neither. */
export type ColumnKind =
  | "integer"
  | "float"
  | "date"
  | "timestamp"
  | "timestamptz"
  | "text"
  | "nested"
  | "other";

/** A column as Athena or Glue types it (`bigint`, `decimal(10,2)`, `varchar`, `array<string>`, `row(…)`). */
export interface TypedColumn {
  name: string;
  type: string;
}

export function columnKind(type: string): ColumnKind {
  const t = type.toLowerCase().trim();
  if (/^(tinyint|smallint|int|integer|bigint)$/.test(t)) return "integer";
  if (/^(float|real|double|decimal)\b/.test(t)) return "float";
  if (t === "date") return "date";
  if (/^timestamp\b.*\bwith time zone$/.test(t)) return "timestamptz";
  if (/^timestamp\b/.test(t)) return "timestamp";
  if (/^(string|varchar|char|boolean|uuid)\b/.test(t)) return "text";
  if (/^(array|struct|map|row)\b/.test(t)) return "nested";
  return "other";
}

const HISTOGRAM_KINDS = new Set<ColumnKind>(["integer", "float", "date", "timestamp", "timestamptz"]);

/**
 * The column on a number line: days for dates, milliseconds for timestamps (date_diff counts them the
 * same with or without a session time zone), as a double for width_bucket.
 */
function numeric(column: string, kind: ColumnKind): string {
  const c = q(column);
  if (kind === "date") return `CAST(date_diff('day', DATE '1970-01-01', ${c}) AS double)`;
  if (kind === "timestamp")
    return `CAST(date_diff('millisecond', TIMESTAMP '1970-01-01 00:00:00', ${c}) AS double)`;
  if (kind === "timestamptz") return `to_unixtime(${c}) * 1000`;
  return `CAST(${c} AS double)`;
}

/** A double literal Trino reads as a double (not a decimal): `1.5E+0`. */
function double(n: number): string {
  return n.toExponential().toUpperCase();
}

/** The relation profiled, as a CTE over `source` (a SELECT); the newline lets a trailing `--` comment end. */
function withProfiled(source: string): string {
  return `WITH profiled AS (\n${source.trim().replace(/;\s*$/, "")}\n)\n`;
}

/**
 * One row: the row count, then for each column, in order, its non-null count, distinct estimate, min,
 * max, and (histogram kinds only, else NULL) the smallest and largest value on its number line.
 * Nested values are counted as their JSON text (approx_distinct hashes only comparable types).
 */
export function statsSql(source: string, columns: TypedColumn[]): string {
  const figures = columns.flatMap((column) => {
    const c = q(column.name);
    const kind = columnKind(column.type);
    const nested = kind === "nested";
    const line = HISTOGRAM_KINDS.has(kind) ? numeric(column.name, kind) : undefined;
    return [
      `count(${c})`,
      nested ? `approx_distinct(json_format(CAST(${c} AS json)))` : `approx_distinct(${c})`,
      nested ? "NULL" : `min(${c})`,
      nested ? "NULL" : `max(${c})`,
      line ? `min(${line})` : "NULL",
      line ? `max(${line})` : "NULL",
    ];
  });
  return `${withProfiled(source)}SELECT ${["count(*)", ...figures].join(",\n  ")}\nFROM profiled`;
}

/** Per column, what the first statement found, with its number line's range. */
export interface ColumnStats {
  profile: ColumnProfile;
  kind: ColumnKind;
  range?: { lo: number; hi: number };
}

const count = (text: string | null | undefined) => Number(text ?? 0);

/** The first statement's row read back: rows, and each column's figures. */
export function readStats(
  row: (string | null)[],
  columns: TypedColumn[],
): { rows: number; columns: ColumnStats[] } {
  const rows = count(row[0]);
  return {
    rows,
    columns: columns.map((column, i) => {
      const at = 1 + i * 6;
      const lo = row[at + 4];
      const hi = row[at + 5];
      const kind = columnKind(column.type);
      return {
        kind,
        profile: {
          name: column.name,
          type: column.type,
          nulls: rows - count(row[at]),
          distinct: count(row[at + 1]),
          distinctExact: false,
          min: row[at + 2] ?? null,
          max: row[at + 3] ?? null,
        },
        ...(lo != null && hi != null ? { range: { lo: Number(lo), hi: Number(hi) } } : {}),
      };
    }),
  };
}

/**
 * Bins of equal width covering [lo, hi]: bin m holds the values in (start + (m−1)·width, start + m·width]
 * (the first also holds `start`), so each bin's upper bound is its `≤` label. Widths are round: 1, 2, 2.5
 * or 5 × a power of ten; whole units (integers, days, milliseconds) for the integer-like kinds, whole
 * seconds to days for timestamps.
 */
export interface Bins {
  start: number;
  width: number;
  count: number;
}

const TIME_STEPS_MS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200,
].map((s) => s * 1000);
const DAY_MS = 86_400_000;

function roundStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((f) => f * power >= raw) ?? 10;
  return step * power;
}

export function histogramBins(kind: ColumnKind, lo: number, hi: number, bins: number): Bins {
  const raw = (hi - lo) / bins;
  let width: number;
  if (hi <= lo) width = 1;
  else if (kind === "timestamp" || kind === "timestamptz")
    width = TIME_STEPS_MS.find((s) => s >= raw) ?? Math.ceil(roundStep(raw / DAY_MS)) * DAY_MS;
  else if (kind === "float") width = roundStep(raw);
  else width = Math.max(1, Math.ceil(roundStep(raw)));
  const start = Math.floor(lo / width) * width;
  // The bin of `hi`: the first whose upper bound reaches it (at least one bin).
  const last = Math.max(1, Math.ceil((hi - start) / width - 1e-9));
  return { start, width, count: last };
}

/** What the second statement groups for one column: its bins, or its top `top` values. */
export type Chart = { column: string; kind: ColumnKind } & ({ bins: Bins } | { top: number });

/**
 * Rows (column index, value, rows): for a histogram the bin number as text, for top values the value as
 * text (NULL for NULL), the `top` most frequent, most first, ties by value. width_bucket's bins hold their
 * lower bound; over the negated values they hold the upper bound, as the `≤` labels say.
 */
export function chartsSql(source: string, charts: Chart[]): string {
  const parts = charts.map((chart, i) => {
    const c = q(chart.column);
    if ("top" in chart) {
      return `SELECT * FROM (SELECT ${i} AS chart, CAST(${c} AS varchar) AS "value", count(*) AS n FROM profiled GROUP BY ${c} ORDER BY n DESC, "value" NULLS LAST LIMIT ${chart.top})`;
    }
    const { start, width, count: k } = chart.bins;
    const top = start + width * k;
    const bin = `greatest(1, ${k + 1} - width_bucket(-(${numeric(chart.column, chart.kind)}), ${double(-top)}, ${double(-start)}, ${k}))`;
    return `SELECT ${i} AS chart, CAST(${bin} AS varchar) AS "value", count(*) AS n FROM profiled WHERE ${c} IS NOT NULL GROUP BY 2`;
  });
  return `${withProfiled(source)}${parts.join("\nUNION ALL\n")}`;
}

/** Two digits: `05`. */
const two = (n: number) => String(n).padStart(2, "0");

/** A bin's upper bound as the column's values read: `150`, `12.5`, `2024-01-30`, `2024-01-30 06:00:00`. */
export function boundText(kind: ColumnKind, value: number, width: number): string {
  if (kind === "date" || kind === "timestamp" || kind === "timestamptz") {
    const at = new Date(kind === "date" ? value * DAY_MS : value);
    const day = `${at.getUTCFullYear()}-${two(at.getUTCMonth() + 1)}-${two(at.getUTCDate())}`;
    if (kind === "date") return day;
    const ms = at.getUTCMilliseconds();
    const time = `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())}`;
    return `${day} ${time}${ms ? `.${String(ms).padStart(3, "0")}` : ""}`;
  }
  return value.toFixed(decimalsOf(width));
}

/** The decimals a round width has (`2.5` → 1, `0.05` → 2, `20` → 0), so every label is the bound itself. */
function decimalsOf(width: number): number {
  for (let d = 0; d < 10; d++) {
    const scaled = width * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return d;
  }
  return 10;
}

/** The second statement's rows back on their columns: every bin (empty ones as 0), top values most first. */
export function readCharts(
  rows: (string | null)[][],
  charts: Chart[],
): Map<string, Pick<ColumnProfile, "histogram" | "top">> {
  const out = new Map<string, Pick<ColumnProfile, "histogram" | "top">>();
  for (const [i, chart] of charts.entries()) {
    const mine = rows.filter((r) => Number(r[0]) === i);
    if ("top" in chart) {
      const top = mine
        .map((r) => ({ value: r[1] ?? null, count: count(r[2]) }))
        .sort(
          (a, b) =>
            b.count - a.count ||
            (a.value === null
              ? 1
              : b.value === null
                ? -1
                : a.value < b.value
                  ? -1
                  : a.value > b.value
                    ? 1
                    : 0),
        );
      out.set(chart.column, { top });
      continue;
    }
    const { start, width, count: k } = chart.bins;
    const byBin = new Map(mine.map((r) => [Number(r[1]), count(r[2])]));
    out.set(chart.column, {
      histogram: Array.from({ length: k }, (_, m) => ({
        upTo: boundText(chart.kind, start + width * (m + 1), width),
        count: byBin.get(m + 1) ?? 0,
      })),
    });
  }
  return out;
}

// The words of a profile, once, for `medallion profile` and the profile screen: a summary table (one row
// per column) and, per column, its histogram or top values as bars.
import { humanBytes, humanCount, plural } from "../lake/human.js";
import { costText } from "../query/render.js";
import { bar } from "../render/bar.js";
import type { Cell, Line, Table } from "../render/cell.js";
import { cutEnd, oneLine } from "../render/text.js";
import type { ColumnProfile, Profile } from "./profile.js";

/** Min and max are cut here: the whole values are in --json. */
const VALUE_WIDTH = 30;
const BAR_WIDTH = 24;

const dash: Cell = { text: "—", tone: "dim" };
const valueCell = (v: string | null): Cell => (v === null ? dash : { text: cutEnd(oneLine(v), VALUE_WIDTH) });

/** `silver/sales/orders · 30 files, 2.6 MiB read · 117,074 rows · 12 columns`. */
export function profileHeading(profile: Profile): Line {
  return [
    { text: profile.path || "(lake root)", tone: "accent" },
    profile.athena
      ? {
          text: ` · Athena (${profile.athena.workgroup}): ${plural(profile.athena.queries.length, "query", "queries")}, ${humanBytes(profile.bytesRead)} scanned, ${costText(profile.athena.costUsd)}`,
        }
      : { text: ` · ${plural(profile.files ?? 0, "file")}, ${humanBytes(profile.bytesRead)} read` },
    { text: ` · ${plural(profile.rows, "row")} · ${plural(profile.columns.length, "column")}` },
    {
      text: profile.columns.some((c) => !c.distinctExact)
        ? ` · distinct counts ≈ (${profile.athena ? "Athena's approx_distinct" : "HyperLogLog"} estimates)`
        : " · distinct counts exact",
      tone: "dim",
    },
    { text: ` · ${(profile.elapsedMs / 1000).toFixed(1)} s`, tone: "dim" },
  ];
}

/** `45,012` exact, `≈45,000` HyperLogLog's estimate. */
function distinctText(c: ColumnProfile): string {
  return c.distinctExact ? humanCount(c.distinct) : `≈${humanCount(c.distinct)}`;
}

/** `0`, `12 (0.4%)`: nulls and their share of the rows. */
function nullsText(nulls: number, rows: number): string {
  if (nulls === 0 || rows === 0) return humanCount(nulls);
  const share = (nulls / rows) * 100;
  return `${humanCount(nulls)} (${share < 0.1 ? "<0.1" : share.toFixed(1)}%)`;
}

/** `34%`, `<1%` for a share that rounds to nothing. */
function shareText(count: number, rows: number): string {
  const share = rows === 0 ? 0 : (count / rows) * 100;
  return share > 0 && share < 0.5 ? "<1%" : `${Math.round(share)}%`;
}

/** One row per column: name, type, nulls, distinct (≈ when estimated), min, max. */
export function profileTable(profile: Profile): Table {
  return {
    columns: [
      { title: "column", max: 40 },
      { title: "type", max: 30 },
      { title: "nulls", align: "right" },
      { title: "distinct", align: "right" },
      { title: "min", max: VALUE_WIDTH },
      { title: "max", max: VALUE_WIDTH },
    ],
    rows: profile.columns.map((c) => [
      { text: c.name },
      { text: c.type.toLowerCase(), tone: "dim" },
      c.nulls > 0 ? { text: nullsText(c.nulls, profile.rows), tone: "warn" } : { text: "0", tone: "dim" },
      { text: distinctText(c) },
      valueCell(c.min),
      valueCell(c.max),
    ]),
  };
}

/** A column's chart: its histogram (`≤ 150`, rows, bar) or its top values (value, rows, bar); undefined without one. */
export function columnChart(column: ColumnProfile, rows: number): Table | undefined {
  const entries = column.histogram
    ? column.histogram.map((b) => ({ label: `≤ ${b.upTo}`, count: b.count, tone: undefined }))
    : column.top?.map((t) => ({
        label: t.value ?? "NULL",
        count: t.count,
        tone: t.value === null ? ("dim" as const) : undefined,
      }));
  if (entries === undefined || entries.length === 0) return undefined;
  const most = Math.max(...entries.map((e) => e.count), 1);
  return {
    columns: [
      { title: column.histogram ? "bin" : "value", max: VALUE_WIDTH },
      { title: "rows", align: "right" },
      { title: "share", align: "right" },
      { title: "", min: 1, max: BAR_WIDTH },
    ],
    rows: entries.map((e) => [
      e.tone
        ? { text: cutEnd(oneLine(e.label), VALUE_WIDTH), tone: e.tone }
        : { text: cutEnd(oneLine(e.label), VALUE_WIDTH) },
      { text: humanCount(e.count) },
      { text: shareText(e.count, rows), tone: "dim" },
      { text: bar(e.count / most, BAR_WIDTH) || "▏", tone: "accent" },
    ]),
  };
}

/** What the chart shows, above it: `amount  decimal(10,2) · histogram, 10 bins` or `status  varchar · top 5 values`. */
export function chartTitle(column: ColumnProfile): string {
  const what = column.histogram
    ? `histogram, ${plural(column.histogram.length, "bin")}`
    : `top ${plural(column.top?.length ?? 0, "value")}${column.distinct > (column.top?.length ?? 0) ? ` of ${distinctText(column)}` : ""}`;
  return `${column.name}  ${column.type.toLowerCase()} · ${what}`;
}

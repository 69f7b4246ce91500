import type { Line, Table } from "../render/cell.js";
import { layoutTable } from "../render/table.js";
import { fitText } from "../render/text.js";
import type { Profile } from "./profile.js";
import { chartTitle, columnChart, profileHeading, profileTable } from "./render.js";

/** A table as lines of cells laid out in `width`, each cell keeping its tone (the UI colours them). */
function toneLines(table: Table, width: number): Line[] {
  const { widths, shown } = layoutTable(table, width, { gap: 1 });
  const title: Line = [
    {
      text: shown
        .map((i) => fitText(table.columns[i]?.title ?? "", widths[i] ?? 0, table.columns[i]?.align))
        .join(" "),
      tone: "dim",
    },
  ];
  const rows = table.rows.map((row) =>
    shown.flatMap((i, n) => {
      const c = row[i];
      const text = fitText(c?.text ?? "", widths[i] ?? 0, table.columns[i]?.align);
      return [...(n > 0 ? [{ text: " " }] : []), c?.tone ? { text, tone: c.tone } : { text }];
    }),
  );
  return [title, ...rows];
}

/** The whole profile as lines for a screen `width` wide: heading, the summary table, then each chart. */
export function profileLines(profile: Profile, width: number): Line[] {
  const lines: Line[] = [profileHeading(profile), [], ...toneLines(profileTable(profile), width)];
  for (const column of profile.columns) {
    const chart = columnChart(column, profile.rows);
    if (chart === undefined) continue;
    lines.push([], [{ text: chartTitle(column), tone: "accent" }], ...toneLines(chart, width).slice(1));
  }
  return lines;
}

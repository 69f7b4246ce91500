// The cost breakdown in cells with tones: one set of words for `medallion cost` and the cost screen.
import { humanBytes, humanCount, plural } from "../lake/human.js";
import { type Cell, cell, type Line, sparkline, type Table } from "../render/index.js";
import type { PolicyChange } from "./apply.js";
import type { Breakdown, BreakdownRow, CostTotals } from "./breakdown.js";
import { classLabel, tableName } from "./breakdown.js";
import type { CostSnapshot, Growth } from "./history.js";
import type { PolicyRule } from "./lifecycle.js";
import type { ServiceCost } from "./services.js";
import type { WhatIf } from "./whatif.js";

export type BreakdownBy = "layer" | "table" | "class" | "tenant";

export interface RollupRow extends CostTotals {
  name: string;
}

/** `$1,234.56`; under a cent to four places (`$0.0042`), so a small cost never reads as free. */
export function money(dollars: number): string {
  if (dollars < 0) return `-${money(-dollars)}`;
  if (dollars > 0 && dollars < 0.00005) return "<$0.0001";
  if (dollars > 0 && dollars < 0.005) return `$${dollars.toFixed(4)}`;
  return `$${dollars.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** The rows summed by layer, table or storage class, most expensive first. */
export function rollup(rows: BreakdownRow[], by: BreakdownBy): RollupRow[] {
  const out = new Map<string, RollupRow>();
  for (const r of rows) {
    const name =
      by === "layer"
        ? r.layer
        : by === "class"
          ? classLabel(r)
          : by === "tenant"
            ? (r.tenant ?? "(no tenant)")
            : tableName(r);
    let t = out.get(name);
    if (!t) {
      t = { name, objects: 0, bytes: 0, billableBytes: 0, monthly: 0 };
      out.set(name, t);
    }
    t.objects += r.objects;
    t.bytes += r.bytes;
    t.billableBytes += r.billableBytes;
    t.monthly += r.monthly;
  }
  return [...out.values()].sort(
    (a, b) => b.monthly - a.monthly || b.bytes - a.bytes || a.name.localeCompare(b.name),
  );
}

import { bar } from "../render/bar.js";

export { bar };

const TITLES: Record<BreakdownBy, string> = {
  layer: "layer",
  table: "table",
  class: "storage class",
  tenant: "tenant",
};

/** One rollup as a table: name, objects, size, billable size, $/month, share with a bar. */
export function rollupTable(rows: RollupRow[], by: BreakdownBy, total: number, barWidth = 12): Table {
  return {
    columns: [
      { title: TITLES[by], cut: "middle", max: 48 },
      { title: "objects", align: "right" },
      { title: "size", align: "right" },
      { title: "billable", align: "right" },
      { title: "$/month", align: "right" },
      { title: "share", min: 4, max: barWidth + 5 },
    ],
    rows: rows.map((r) => {
      const share = total > 0 ? r.monthly / total : 0;
      const padded = r.billableBytes > r.bytes * 1.1 && r.billableBytes - r.bytes > 1024 * 1024;
      return [
        cell(r.name, r.name.startsWith("_") || r.name.startsWith("(") ? "dim" : undefined),
        cell(humanCount(r.objects)),
        cell(humanBytes(r.bytes)),
        cell(humanBytes(r.billableBytes), padded ? "warn" : "dim"),
        cell(money(r.monthly), "accent"),
        cell(`${String(Math.round(share * 100)).padStart(3)}% ${bar(share, barWidth)}`),
      ];
    }),
  };
}

/** The headline: total per month, objects, size, billable size, where the prices come from. */
export function summaryLines(b: Breakdown, scope: string, source: string): Line[] {
  const lines: Line[] = [
    [
      cell(`${scope}: `),
      cell(`${money(b.total.monthly)}/month`, "accent"),
      cell(
        ` for ${plural(b.total.objects, "object")}, ${humanBytes(b.total.bytes)} (billed as ${humanBytes(b.total.billableBytes)}), from ${source}`,
      ),
    ],
    [cell(`prices: ${b.prices.region}, ${b.prices.source}`, b.prices.verified ? "dim" : "warn")],
  ];
  if (b.unpricedClasses.length > 0) {
    lines.push([cell(`priced as STANDARD (no price known): ${b.unpricedClasses.join(", ")}`, "warn")]);
  }
  return lines;
}

/** Incomplete multipart uploads and noncurrent versions, or why they were not counted. */
export function hiddenCostLines(b: Breakdown): Line[] {
  const lines: Line[] = [];
  if (b.uploads) {
    lines.push(
      b.uploads.uploads === 0
        ? [cell("incomplete multipart uploads: none", "ok")]
        : [
            cell(
              `incomplete multipart uploads: ${plural(b.uploads.uploads, "upload")}, ${plural(b.uploads.parts, "part")}, ${humanBytes(b.uploads.bytes)} = `,
              "warn",
            ),
            cell(`${money(b.uploads.monthly)}/month`, "accent"),
            cell(" (abort them, or a lifecycle rule does after 7 days)", "dim"),
          ],
    );
  }
  if (b.noncurrent) {
    lines.push(
      b.noncurrent.objects === 0
        ? [
            cell(
              `noncurrent versions: none${b.noncurrent.deleteMarkers ? `, ${plural(b.noncurrent.deleteMarkers, "delete marker")}` : ""}`,
              "ok",
            ),
          ]
        : [
            cell(
              `noncurrent versions: ${plural(b.noncurrent.objects, "version")}, ${humanBytes(b.noncurrent.bytes)}, ${plural(b.noncurrent.deleteMarkers, "delete marker")} = `,
              "warn",
            ),
            cell(`${money(b.noncurrent.monthly)}/month`, "accent"),
          ],
    );
  }
  return lines;
}

/** Tables with files under 8 MiB: how many, under 128 KiB, what the minimums add, what 1,000 full scans' GETs cost. */
export function smallFilesTable(b: Breakdown): Table {
  return {
    columns: [
      { title: "table", cut: "middle", max: 48 },
      { title: "files", align: "right" },
      { title: "< 128 KiB", align: "right" },
      { title: "< 8 MiB", align: "right" },
      { title: "minimums $/mo", align: "right" },
      { title: "GETs $/1k scans", align: "right" },
    ],
    rows: b.smallFiles.map((s): Cell[] => [
      cell(s.table),
      cell(humanCount(s.objects)),
      cell(humanCount(s.under128KiB.objects), s.under128KiB.objects > 0 ? "warn" : "dim"),
      cell(humanCount(s.under8MiB.objects), s.under8MiB.objects > s.objects / 2 ? "warn" : undefined),
      cell(money(s.minimumSizeMonthly), s.minimumSizeMonthly > 0 ? "warn" : "dim"),
      cell(money(s.perScanRequests * 1000), "dim"),
    ]),
  };
}

/** One rule as a line: `medallion-bronze  bronze/  > 320 KiB  → GLACIER_IR 30d · → DEEP_ARCHIVE 120d`. */
export function ruleLine(rule: PolicyRule): Line {
  const steps = [
    ...rule.transitions.map((t) => `→ ${t.storageClass} ${t.days}d`),
    rule.expirationDays === undefined ? undefined : `expire ${rule.expirationDays}d`,
    rule.noncurrentDays === undefined ? undefined : `noncurrent expire ${rule.noncurrentDays}d`,
    rule.abortMultipartDays === undefined ? undefined : `abort uploads ${rule.abortMultipartDays}d`,
  ].filter((s): s is string => s !== undefined);
  return [
    cell(`${rule.id}  `, rule.enabled ? undefined : "dim"),
    cell(`${rule.prefix || "(whole bucket)"}  `, "dim"),
    ...(rule.minSize === undefined ? [] : [cell(`> ${humanBytes(rule.minSize)}  `, "dim")]),
    cell(steps.join(" · ")),
    ...(rule.enabled ? [] : [cell("  (disabled)", "dim")]),
    ...(rule.filterNote ? [cell(`  (${rule.filterNote}: not simulated)`, "warn")] : []),
  ];
}

/** The what-if: current vs proposed per month, savings in $ and %, one-off charges, where it comes from. */
export function whatIfLines(w: WhatIf): Line[] {
  const lines: Line[] = [
    [
      cell("now "),
      cell(`${money(w.current)}/month`, "accent"),
      cell(" → with the policy "),
      cell(`${money(w.proposed + w.recurring.transitions + w.recurring.minimumDuration)}/month`, "accent"),
      ...(w.savings > 0
        ? [cell(": saves "), cell(`${money(w.savings)}/month (${Math.round(w.savingsPercent)}%)`, "ok")]
        : [
            cell(": saves nothing", "warn"),
            cell(w.savings < 0 ? ` (costs ${money(-w.savings)}/month more)` : ""),
          ]),
    ],
    [
      cell(
        `  steady state: storage ${money(w.proposed)}, transitions of each month's new objects ${money(w.recurring.transitions)}, minimum durations ${money(w.recurring.minimumDuration)}`,
        "dim",
      ),
    ],
    [
      cell(
        `  once, on applying: ${plural(w.oneOff.objects, "transition")} ${money(w.oneOff.transitions)}` +
          `, early-deletion charges ${money(w.oneOff.earlyDeletion)}` +
          (w.oneOff.paybackMonths === undefined ? "" : `, paid back in ${payback(w.oneOff.paybackMonths)}`),
      ),
    ],
  ];
  if (w.existing) {
    const e = w.existing;
    lines.push([
      cell(
        `  the bucket's own rules (${e.rules}) alone: ${money(e.monthly)}/month in steady state; the policy `,
      ),
      e.savings > 0
        ? cell(`saves ${money(e.savings)}/month beyond them`, "ok")
        : cell(
            `saves nothing beyond them${e.savings < 0 ? ` (costs ${money(-e.savings)}/month more)` : ""}`,
            "warn",
          ),
      ...(e.notSimulated > 0
        ? [cell(` (${plural(e.notSimulated, "rule")} filtered by tag, size or date: not simulated)`, "warn")]
        : []),
    ]);
  }
  if (w.moves.length > 0) lines.push([cell("Where it comes from:")]);
  for (const m of w.moves.slice(0, 8)) {
    lines.push([
      cell(`  ${m.layer}: ${plural(m.objects, "object")}, ${humanBytes(m.bytes)} ${m.from} → ${m.to}  `),
      m.monthlySaving >= 0
        ? cell(`-${money(m.monthlySaving)}/month`, "ok")
        : cell(`+${money(-m.monthlySaving)}/month`, "warn"),
      ...(m.monthlySaving < 0 && m.to === "INTELLIGENT_TIERING"
        ? [
            cell(
              " (monitoring: it saves only on objects left unread 30 days, which a listing cannot tell)",
              "dim",
            ),
          ]
        : []),
    ]);
  }
  const { small, underSizeFilter, noRule } = w.staying;
  if (small.objects > 0) {
    lines.push([
      cell(
        `  stay: ${plural(small.objects, "object")} under 128 KiB (${humanBytes(small.bytes)}): S3 does not transition them`,
        "dim",
      ),
    ]);
  }
  if (underSizeFilter.objects > 0) {
    lines.push([
      cell(
        `  stay: ${plural(underSizeFilter.objects, "object")} (${humanBytes(underSizeFilter.bytes)}) at or under the size filter: not worth moving`,
        "dim",
      ),
    ]);
  }
  if (noRule.objects > 0) {
    lines.push([
      cell(`  stay: ${plural(noRule.objects, "object")} (${humanBytes(noRule.bytes)}) under no rule`, "dim"),
    ]);
  }
  if (w.expired.objects > 0) {
    lines.push([
      cell(`  expire: ${plural(w.expired.objects, "object")} (${humanBytes(w.expired.bytes)})`, "notice"),
    ]);
  }
  for (const warning of w.warnings) lines.push([cell(`  ${warning}`, "warn")]);
  return lines;
}

function payback(months: number): string {
  if (months < 1) return `${Math.max(1, Math.round(months * 30))} days`;
  return `${months.toFixed(1)} months`;
}

/** Per layer: now, with the policy, saving. */
export function whatIfTable(w: WhatIf): Table {
  return {
    columns: [
      { title: "layer" },
      { title: "now $/month", align: "right" },
      { title: "policy $/month", align: "right" },
      { title: "saving", align: "right" },
    ],
    rows: w.layers.map((l) => {
      const saving = l.current - l.proposed;
      return [
        cell(l.layer),
        cell(money(l.current)),
        cell(money(l.proposed), "accent"),
        cell(l.current > 0 ? `${Math.round((saving / l.current) * 100)}%` : "–", saving > 0 ? "ok" : "dim"),
      ];
    }),
  };
}

/** Signed size change: `+1.2 GiB`, `-300 KiB`, `±0 B`. */
function deltaBytes(delta: number): string {
  if (delta === 0) return "±0 B";
  return `${delta > 0 ? "+" : "-"}${humanBytes(Math.abs(delta))}`;
}

/** One row per snapshot: when, objects, size, $/month, change since the one before, a sparkline of size. */
export function historyTable(snapshots: CostSnapshot[]): Table {
  const most = Math.max(1, ...snapshots.map((s) => s.bytes));
  return {
    columns: [
      { title: "scanned" },
      { title: "objects", align: "right" },
      { title: "size", align: "right" },
      { title: "$/month", align: "right" },
      { title: "change", align: "right" },
      { title: "size", min: 4, max: 17 },
    ],
    rows: snapshots.map((s, i) => {
      const before = snapshots[i - 1];
      const delta = before ? s.bytes - before.bytes : 0;
      return [
        cell(s.scannedAt.slice(0, 16).replace("T", " ")),
        cell(humanCount(s.objects)),
        cell(humanBytes(s.bytes)),
        cell(money(s.monthly), "accent"),
        cell(before ? deltaBytes(delta) : "", delta > 0 ? "notice" : "dim"),
        cell(bar(s.bytes / most, 12)),
      ];
    }),
  };
}

/** Per layer, first snapshot → last: size and $/month. */
export function growthLines(growth: Growth[], days: number): Line[] {
  return growth.map((g) => [
    cell(
      `  ${g.layer}: ${humanBytes(g.fromBytes)} → ${humanBytes(g.toBytes)} (${deltaBytes(g.toBytes - g.fromBytes)} in ${plural(days, "day")}), `,
    ),
    cell(
      `${money(g.fromMonthly)} → ${money(g.toMonthly)}/month`,
      g.toMonthly > g.fromMonthly ? "notice" : "dim",
    ),
  ]);
}

/** Glue and Athena beside S3: `Glue: $0.00/month: 1,234 catalog objects …`, or what was not counted and why. */
export function serviceLines(costs: ServiceCost[]): Line[] {
  return costs.map((c) =>
    c.counted
      ? [cell(`${c.service}: `), cell(`${money(c.monthly)}/month`, "accent"), cell(`: ${c.detail}`, "dim")]
      : [cell(`${c.service}: `), cell(c.detail, c.detail.startsWith("not used") ? "dim" : "warn")],
  );
}

/** What applying writes: the call and its JSON document, one line each (`lifecycle apply` and the cost screen). */
export function policyDocumentLines(
  change: Pick<PolicyChange, "bucket" | "rules" | "smallObjects">,
): string[] {
  const small = change.smallObjects ? { TransitionDefaultMinimumObjectSize: change.smallObjects } : {};
  return [
    `PutBucketLifecycleConfiguration s3://${change.bucket}`,
    ...JSON.stringify({ Rules: change.rules, ...small }, null, 2).split("\n"),
  ];
}

export function policyQuestion(change: Pick<PolicyChange, "bucket">): string {
  return `Replace the lifecycle rules of bucket ${change.bucket} with these?`;
}

/** After applying, or finding nothing to apply. */
export function policyResult(change: Pick<PolicyChange, "bucket" | "rules" | "upToDate">): string {
  return change.upToDate
    ? "lifecycle rules already as proposed: nothing to do"
    : `applied ${plural(change.rules.length, "lifecycle rule")} to s3://${change.bucket}`;
}

/** Above the small-files table. */
export const SMALL_FILES_HEADING = "Small files (each is a GET per query, and IA/Glacier bill minimums):";

/**
 * Storage growth in one line from the scans' snapshots (oldest first): a sparkline of size, and the first
 * against the last in size and $/month.
 */
export function growthLine(snapshots: CostSnapshot[], width = 16): Line {
  const first = snapshots[0];
  const last = snapshots.at(-1);
  if (!first || !last)
    return [cell("growth: no snapshots yet (each scan keeps one, except in read-only mode)", "dim")];
  const when = (s: CostSnapshot) => s.scannedAt.slice(0, 10);
  if (snapshots.length === 1) {
    return [cell(`growth: one snapshot so far (${when(first)}): later scans show the change`, "dim")];
  }
  return [
    cell("growth "),
    cell(
      sparkline(
        snapshots.map((s) => s.bytes),
        width,
      ),
      "accent",
    ),
    cell(
      ` ${snapshots.length} snapshots ${when(first)} → ${when(last)}: ${humanBytes(first.bytes)} → ${humanBytes(last.bytes)} (${deltaBytes(last.bytes - first.bytes)}), `,
    ),
    cell(
      `${money(first.monthly)} → ${money(last.monthly)}/month`,
      last.monthly > first.monthly ? "notice" : "dim",
    ),
  ];
}

import { Box, Text } from "ink";
import { useState } from "react";
import {
  growthLine,
  hiddenCostLines,
  policyDocumentLines,
  policyQuestion,
  rollupTable,
  ruleLine,
  SMALL_FILES_HEADING,
  serviceLines,
  smallFilesTable,
  summaryLines,
  whatIfLines,
  whatIfTable,
} from "../../src/cost/render.js";
import type { CostReport } from "../../src/cost/report.js";
import { humanBytes, humanCount } from "../../src/lake/human.js";
import type { Table } from "../../src/render/cell.js";
import { cell, type Line } from "../../src/render/cell.js";
import { layoutTable } from "../../src/render/table.js";
import { fitText } from "../../src/render/text.js";
import { useLake } from "../context.js";
import { useScreenKeys } from "../screen-keys.js";
import type { ScreenProps } from "../screens/registry.js";
import { Grid } from "../widgets/grid.js";
import { Spinner } from "../widgets/spinner.js";
import { ToneLine } from "../widgets/tone-line.js";
import { type Motion, move, moveTo } from "../widgets/window.js";
import { type CostLevel, deeper, levelRows, startLevel } from "./drill.js";
import {
  applyConfirmBindings,
  applyingBindings,
  type CostAction,
  costBindings,
  scanningBindings,
} from "./keys.js";
import { type ScanState, useCostReport } from "./use-cost-report.js";
import { type PolicyApplyState, usePolicyApply } from "./use-policy-apply.js";

const motions: Partial<Record<CostAction, Motion>> = {
  up: "up",
  down: "down",
  pageUp: "pageUp",
  pageDown: "pageDown",
  first: "first",
  last: "last",
};

/** Lines around the rows: title, two summary lines, the what-if and growth lines, grid header, status. */
const CHROME = 7;

const PANES = ["breakdown", "what-if", "small files"] as const;
type Pane = (typeof PANES)[number];
const PANE_TITLES: Record<Exclude<Pane, "breakdown">, string> = {
  "what-if": "lifecycle what-if",
  "small files": "small files",
};

const BY_WORDS = {
  layer: "by layer",
  table: "by table",
  class: "by storage class",
  tenant: "by tenant",
} as const;

/**
 * What the lake (or the browsed layer or table) costs a month: by layer → table → storage class (Enter
 * drills down), with the lifecycle what-if and the small files one Tab away, and `a` applying the policy
 * after showing its document. The words are `medallion cost`'s and `medallion lifecycle`'s.
 */
export function CostScreen({ params, width, height, nav }: ScreenProps) {
  const { source, theme } = useLake();
  const path = (params.path ?? "").replace(/\/+$/, "");
  const [reload, setReload] = useState(0);
  const { report, progress, cancel } = useCostReport(path, reload);
  const [levels, setLevels] = useState<CostLevel[]>(() => [startLevel(path)]);
  const [pane, setPane] = useState<Pane>("breakdown");
  const apply = usePolicyApply(nav, () => setReload((n) => n + 1));
  const [win, setWin] = useState({ top: 0, cursor: 0 });
  const level = levels[levels.length - 1] ?? startLevel(path);
  const done = report.status === "done" ? report.value : undefined;
  const rows = done ? levelRows(done.breakdown.rows, level) : [];
  const services = done?.services ?? [];
  const visible = Math.max(1, height - CHROME - services.length);
  const view = moveTo(win, win.cursor, rows.length, visible);
  const scanning = report.status === "loading";

  const step = apply.state.step;
  const paneLines = !done
    ? undefined
    : step === "asking" || step === "writing"
      ? applyLines(apply.state)
      : pane === "what-if"
        ? whatIfPane(done, width)
        : pane === "small files"
          ? smallFilesPane(done, width)
          : undefined;
  // The question stays at the bottom while the document scrolls above it.
  const paneFooter = paneLines && (step === "asking" || step === "writing") ? paneLines.splice(-2) : [];
  const paneBody = Math.max(1, height - 1 - paneFooter.length);
  const paneScroll = Math.max(1, (paneLines?.length ?? 0) - paneBody + 1);

  const onAction = (action: CostAction) => {
    if (scanning) return action === "back" ? cancel() : undefined;
    if (apply.state.step === "asking") {
      if (action === "confirm") return apply.confirm();
      if (action === "cancel") return apply.cancel();
    }
    const motion = motions[action];
    if (motion) {
      if (pane !== "breakdown" || apply.state.step === "asking")
        return setWin((w) => move(w, motion, paneScroll, 1));
      return setWin(move(view, motion, rows.length, visible));
    }
    switch (action) {
      case "open": {
        const row = rows[view.cursor];
        const next = row && pane === "breakdown" ? deeper(level, row.name) : undefined;
        if (!next) return;
        setWin({ top: 0, cursor: 0 });
        return setLevels((l) => [...l, next]);
      }
      case "pane":
        setWin({ top: 0, cursor: 0 });
        return setPane((p) => PANES[(PANES.indexOf(p) + 1) % PANES.length] ?? "breakdown");
      case "apply":
        setWin({ top: 0, cursor: 0 });
        return apply.start();
      case "refresh":
        return setReload((n) => n + 1);
      case "back":
        if (pane !== "breakdown") return setPane("breakdown");
        if (levels.length > 1) {
          setWin({ top: 0, cursor: 0 });
          return setLevels((l) => l.slice(0, -1));
        }
        return nav.back();
    }
  };
  useScreenKeys(
    scanning
      ? scanningBindings
      : step === "asking"
        ? applyConfirmBindings
        : step === "idle"
          ? costBindings
          : applyingBindings,
    onAction,
  );

  const scope = path === "" ? source.header.root : path;
  const crumb = level.within === undefined ? BY_WORDS[level.by] : `${level.within} ${BY_WORDS[level.by]}`;
  const title = (
    <Text bold wrap="truncate-end">
      Cost · {scope}
      <Text color={theme.muted}>
        {" · "}
        {step === "asking" || step === "writing"
          ? "apply the lifecycle policy"
          : pane === "breakdown"
            ? crumb
            : PANE_TITLES[pane]}
      </Text>
    </Text>
  );
  if (report.status !== "done" || !done) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        {title}
        {report.status === "loading" ? (
          <Spinner label={progressLabel(progress)} />
        ) : (
          <ToneLine line={[cell(report.status === "error" ? report.error : "", "error")]} />
        )}
      </Box>
    );
  }
  if (paneLines) {
    const top = Math.min(win.top, paneScroll - 1);
    return (
      <Box flexDirection="column" width={width} height={height}>
        {title}
        {[...paneLines.slice(top, top + paneBody), ...paneFooter].map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the pane's lines are fixed once scanned
          <ToneLine key={i} line={line} />
        ))}
      </Box>
    );
  }
  const total = rows.reduce((sum, r) => sum + r.monthly, 0);
  const barWidth = Math.max(4, Math.min(12, width - 68));
  // Widths from every row of the level (not the page), so scrolling does not move the columns.
  const layout = layoutTable(rollupTable(rows, level.by, total, barWidth), width, { gap: 1 });
  const slice = rows.slice(view.top, view.top + visible);
  const table = rollupTable(slice, level.by, total, barWidth);
  const columns = table.columns.map((c, i) => ({ ...c, width: layout.widths[i] ?? 0 }));
  const source_ = done.scan.source === "listing" ? "a listing" : "an S3 Inventory report";
  const [headline, prices] = summaryLines(done.breakdown, scope, source_);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {title}
      <ToneLine line={headline ?? []} />
      <ToneLine line={prices ?? []} />
      <ToneLine line={whatIfHeadline(done)} />
      <ToneLine line={growthLine(done.history ?? [])} />
      {serviceLines(services).map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: one line per service, fixed once scanned
        <ToneLine key={i} line={line} />
      ))}
      <Grid
        columns={columns}
        rows={slice.map((r, i) => ({ key: r.name, cells: table.rows[i] ?? [] }))}
        selected={view.cursor - view.top}
        width={width}
        height={visible + 1}
      />
      <ToneLine
        line={step === "idle" ? statusLine(done, level, rows.length) : [cell(APPLYING[step], "accent")]}
      />
    </Box>
  );
}

function progressLabel(p: ScanState | undefined): string {
  if (!p) return "scanning… (Esc cancels)";
  const what = p.source === "listing" ? "prefixes" : "report files";
  return `${p.source === "listing" ? "listed" : "read"} ${humanCount(p.objects)} objects, ${humanBytes(p.bytes)} (${p.prefixesDone}/${p.prefixes} ${what}) · Esc cancels`;
}

/** The what-if's first line (now → with the policy: saves …), or why there is none. */
function whatIfHeadline(r: CostReport): Line {
  if (!r.whatIf)
    return [cell(`lifecycle what-if: the policy is invalid: ${r.policyErrors[0] ?? ""}`, "error")];
  return whatIfLines(r.whatIf)[0] ?? [];
}

/** A table's lines laid out in `width`, its header dim: for the panes that scroll as lines. */
function tableAsLines(table: Table, width: number, gap = 2): Line[] {
  const layout = layoutTable(table, width, { gap });
  const row = (cells: Line): Line =>
    layout.shown.flatMap((i, n) => {
      const column = table.columns[i];
      const text = fitText(cells[i]?.text ?? "", layout.widths[i] ?? 0, column?.align, column?.cut);
      return [cell(n > 0 ? " ".repeat(gap) : ""), { ...cells[i], text }];
    });
  return [row(table.columns.map((c) => cell(c.title, "dim"))), ...table.rows.map(row)];
}

/** The what-if pane: `medallion lifecycle plan`'s lines, its table per layer, and the rules. */
function whatIfPane(r: CostReport, width: number): Line[] {
  if (!r.whatIf) return r.policyErrors.map((e) => [cell(`invalid: ${e}`, "error")]);
  return [
    ...whatIfLines(r.whatIf),
    [],
    ...tableAsLines(whatIfTable(r.whatIf), width),
    [],
    ...(r.existingRules.length > 0
      ? [[cell("the bucket's rules now:")], ...r.existingRules.map((rule) => [cell("  "), ...ruleLine(rule)])]
      : []),
    [cell("proposed rules (medallion.yaml lifecycle:, else the defaults; a applies them):")],
    ...r.policy.map((rule) => [cell("  "), ...ruleLine(rule)]),
  ];
}

/** The small-file hot spots as `medallion cost` lists them, then uploads and noncurrent versions. */
function smallFilesPane(r: CostReport, width: number): Line[] {
  const b = r.breakdown;
  return [
    ...(b.smallFiles.length > 0
      ? [[cell(SMALL_FILES_HEADING)], ...tableAsLines(smallFilesTable(b), width, 1)]
      : [[cell("no files under 8 MiB here", "ok")]]),
    ...(hiddenCostLines(b).length > 0 ? [[], ...hiddenCostLines(b)] : []),
  ];
}

const APPLYING = {
  reading: "reading the bucket's lifecycle rules…",
  writing: "writing the lifecycle rules…",
  asking: "",
  idle: "",
} as const;

/** The document `a` would write, then (kept at the bottom) the question and its keys. */
function applyLines(state: PolicyApplyState): Line[] {
  if (state.step !== "asking" && state.step !== "writing") return [];
  return [
    ...policyDocumentLines(state.change).map((text, i) => [cell(text, i === 0 ? "accent" : undefined)]),
    [cell(policyQuestion(state.change), "accent")],
    state.step === "writing"
      ? [cell(APPLYING.writing, "accent")]
      : [cell("y or Enter applies · n or Esc cancels · j/k scroll", "dim")],
  ];
}

/** Under the rows: the first note of the scan, or how to go on. */
function statusLine(r: CostReport, level: CostLevel, count: number): Line {
  if (count === 0) return [cell("no objects here", "dim")];
  const note = r.scan.notes[0];
  if (note) return [cell(`note: ${note}`, "dim")];
  return [cell(level.by === "class" ? "Esc back up" : "⏎ drill down · Esc back up", "dim")];
}

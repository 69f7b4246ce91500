import type { EngineUsage } from "../engine/engine.js";
import { humanBytes, humanDuration, plural } from "../lake/human.js";
import { costText } from "../query/render.js";
import { cell, type Line, lineText, type Table } from "../render/cell.js";
import { changeLine } from "./evolution.js";
import type { PromotionPlan, PromotionTarget } from "./plan.js";
import type { PromotionResult } from "./promote.js";
import type { PromotionRun } from "./types.js";

/** The words of a promotion, once: the CLI prints them, the TUI lays them out. */

const n = (x: number) => x.toLocaleString("en-US");

function duration(run: PromotionRun): string {
  if (!run.finishedAt) return "";
  return humanDuration(Date.parse(run.finishedAt) - Date.parse(run.createdAt));
}

/** One line of counts: rows in, rejected, deduplicated, out. */
export function countsLine(run: PromotionRun): string {
  const c = run.counts;
  if (!c) return "no counts (the run stopped before its output was staged)";
  return `rows in ${n(c.rowsIn)} · rejected ${n(c.rejected)} · deduplicated ${n(c.deduplicated)} · out ${n(c.rowsOut)}`;
}

/** A promotion's result with tones (the UI colours them; the CLI prints `resultLines`, the same words). */
export function resultCells(result: PromotionResult): Line[] {
  const { run } = result;
  const from = run.sources.join(" + ");
  if (result.upToDate) {
    return [
      [
        cell(
          `${run.target} is up to date: ${plural(result.unchanged, "partition")} of ${from} unchanged since its last run (give --partitions to promote some again)`,
          "ok",
        ),
      ],
    ];
  }
  const head = result.dryRun
    ? cell(`dry run: ${from} → ${run.target} with ${run.engine}, nothing written`, "accent")
    : cell(`promoted ${from} → ${run.target} with ${run.engine} in ${duration(run)} (run ${run.id})`, "ok");
  const rejected = run.counts?.rejected ?? 0;
  const lines: Line[] = [
    [head],
    [
      cell(
        `  read ${plural(run.inputs.length, "partition")}${result.unchanged ? ` (${n(result.unchanged)} unchanged left out)` : ""}; `,
      ),
      cell(countsLine(run), rejected > 0 ? "warn" : undefined),
    ],
  ];
  for (const out of run.outputs) {
    const written = out.partitions.filter((p) => p.rows > 0 || p.stagedKeys.length > 0);
    const emptied = out.partitions.length - written.length;
    const rows = out.partitions.reduce((sum, p) => sum + p.rows, 0);
    lines.push([
      cell(
        `  ${out.path}: ${plural(written.length, "partition")}, ${plural(rows, "row")}${emptied ? `, ${plural(emptied, "partition")} emptied` : ""}`,
        out.role === "rejects" && rows > 0 ? "warn" : undefined,
      ),
    ]);
  }
  for (const change of run.schemaChanges ?? [])
    lines.push([cell(`  schema: ${changeLine(change)}`, change.breaking ? "warn" : "notice")]);
  if (run.usage) lines.push(usageLine(run.usage));
  if (run.counts && run.counts.byRule.length > 0) {
    lines.push([
      cell(
        `  rejected by rule: ${run.counts.byRule.map(([rule, count]) => `${rule} ${n(count)}`).join(", ")}`,
        "warn",
      ),
    ]);
  }
  return lines;
}

/** What Athena scanned and billed for a run: `  Athena: 12 queries, 1.2 GiB scanned · $0.0059 (…)`. */
export function usageLine(usage: EngineUsage): Line {
  return [
    cell(`  Athena: ${plural(usage.queries, "query", "queries")}, `),
    cell(`${humanBytes(usage.scannedBytes)} scanned`, "accent"),
    cell(` · ${costText(usage.costUsd)}`),
    cell(" (Athena's statistics: billed by the MiB, 10 MiB at least per query)", "dim"),
  ];
}

export function resultLines(result: PromotionResult): string[] {
  return resultCells(result).map(lineText);
}

/** What a promotion will do, before it runs: the tables, the engine, the inputs and their bytes, the spec. */
export function planCells(plan: PromotionPlan, target: PromotionTarget): Line[] {
  const { run } = plan;
  const bytes = run.inputs.reduce((sum, i) => sum + i.bytes, 0);
  const spec = target.silver
    ? `${plural(target.silver.columns.length, "column")}, ${plural(target.silver.rules.length, "rule")}${target.silver.dedupe ? `, latest ${target.silver.dedupe.latest} per ${target.silver.dedupe.keys.join(", ")}` : ""}`
    : target.gold
      ? target.gold.sql !== undefined
        ? "its own SELECT"
        : `${plural(target.gold.measures.length, "measure")} by ${target.gold.groupBy.map((g) => g.name).join(", ") || "nothing"}`
      : "";
  const outputs = target.silver ? `${run.target} and ${run.target}__rejects` : run.target;
  return [
    [cell(`promote ${run.sources.join(" + ")} → ${run.target} with ${run.engine}`, "accent")],
    [
      cell(
        `  read ${plural(run.inputs.length, "partition")} (${humanBytes(bytes)}) new or changed${plan.unchanged ? `; ${n(plan.unchanged)} unchanged left out` : ""}`,
      ),
    ],
    [cell(`  spec: ${spec}`, "dim")],
    [
      cell(
        `  writes ${outputs}: staged, then committed partition by partition (run journal in _medallion/runs/)`,
      ),
    ],
  ];
}

/** The runs as rows: the words of `medallion runs` (the tables read are in a run's detail). */
export function runsTable(runs: PromotionRun[]): Table {
  const tone = (run: PromotionRun) =>
    run.state === "committed" ? "ok" : run.state === "running" ? "warn" : ("dim" as const);
  return {
    columns: [
      // Ids and states are never cut (a run is resumed by its id); at 80 columns started and took give way.
      { title: "run", min: 23 },
      { title: "state", min: 11 },
      { title: "table", cut: "middle", min: 20, max: 60 },
      { title: "counts", min: 22, max: 70 },
      { title: "started", min: 19 },
      { title: "took", align: "right" },
    ],
    rows: runs.map((run) => [
      cell(run.id),
      cell(run.state, tone(run)),
      cell(run.target),
      cell(run.counts ? countsLine(run) : "", (run.counts?.rejected ?? 0) > 0 ? "warn" : undefined),
      cell(run.createdAt.replace("T", " ").slice(0, 19), "dim"),
      cell(duration(run), "dim"),
    ]),
  };
}

/** One line per run: id, state, target and sources, counts, when. */
export function runLine(run: PromotionRun): string {
  const when = run.createdAt.replace("T", " ").slice(0, 19);
  const took = duration(run);
  return `${run.id}  ${run.state.padEnd(11)}  ${run.target} ← ${run.sources.join(" + ")}  ${run.counts ? countsLine(run) : ""}  ${when}${took ? ` (${took})` : ""}`;
}

/** A run in full: its steps as the journal records them. */
export function runCells(run: PromotionRun): Line[] {
  const lines: Line[] = [
    [cell(runLine(run), run.state === "running" ? "warn" : undefined)],
    // An ingest's inputs are raw files (src/ingest), a promotion's the partitions of its sources.
    [
      cell(
        `  inputs: ${plural(run.inputs.length, run.layer === "bronze" ? "file" : "partition")} of ${run.sources.join(", ")}`,
      ),
    ],
  ];
  for (const out of run.outputs)
    lines.push([cell(`  output ${out.path}: ${plural(out.partitions.length, "partition")}`)]);
  if (run.usage) lines.push(usageLine(run.usage));
  for (const change of run.schemaChanges ?? [])
    lines.push([cell(`  schema: ${changeLine(change)}`, change.breaking ? "warn" : "notice")]);
  const last = run.steps.at(-1);
  lines.push([
    cell(
      `  steps: ${plural(run.steps.filter((s) => s.state === "done").length, "step")} done${last ? `, last: ${last.step} ${last.state}` : ""}`,
      "dim",
    ),
  ]);
  if (run.state === "running") {
    lines.push([
      cell(
        `  unfinished: \`medallion runs resume ${run.id}\` finishes it, \`medallion runs rollback ${run.id}\` undoes it`,
        "accent",
      ),
    ]);
  }
  return lines;
}

export function runLines(run: PromotionRun): string[] {
  return runCells(run).map(lineText);
}

/** The stable JSON of a result. */
export function resultJson(result: PromotionResult) {
  const { run } = result;
  return {
    id: result.upToDate || result.dryRun ? null : run.id,
    dryRun: result.dryRun,
    upToDate: result.upToDate,
    target: run.target,
    sources: run.sources,
    engine: run.engine,
    state: result.dryRun || result.upToDate ? null : run.state,
    inputs: run.inputs.length,
    unchanged: result.unchanged,
    counts: run.counts ?? null,
    schemaChanges: run.schemaChanges ?? [],
    usage: run.usage ?? null,
    outputs: run.outputs.map((out) => ({
      table: out.path,
      role: out.role,
      partitions: out.partitions.map((p) => ({
        partition: p.path,
        rows: p.rows,
        ...(p.fresh === undefined ? {} : { fresh: p.fresh, kept: p.kept, deduplicated: p.deduplicated }),
        files: p.stagedKeys.length,
        bytes: p.bytes,
      })),
    })),
  };
}

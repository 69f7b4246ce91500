import { humanDuration, plural } from "../lake/human.js";
import { changeLine } from "./evolution.js";
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

export function resultLines(result: PromotionResult): string[] {
  const { run } = result;
  const from = run.sources.join(" + ");
  if (result.upToDate) {
    return [
      `${run.target} is up to date: ${plural(result.unchanged, "partition")} of ${from} unchanged since its last run (give --partitions to promote some again)`,
    ];
  }
  const head = result.dryRun
    ? `dry run: ${from} → ${run.target} with ${run.engine}, nothing written`
    : `promoted ${from} → ${run.target} with ${run.engine} in ${duration(run)} (run ${run.id})`;
  const lines = [
    head,
    `  read ${plural(run.inputs.length, "partition")}${result.unchanged ? ` (${n(result.unchanged)} unchanged left out)` : ""}; ${countsLine(run)}`,
  ];
  for (const out of run.outputs) {
    const written = out.partitions.filter((p) => p.rows > 0 || p.stagedKeys.length > 0);
    const emptied = out.partitions.length - written.length;
    const rows = out.partitions.reduce((sum, p) => sum + p.rows, 0);
    lines.push(
      `  ${out.path}: ${plural(written.length, "partition")}, ${plural(rows, "row")}${emptied ? `, ${plural(emptied, "partition")} emptied` : ""}`,
    );
  }
  for (const change of run.schemaChanges ?? []) lines.push(`  schema: ${changeLine(change)}`);
  if (run.counts && run.counts.byRule.length > 0) {
    lines.push(
      `  rejected by rule: ${run.counts.byRule.map(([rule, count]) => `${rule} ${n(count)}`).join(", ")}`,
    );
  }
  return lines;
}

/** One line per run: id, state, target and sources, counts, when. */
export function runLine(run: PromotionRun): string {
  const when = run.createdAt.replace("T", " ").slice(0, 19);
  const took = duration(run);
  return `${run.id}  ${run.state.padEnd(11)}  ${run.target} ← ${run.sources.join(" + ")}  ${run.counts ? countsLine(run) : ""}  ${when}${took ? ` (${took})` : ""}`;
}

/** A run in full: its steps as the journal records them. */
export function runLines(run: PromotionRun): string[] {
  const lines = [
    runLine(run),
    `  inputs: ${plural(run.inputs.length, "partition")} of ${run.sources.join(", ")}`,
  ];
  for (const out of run.outputs)
    lines.push(`  output ${out.path}: ${plural(out.partitions.length, "partition")}`);
  const last = run.steps.at(-1);
  lines.push(
    `  steps: ${plural(run.steps.filter((s) => s.state === "done").length, "step")} done${last ? `, last: ${last.step} ${last.state}` : ""}`,
  );
  if (run.state === "running") {
    lines.push(
      `  unfinished: \`medallion runs resume ${run.id}\` finishes it, \`medallion runs rollback ${run.id}\` undoes it`,
    );
  }
  return lines;
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

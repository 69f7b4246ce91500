import { Box, Text } from "ink";
import { useState } from "react";
import { planCells, resultCells } from "../../src/promote/render.js";
import { cell, type Line } from "../../src/render/cell.js";
import { useLake } from "../context.js";
import { useScreenKeys } from "../screen-keys.js";
import type { ScreenProps } from "../screens/registry.js";
import { Spinner } from "../widgets/spinner.js";
import { ToneLine } from "../widgets/tone-line.js";
import {
  committingBindings,
  confirmBindings,
  type PromoteAction,
  planBindings,
  resultBindings,
  runningBindings,
  stoppingBindings,
} from "./keys.js";
import { usePromotion } from "./use-promotion.js";

/** `replace 3/30` → a bar for the step's share done; other statuses have none. */
export function progressBar(status: string, width: number): string | undefined {
  const m = /^(.*?)\s*(\d+)\/(\d+)$/.exec(status);
  if (!m) return undefined;
  const done = Number(m[2]);
  const total = Math.max(1, Number(m[3]));
  const cells = Math.max(4, Math.min(30, width - status.length - 6));
  const full = Math.round((cells * Math.min(done, total)) / total);
  return `[${"█".repeat(full)}${"░".repeat(cells - full)}] ${status}`;
}

/**
 * `P` on a table (or partition): the plan (inputs, engine, spec, outputs), `n` a dry run, Enter asks and
 * runs with a progress bar per step (Esc or Ctrl-C stops it before the commit), then the result in
 * `medallion promote`'s words; `x` opens the rejects table, `R` the run journal.
 */
export function PromoteScreen({ params, width, height, nav }: ScreenProps) {
  const { source, theme } = useLake();
  const table = (params.table ?? "").replace(/\/+$/, "");
  const { plan, run, start, stop, reset } = usePromotion(table, params.partitions);
  const [asking, setAsking] = useState(false);
  const readOnly = source.header.readOnly;

  const onAction = (action: PromoteAction) => {
    switch (action) {
      case "run":
        if (readOnly)
          return nav.notify("read-only: promoting would write; drop --read-only to promote", "error");
        return setAsking(true);
      case "dryRun":
        return start(true);
      case "confirm":
        setAsking(false);
        return start(false);
      case "cancel":
        return setAsking(false);
      case "rejects":
        if (plan.status === "loading")
          return nav.notify("still planning: the rejects table is known in a moment");
        if (plan.status === "done" && plan.value.target.silver)
          return nav.open("browser", { path: `${plan.value.target.target}__rejects` });
        return nav.notify("no rejects table: a gold promotion rejects no rows");
      case "runs":
        return nav.open("runs", {});
      case "stop":
        if (!stop()) nav.notify("committing: a commit is finished, not stopped halfway; it ends in a moment");
        return;
      case "back":
        if (run.phase === "done" || run.phase === "failed") return reset();
        return nav.back();
    }
  };
  const bindings =
    run.phase === "running"
      ? run.stopping
        ? stoppingBindings
        : run.committing
          ? committingBindings
          : runningBindings
      : run.phase === "done" && !run.result.dryRun
        ? resultBindings
        : asking
          ? confirmBindings
          : planBindings;
  useScreenKeys(bindings, onAction);

  const title = (
    <Text bold wrap="truncate-end">
      Promote · {table}
      {params.partitions ? <Text color={theme.muted}> · {params.partitions}</Text> : null}
    </Text>
  );
  const lines: Line[] = [];
  if (plan.status === "error") lines.push([cell(plan.error, "error")]);
  if (plan.status === "done") {
    lines.push(...planCells(plan.value.plan, plan.value.target));
    if (plan.value.plan.run.inputs.length === 0)
      lines.push([cell(`  nothing new or changed since the last run of ${plan.value.target.target}`, "ok")]);
  }
  if (asking && plan.status === "done") {
    const n = plan.value.plan.run.inputs.length;
    lines.push(
      [],
      [
        cell(
          `Promote now? It writes ${plan.value.target.target} from ${n} input partition${n === 1 ? "" : "s"}: y or Enter promotes, n or Esc cancels`,
          "accent",
        ),
      ],
    );
  }
  if (run.phase === "done") lines.push([], ...resultCells(run.result));
  if (run.phase === "failed" && !run.stopped) lines.push([], [cell(run.error, "error")]);
  if (run.phase === "failed" && run.stopped) {
    // A stop says what stopped, what it had scanned and where the run is: one clause a line, to be read whole.
    lines.push([], ...run.error.split("; ").map((clause) => [cell(clause, "warn")]));
    if (/^run \S+ is (unfinished|staged)/m.test(run.error.replaceAll("; ", "\n")))
      lines.push([cell("R opens the runs: u resumes it, B rolls it back", "dim")]);
  }
  return (
    <Box flexDirection="column" width={width} height={height}>
      {title}
      {plan.status === "loading" ? <Spinner label={`planning ${table}…`} /> : null}
      {lines.slice(0, Math.max(0, height - 2)).map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines are rebuilt whole on each change
        <ToneLine key={i} line={line} />
      ))}
      {run.phase === "running" ? (
        <>
          <Text> </Text>
          <Spinner
            label={`${run.stopping ? "stopping: " : ""}${progressBar(run.status, width) ?? `${run.dryRun ? "dry run: " : ""}${run.status}`}`}
          />
        </>
      ) : null}
    </Box>
  );
}

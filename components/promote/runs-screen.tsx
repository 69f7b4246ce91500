import { Box, Text } from "ink";
import { useEffect, useRef, useState } from "react";
import { errorLine, MedallionError } from "../../src/errors.js";
import type { PromotionRun } from "../../src/promote/index.js";
import { runCells, runsTable } from "../../src/promote/render.js";
import { cell } from "../../src/render/cell.js";
import { layoutTable } from "../../src/render/table.js";
import { useLake } from "../context.js";
import { useLoad } from "../hooks/use-preview.js";
import { useScreenKeys } from "../screen-keys.js";
import type { ScreenProps } from "../screens/registry.js";
import { Grid } from "../widgets/grid.js";
import { Spinner } from "../widgets/spinner.js";
import { ToneLine } from "../widgets/tone-line.js";
import { type Motion, move, moveTo } from "../widgets/window.js";
import {
  type RunsAction,
  runBindings,
  runConfirmBindings,
  runFinishingBindings,
  runStoppingBindings,
  runsBindings,
  runWorkingBindings,
  unfinishedRunBindings,
} from "./keys.js";

const motions: Partial<Record<RunsAction, Motion>> = {
  up: "up",
  down: "down",
  pageUp: "pageUp",
  pageDown: "pageDown",
  first: "first",
  last: "last",
};

/** `:runs`: the promotion runs (newest first) in `medallion runs`' words; Enter shows one run's journal. */
export function RunsScreen({ params, width, height, nav }: ScreenProps) {
  const { source } = useLake();
  const [reload, setReload] = useState(0);
  const [win, setWin] = useState({ top: 0, cursor: 0 });
  const runs = useLoad(async () => {
    const [lake, promotion] = await Promise.all([source.lake?.(), import("../../src/promote/index.js")]);
    if (!lake)
      throw new MedallionError(
        "not-yet",
        "not yet: the runs screen needs an opened lake (this app has none)",
      );
    return (await promotion.listRuns(lake.store)).slice().reverse();
  }, [source, reload]);
  const list: PromotionRun[] = runs.status === "done" ? runs.value : [];
  const shown = params.run ? list.find((r) => r.id === params.run) : undefined;
  // Resume or roll back: asked first, then its progress, then the list read again.
  const [asking, setAsking] = useState<"resume" | "rollback" | undefined>();
  const [working, setWorking] = useState<string | undefined>();
  // A resume until its commit begins can be stopped (Esc, Ctrl-C); a commit or a rollback goes to its end.
  const stoppable = useRef<AbortController | undefined>(undefined);
  const [stopping, setStopping] = useState(false);
  // Why the last resume or rollback ended early, one clause a line (a stop says what it had scanned).
  const [ended, setEnded] = useState<{ id: string; error: string; stopped: boolean } | undefined>();
  useEffect(() => () => stoppable.current?.abort(new Error("left the runs screen")), []);
  const act = (verb: "resume" | "rollback", id: string) => {
    setWorking(verb === "resume" ? "resuming…" : "rolling back…");
    setEnded(undefined);
    const control = new AbortController();
    stoppable.current = verb === "resume" ? control : undefined;
    (async () => {
      const [lake, promotion] = await Promise.all([source.lake?.(), import("../../src/promote/index.js")]);
      if (!lake) throw new MedallionError("not-yet", "not yet: the runs screen needs an opened lake");
      return verb === "resume"
        ? promotion.resumeRun(lake, id, {
            signal: control.signal,
            onCommit: () => {
              stoppable.current = undefined;
            },
            onProgress: (status) => setWorking(status),
          })
        : promotion.rollback(lake, id);
    })()
      .then(
        (run) => nav.notify(`run ${run.id} is ${run.state}`),
        (err) => {
          setEnded({ id, error: errorLine(err), stopped: control.signal.aborted });
          nav.notify(errorLine(err), "error");
        },
      )
      .finally(() => {
        stoppable.current = undefined;
        setStopping(false);
        setWorking(undefined);
        setReload((n) => n + 1);
      });
  };
  const visible = Math.max(1, height - 3);
  const view = moveTo(win, win.cursor, list.length, visible);

  const onAction = (action: RunsAction) => {
    if (action === "stop" && working) {
      if (!stoppable.current)
        return nav.notify("a commit or a rollback is finished, not stopped halfway; it ends in a moment");
      stoppable.current.abort(new Error("stopped"));
      return setStopping(true);
    }
    if (working) return;
    if (shown && (action === "resume" || action === "rollback")) {
      if (source.header.readOnly)
        return nav.notify(
          `read-only: ${action === "resume" ? "resuming" : "rolling back"} would write; drop --read-only`,
          "error",
        );
      return setAsking(action);
    }
    if (action === "confirm" && shown && asking) {
      setAsking(undefined);
      return act(asking, shown.id);
    }
    if (action === "cancel") return setAsking(undefined);
    const motion = motions[action];
    if (motion && !shown) return setWin(move(view, motion, list.length, visible));
    if (action === "refresh") return setReload((n) => n + 1);
    if (action === "open" && !shown) {
      const run = list[view.cursor];
      if (run) nav.open("runs", { run: run.id });
      return;
    }
    if (action === "back") nav.back();
  };
  const bindings = !shown
    ? runsBindings
    : asking
      ? runConfirmBindings
      : working
        ? stopping
          ? runStoppingBindings
          : stoppable.current
            ? runWorkingBindings
            : runFinishingBindings
        : shown.state === "running"
          ? unfinishedRunBindings
          : runBindings;
  useScreenKeys(bindings, onAction);

  const title = (
    <Text bold wrap="truncate-end">
      Runs{shown ? ` · ${shown.id}` : ""}
    </Text>
  );
  if (runs.status !== "done") {
    return (
      <Box flexDirection="column" width={width} height={height}>
        {title}
        {runs.status === "loading" ? (
          <Spinner label="reading run journals…" />
        ) : (
          <ToneLine line={[cell(runs.error, "error")]} />
        )}
      </Box>
    );
  }
  if (params.run) {
    const lines = shown ? runCells(shown) : [[cell(`no run ${params.run} in _medallion/runs/`, "error")]];
    if (shown && asking) {
      const what =
        asking === "resume"
          ? `Resume run ${shown.id}? It finishes the promotion of ${shown.target} from the step it stopped at`
          : `Roll back run ${shown.id}? It puts back the old version of ${shown.target} and drops what the run staged`;
      lines.push([], [cell(`${what}: y or Enter, n or Esc cancels`, "accent")]);
    }
    if (working) lines.push([], [cell(`${stopping ? "stopping: " : ""}${working}`, "accent")]);
    if (!working && shown && ended?.id === shown.id)
      lines.push(
        [],
        ...ended.error.split("; ").map((clause) => [cell(clause, ended.stopped ? "warn" : "error")]),
      );
    return (
      <Box flexDirection="column" width={width} height={height}>
        {title}
        {lines.slice(0, height - 1).map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a run's lines are fixed once read
          <ToneLine key={i} line={line} />
        ))}
      </Box>
    );
  }
  if (list.length === 0) {
    return (
      <Box flexDirection="column" width={width} height={height}>
        {title}
        <ToneLine line={[cell("no promotion runs yet", "dim")]} />
      </Box>
    );
  }
  const layout = layoutTable(runsTable(list), width, { gap: 1 });
  const slice = list.slice(view.top, view.top + visible);
  const table = runsTable(slice);
  const columns = table.columns.map((c, i) => ({ ...c, width: layout.widths[i] ?? 0 }));
  return (
    <Box flexDirection="column" width={width} height={height}>
      {title}
      <Grid
        columns={columns}
        rows={slice.map((r, i) => ({ key: r.id, cells: table.rows[i] ?? [] }))}
        selected={view.cursor - view.top}
        width={width}
        height={visible + 1}
      />
    </Box>
  );
}

import { Box, Text } from "ink";
import { useEffect, useMemo, useState } from "react";
import { errorLine } from "../../src/errors.js";
import { humanCount } from "../../src/lake/human.js";
import { layoutTable } from "../../src/render/table.js";
import { fitText } from "../../src/render/text.js";
import type { PartitionStatus, SyncPlan, SyncProgress, SyncResult } from "../../src/sync/index.js";
import { countsText, diffRowsTable } from "../../src/sync/render.js";
import { useLake } from "../context.js";
import { useFilterInput } from "../hooks/use-filter-input.js";
import type { KeyBinding } from "../keys.js";
import { useScreenKeys } from "../screen-keys.js";
import type { ScreenDefinition, ScreenProps } from "../screens/registry.js";
import { Grid } from "../widgets/grid.js";
import { Spinner } from "../widgets/spinner.js";
import { type Motion, move, moveTo } from "../widgets/window.js";
import {
  confirmBindings,
  type DiffScreenAction,
  diffBindings,
  diffFilterBindings,
  resultBindings,
  runningBindings,
} from "./keys.js";
import { classLabel, diffRows, nextClass } from "./render.js";
import { useSync } from "./source.js";
import { ConfirmPanel, ProgressPanel, ResultPanel } from "./sync-panel.js";
import { useTableDiff } from "./use-table-diff.js";

type Mode =
  | { kind: "list" }
  | { kind: "confirm"; dropStale: boolean; plan: SyncPlan }
  | { kind: "running"; progress?: SyncProgress }
  | { kind: "result"; result: SyncResult };

const motions: Partial<Record<DiffScreenAction, Motion>> = {
  up: "up",
  down: "down",
  pageUp: "pageUp",
  pageDown: "pageDown",
  first: "first",
  last: "last",
};

/** Lines around the rows: title, counts, findings line, grid header, status. */
const CHROME = 5;

/** One table's diff: counts by class, then the partitions (filterable); `s` plans, confirms and syncs. */
export function DiffScreen({ params, width, height, nav }: ScreenProps) {
  const { theme } = useLake();
  const sync = useSync();
  const path = params.path;
  const [reload, setReload] = useState(0);
  const loaded = useTableDiff(path, reload, params.fresh === "yes");
  const [status, setStatus] = useState<PartitionStatus | undefined>();
  const [win, setWin] = useState({ top: 0, cursor: 0 });
  const { filter, setFilter, typing, setTyping, clear, onText, label } = useFilterInput("", () =>
    setWin({ top: 0, cursor: 0 }),
  );
  const [mode, setMode] = useState<Mode>({ kind: "list" });
  const [wantsSync, setWantsSync] = useState(params.sync === "yes");
  const diff = loaded.diff;
  const rows = useMemo(() => (diff ? diffRows(diff, status, filter) : []), [diff, status, filter]);
  const visible = Math.max(1, height - CHROME);
  const view = moveTo(win, win.cursor, rows.length, visible);

  const confirm = (dropStale: boolean) => {
    if (!sync || !diff) return;
    if (sync.source.readOnly)
      return nav.notify("read-only mode: sync refused (drop --read-only to allow it)", "error");
    setMode({ kind: "confirm", dropStale, plan: sync.source.plan(diff, dropStale) });
  };

  // Opened with `s` from the browser: straight to the confirmation once the diff is in.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the diff arrives
  useEffect(() => {
    if (wantsSync && loaded.status === "done" && diff) {
      setWantsSync(false);
      confirm(false);
    }
  }, [wantsSync, loaded.status, diff]);

  const apply = (plan: SyncPlan) => {
    if (!sync) return;
    setMode({ kind: "running" });
    sync.source
      .apply(plan, (progress) => setMode({ kind: "running", progress }))
      .then(
        (result) => setMode({ kind: "result", result }),
        (err: unknown) => {
          nav.notify(errorLine(err), "error");
          setMode({ kind: "list" });
        },
      );
  };

  const onAction = (action: DiffScreenAction) => {
    if (mode.kind === "confirm") {
      if (action === "apply") return apply(mode.plan);
      if (action === "dropStale") return confirm(!mode.dropStale);
      if (action === "cancel") return setMode({ kind: "list" });
      return;
    }
    if (mode.kind === "result") {
      if (action === "done") {
        setMode({ kind: "list" });
        setReload((n) => n + 1);
      }
      return;
    }
    if (mode.kind === "running") return;
    const motion = motions[action];
    if (motion) return setWin(move(view, motion, rows.length, visible));
    switch (action) {
      case "sync":
        return confirm(false);
      case "classes":
        setWin({ top: 0, cursor: 0 });
        return setStatus(nextClass(status));
      case "filter":
        return setTyping(true);
      case "filterDone":
        return setTyping(false);
      case "filterClear":
        return clear();
      case "refresh":
        return setReload((n) => n + 1);
      case "back":
        if (filter) return setFilter("");
        return nav.back();
    }
  };

  const bindings: readonly KeyBinding<DiffScreenAction>[] =
    mode.kind === "confirm"
      ? confirmBindings
      : mode.kind === "running"
        ? runningBindings
        : mode.kind === "result"
          ? resultBindings
          : typing
            ? diffFilterBindings
            : diffBindings;
  useScreenKeys(bindings, onAction, mode.kind === "list" && typing ? onText : undefined);

  if (!sync) {
    return (
      <Text color={theme.error}>not yet: this app was started without a catalog (sync is unavailable)</Text>
    );
  }
  if (!path)
    return <Text color={theme.error}>no table given: open the diff from a table in the browser</Text>;

  const title = diff
    ? `${path} → ${diff.table.database}.${diff.table.name} (${sync.source.catalogKind} catalog)`
    : path;
  const slice = rows.slice(view.top, view.top + visible);
  const table = diffRowsTable(slice);
  const layout = layoutTable(table, width, { gap: 1 });
  const columns = table.columns.map((c, i) => ({ ...c, width: layout.widths[i] ?? 0 }));
  const selectedIndex = mode.kind === "list" ? view.cursor - view.top : undefined;

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        {fitText(title, width)}
      </Text>
      {loaded.status === "loading" ? (
        <Spinner
          label={`reading… ${humanCount(loaded.found.storage)} in storage, ${humanCount(loaded.found.catalog)} in the catalog`}
        />
      ) : loaded.status === "error" ? (
        <Text color={theme.error} wrap="truncate-end">
          {loaded.error}
        </Text>
      ) : diff ? (
        <Text wrap="truncate-end">
          {countsText(diff, status)}
          <Text color={theme.muted}>
            {"  "}showing {classLabel(status)}
            {label}
          </Text>
        </Text>
      ) : (
        <Text> </Text>
      )}
      <Text color={theme.warn} wrap="truncate-end">
        {diff && diff.tableIssues.length > 0 ? `! ${diff.tableIssues.join(" · ")}` : " "}
      </Text>
      {mode.kind === "confirm" ? (
        <ConfirmPanel plan={mode.plan} width={width} catalog={sync.source.catalogKind} />
      ) : mode.kind === "running" ? (
        <ProgressPanel progress={mode.progress} width={width} />
      ) : mode.kind === "result" ? (
        <ResultPanel result={mode.result} width={width} height={height - 3} />
      ) : (
        <Grid
          columns={columns}
          rows={slice.map((e, i) => ({ key: `${e.status}:${e.name}`, cells: table.rows[i] ?? [] }))}
          selected={selectedIndex}
          width={width}
          height={visible + 1}
        />
      )}
      <Text color={theme.muted} wrap="truncate-end">
        {diff && mode.kind === "list" && rows.length === 0
          ? filter
            ? "nothing matches the filter"
            : "nothing in this class"
          : " "}
      </Text>
    </Box>
  );
}

export const diffScreen: ScreenDefinition = {
  id: "diff",
  title: "Catalog diff",
  bindings: [...diffBindings, ...confirmBindings, ...resultBindings],
  component: DiffScreen,
  paletteParams: (argument) => ({ path: argument }),
};

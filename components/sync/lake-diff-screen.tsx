import { Box, Text } from "ink";
import { useMemo, useState } from "react";
import { humanCount, plural } from "../../src/lake/human.js";
import { layoutTable } from "../../src/render/table.js";
import { isInSync } from "../../src/sync/diff.js";
import type { PartitionDiff } from "../../src/sync/index.js";
import { lakeDiffTable } from "../../src/sync/render.js";
import { useLake } from "../context.js";
import { useLoad } from "../hooks/use-load.js";
import { useScreenKeys } from "../screen-keys.js";
import type { ScreenDefinition, ScreenProps } from "../screens/registry.js";
import { Grid } from "../widgets/grid.js";
import { Spinner } from "../widgets/spinner.js";
import { type Motion, move, moveTo } from "../widgets/window.js";
import { type LakeDiffAction, lakeDiffBindings } from "./keys.js";
import { useSync } from "./source.js";

const motions: Partial<Record<LakeDiffAction, Motion>> = {
  up: "up",
  down: "down",
  first: "first",
  last: "last",
};

/** Lines around the rows: title, grid header, status. */
const CHROME = 3;

/** Every table of the lake against the catalog; out-of-step ones by default, Enter opens one's diff. */
export function LakeDiffScreen({ width, height, nav }: ScreenProps) {
  const { theme } = useLake();
  const sync = useSync();
  const [reload, setReload] = useState(0);
  const [diffs, setDiffs] = useState<PartitionDiff[]>([]);
  const [all, setAll] = useState(false);
  const [win, setWin] = useState({ top: 0, cursor: 0 });

  // The diffs stream in a table at a time; the load says when they are all in, or why not.
  const state = useLoad(
    async (signal) => {
      setDiffs([]);
      if (!sync) return;
      await sync.source.diffLake({
        signal,
        onTable: (diff) => {
          if (signal.aborted) return;
          sync.cache.set(diff.table.path, diff);
          setDiffs((d) => [...d, diff].sort((a, b) => (a.table.path < b.table.path ? -1 : 1)));
        },
      });
    },
    [sync, reload],
  );

  const rows = useMemo(() => (all ? diffs : diffs.filter((d) => !isInSync(d))), [diffs, all]);
  const visible = Math.max(1, height - CHROME);
  const view = moveTo(win, win.cursor, rows.length, visible);

  const onAction = (action: LakeDiffAction) => {
    const motion = motions[action];
    if (motion) return setWin(move(view, motion, rows.length, visible));
    switch (action) {
      case "open": {
        const diff = rows[view.cursor];
        if (diff) nav.open("diff", { path: diff.table.path });
        return;
      }
      case "all":
        setWin({ top: 0, cursor: 0 });
        return setAll((a) => !a);
      case "refresh":
        return setReload((n) => n + 1);
      case "back":
        return nav.back();
    }
  };
  useScreenKeys(lakeDiffBindings, onAction);

  if (!sync) {
    return (
      <Text color={theme.error}>not yet: this app was started without a catalog (sync is unavailable)</Text>
    );
  }
  const outOfSync = diffs.filter((d) => !isInSync(d)).length;
  const summary = `${plural(diffs.length, "table")} read, ${humanCount(outOfSync)} out of sync${all ? "" : " (a shows all)"}`;
  const slice = rows.slice(view.top, view.top + visible);
  // Widths from every row read (not the page), so scrolling does not move the columns.
  const layout = layoutTable(lakeDiffTable(rows), width, { gap: 1 });
  const table = lakeDiffTable(slice);
  const columns = table.columns.map((c, i) => ({ ...c, width: layout.widths[i] ?? 0 }));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold wrap="truncate-end">
        Catalog vs storage, lake-wide<Text color={theme.muted}> · {summary}</Text>
      </Text>
      <Grid
        columns={columns}
        rows={slice.map((d, i) => ({ key: d.table.path, cells: table.rows[i] ?? [] }))}
        selected={view.cursor - view.top}
        width={width}
        height={visible + 1}
      />
      {state.status === "loading" ? (
        <Spinner label={`diffing tables… ${diffs.length} done`} />
      ) : state.status === "error" ? (
        <Text color={theme.error} wrap="truncate-end">
          {state.error}
        </Text>
      ) : (
        <Text color={theme.muted}>{rows.length === 0 ? "every table is in sync with the catalog" : " "}</Text>
      )}
    </Box>
  );
}

export const lakeDiffScreen: ScreenDefinition = {
  id: "catalog",
  title: "Catalog (lake-wide diff)",
  bindings: lakeDiffBindings,
  component: LakeDiffScreen,
};

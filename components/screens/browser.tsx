import { Box, Text } from "ink";
import { useEffect, useMemo, useState } from "react";
import { anomalyFlag, humanCount } from "../../src/lake/human.js";
import { entryName, listingShape } from "../../src/lake/render.js";
import { fitText } from "../../src/render/text.js";
import { copyNotice } from "../clipboard.js";
import { useLake } from "../context.js";
import { useEntries } from "../hooks/use-entries.js";
import { useFilterInput } from "../hooks/use-filter-input.js";
import { entryLayout, entryRowCells, levelCount } from "../render/entry-row.js";
import { breadcrumb, listingLevel, parentPath } from "../render/lake-paths.js";
import {
  filterEntries,
  nextSort,
  type SortKey,
  sortEntries,
  sortFromSetting,
  sortLabel,
  sortSetting,
} from "../render/list-order.js";
import { useScreenKeys } from "../screen-keys.js";
import { openSync, tableOfPath } from "../sync/open-sync.js";
import { Grid } from "../widgets/grid.js";
import { Spinner } from "../widgets/spinner.js";
import { type Motion, move, moveTo } from "../widgets/window.js";
import { useBadges, withBadgeRows } from "./browser-badges.js";
import {
  type BrowserAction,
  browserBindings,
  browserBindingsFor,
  browserFilterBindings,
} from "./browser-keys.js";
import type { ScreenDefinition, ScreenProps } from "./registry.js";

const motions: Partial<Record<BrowserAction, Motion>> = {
  up: "up",
  down: "down",
  pageUp: "pageUp",
  pageDown: "pageDown",
  first: "first",
  last: "last",
};

const LAKE_KINDS = new Set(["layer", "tenant", "domain", "table", "partition"]);

/** Lines the browser draws around its rows: title, grid header, status line. */
const CHROME = 3;

/** layers → domains → tables → partitions → files, one level at a time, streamed and virtualised. */
export function Browser({ params, width, height, nav }: ScreenProps) {
  const { source, theme, clipboard, settings } = useLake();
  const path = params.path ?? "";
  const level = listingLevel(path);
  const [reload, setReload] = useState(0);
  const listing = useEntries(path, reload);
  // The sort this screen was left with (back from a preview), else the last one chosen at this level.
  const [initialSort] = useState(
    () =>
      sortFromSetting(params.sort && `${params.reversed === "yes" ? "-" : ""}${params.sort}`) ??
      sortFromSetting(settings.sortOf(level)) ?? { sort: "name" as SortKey, reversed: false },
  );
  // A table (or a partition of one) that lists something is a recent path the `:` palette offers.
  const listed = listing.entries.length > 0;
  useEffect(() => {
    if (listed && (level === "partition" || level === "file")) settings.rememberPath(path);
  }, [listed, level, path, settings]);
  const [sort, setSort] = useState<SortKey>(initialSort.sort);
  const [reversed, setReversed] = useState(initialSort.reversed);
  const { filter, setFilter, typing, setTyping, clear, onText, label } = useFilterInput(params.filter ?? "");
  // The cursor follows an entry (not an index), so rows streaming in above it do not move it.
  const [selected, setSelected] = useState<string | undefined>(params.select);
  const [top, setTop] = useState(0);

  const { columns: badges, rows: badgeRows } = useBadges(path, listing.entries);
  // Rows a badge adds (partitions only the catalog knows) sit among the listed ones.
  const entries = useMemo(() => withBadgeRows(listing.entries, badgeRows), [listing.entries, badgeRows]);
  const sorted = useMemo(() => sortEntries(entries, sort, reversed), [entries, sort, reversed]);
  const shape = useMemo(() => listingShape(listing.entries), [listing.entries]);
  const layout = entryLayout(width, shape, badges);
  const { columns, compact } = layout;
  // `/` matches the row as shown: partition values as drawn, the catalog state, the anomaly flag. The
  // names are worked out once per listing, not on every key typed into the filter.
  const filtering = filter.trim() !== "";
  const names = useMemo(
    () =>
      filtering
        ? new Map(
            entries.map((e) => [
              e,
              `${entryName(e, compact ? "values" : "columns")} ${anomalyFlag(e.anomalies)}`,
            ]),
          )
        : undefined,
    [entries, compact, filtering],
  );
  const rows = filterEntries(sorted, filter, (entry) =>
    badges.reduce((text, b) => `${text} ${b.cell(entry)?.text ?? ""}`, names?.get(entry) ?? ""),
  );
  const visible = Math.max(1, height - CHROME);
  // Until the user moves, the cursor rests on the first lake row (a layer at the root), not on the
  // tool's own _medallion folder or a stray file that sorts before it.
  const found =
    selected === undefined
      ? rows.findIndex((e) => LAKE_KINDS.has(e.kind))
      : rows.findIndex((e) => e.path === selected);
  const cursor = Math.max(found, 0);
  const win = moveTo({ top, cursor }, cursor, rows.length, visible);
  const current = rows[win.cursor];

  const go = (target: { top: number; cursor: number }) => {
    setTop(target.top);
    setSelected(rows[target.cursor]?.path);
  };

  // Before opening another screen on top, note the cursor, sort and filter in this one's params, so
  // coming back (Esc) shows the listing as it was left.
  const remember = () =>
    nav.replace("browser", {
      path,
      select: current?.path,
      sort,
      reversed: reversed ? "yes" : undefined,
      filter: filter || undefined,
    });

  const open = () => {
    if (!current) return;
    if (current.kind !== "file") return nav.replace("browser", { path: current.path });
    remember();
    nav.open("preview", { path: current.path });
  };

  const onAction = (action: BrowserAction) => {
    const motion = motions[action];
    if (motion) return go(move(win, motion, rows.length, visible));
    switch (action) {
      case "open":
        return open();
      case "preview":
        if (!current) return;
        remember();
        // On a table or partition the preview screen finds its first file.
        return nav.open(
          "preview",
          current.kind === "file" ? { path: current.path } : { path: current.path, first: "yes" },
        );
      case "back":
        if (filter) return setFilter("");
        if (path === "") return nav.back();
        return nav.replace("browser", { path: parentPath(path), select: path });
      case "filter":
        return setTyping(true);
      case "filterDone":
        return setTyping(false);
      case "filterClear":
        return clear();
      case "sort":
      case "reverse": {
        // A new order starts at its first row, and is the one this level opens with from now on.
        setTop(0);
        setSelected(undefined);
        const next = action === "reverse" ? sort : nextSort(sort);
        const nextReversed = action === "reverse" && !reversed;
        settings.rememberSort(level, sortSetting(next, nextReversed));
        setSort(next);
        return setReversed(nextReversed);
      }
      case "refresh":
        return setReload((n) => n + 1);
      case "diff":
      case "sync":
        remember();
        return openSync(nav, path, current, action === "sync");
      case "cost":
        // What is being browsed: the lake at the root (by layer; Enter drills down), else the layer or table.
        remember();
        return nav.open("cost", { path });
      case "promote": {
        // The table browsed (or under the cursor); on a partition row, that partition only.
        const table = tableOfPath(path) ?? (current?.kind === "table" ? current.path : undefined);
        if (!table) return nav.notify("P promotes a table: move onto one (or into it)", "error");
        const partition = current?.kind === "partition" ? current.path.slice(table.length + 1) : undefined;
        remember();
        return nav.open("promote", partition ? { table, partitions: partition } : { table });
      }
      case "query": {
        // The table browsed (or under the cursor); on a partition row, with its values in the WHERE.
        const table = tableOfPath(path) ?? (current?.kind === "table" ? current.path : undefined);
        if (!table) return nav.notify("Q queries a table: move onto one (or into it)", "error");
        remember();
        return nav.open("query", { path: current?.kind === "partition" ? current.path : table });
      }
      case "profile": {
        // The row under the cursor when it is a table, partition or file; else the table browsed.
        const target =
          current && current.kind !== "layer" && current.kind !== "domain" ? current.path : tableOfPath(path);
        if (!target) return nav.notify("a profiles a table, partition or file: move onto one", "error");
        remember();
        return nav.open("profile", { path: target });
      }
      case "copy": {
        if (!current) return;
        const uri = source.uri(current.path);
        return nav.notify(copyNotice(uri, clipboard(uri)));
      }
    }
  };

  const onTable = tableOfPath(path) !== undefined || current?.kind === "table";
  const bindings = typing ? browserFilterBindings : browserBindingsFor(onTable, source.header.readOnly);
  useScreenKeys(
    bindings,
    onAction,
    typing ? onText : undefined,
    // Keys typed ahead wait for the first rows, not for a long listing to finish.
    listing.status !== "loading" || listing.entries.length > 0,
  );

  const slice = rows.slice(win.top, win.top + visible);
  const count =
    rows.length === entries.length
      ? levelCount(rows.length, entries)
      : `${humanCount(rows.length)} of ${humanCount(entries.length)}`;
  const right = `${count} · ${sortLabel(sort, reversed)}${label}`;
  const title = breadcrumb(path);
  const titleWidth = Math.max(1, width - right.length - 1);

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        <Text bold>{fitText(title, titleWidth)}</Text> <Text color={theme.muted}>{right}</Text>
      </Text>
      <Grid
        columns={columns}
        rows={slice.map((entry) => ({ key: entry.path, cells: entryRowCells(entry, layout, badges) }))}
        selected={win.cursor - win.top}
        width={width}
        height={visible + 1}
      />
      <BrowserStatus
        loading={listing.status === "loading"}
        loaded={listing.entries.length}
        error={listing.error}
        empty={listing.status === "done" && rows.length === 0}
        filtered={filter !== ""}
        anomaly={current?.anomalies[0]?.message}
      />
    </Box>
  );
}

function BrowserStatus(props: {
  loading: boolean;
  loaded: number;
  error?: string;
  empty: boolean;
  filtered: boolean;
  anomaly?: string;
}) {
  const { theme } = useLake();
  if (props.error) {
    return (
      <Text color={theme.error} wrap="truncate-end">
        {props.error}
      </Text>
    );
  }
  if (props.loading) return <Spinner label={`loading… ${humanCount(props.loaded)} so far`} />;
  if (props.empty) {
    return (
      <Text color={theme.muted}>
        {props.filtered ? "nothing matches the filter (Esc clears it)" : "empty"}
      </Text>
    );
  }
  if (props.anomaly) {
    return (
      <Text color={theme.warn} wrap="truncate-end">
        ! {props.anomaly}
      </Text>
    );
  }
  return <Text> </Text>;
}

export const browserScreen: ScreenDefinition = {
  id: "browser",
  title: "Browser",
  bindings: [...browserBindings, ...browserFilterBindings.filter((b) => b.action.startsWith("filter"))],
  component: Browser,
  paletteParams: (argument) => ({ path: argument }),
};

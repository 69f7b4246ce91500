import { Text } from "ink";
import { type ReactNode, useRef, useState } from "react";
import { humanCount } from "../../src/lake/human.js";
import type { CellCache, WindowRow } from "../../src/preview/cell-cache.js";
import type { GridColumn as PreviewColumn } from "../../src/preview/grid.js";
import { pagePosition } from "../../src/preview/render.js";
import { matchesFilter, type SortDirection, sortedIndexes } from "../../src/preview/row-order.js";
import { MAX_CELL, shownColumns } from "../../src/render/table.js";
import { useLake } from "../context.js";
import { type Load, useCellWindow, useLoad } from "../hooks/use-preview.js";
import type { KeyBinding } from "../keys.js";
import { pageLeftOf, windowLayout, windowRows } from "../render/window-grid.js";
import type { ScreenKeys } from "../screen-keys.js";
import { Grid } from "../widgets/grid.js";
import { Spinner } from "../widgets/spinner.js";
import { RecordView, useRecord } from "./record-view.js";
import type { Navigator } from "./registry.js";
import { filterBindings, goToBindings, type RowsAction, recordBindings } from "./rows-keys.js";

/** Where the row cursor is, and the first row of the grid (positions in the rows shown). */
interface RowView {
  cursor: number;
  top: number;
}

interface RowSort {
  column: string;
  direction: SortDirection;
}

interface RowFilter {
  column: string;
  text: string;
  /** The prompt is open: keys go to the text. */
  typing: boolean;
}

const ARROW: Record<SortDirection, string> = { ascending: "↑", descending: "↓" };

export interface RowsGridOptions {
  cache: CellCache | undefined;
  /** The columns to show, in file order (the screen's column choice applied). */
  columns: PreviewColumn[];
  width: number;
  /** Lines of the pane: the grid's header and rows, or the record. */
  height: number;
  /** False while the screen shows something else: nothing is read. */
  active: boolean;
  nav: Navigator;
  /** `a` on a column; without it, `a` says it is not available here. */
  onProfile?: (column: string) => void;
}

export interface RowsGrid {
  /** The table of a mode that takes the keys (record, row number, filter prompt); undefined on the grid. */
  modal: readonly KeyBinding<RowsAction>[] | undefined;
  /** Rows are sorted or filtered: Esc puts them back in file order. */
  ordered: boolean;
  onAction: (action: RowsAction) => void;
  onText: ScreenKeys["onText"] | undefined;
  pane: ReactNode;
  position: string;
  /** After the columns were chosen again: back to the first. */
  resetColumns: () => void;
}

/**
 * A grid of rows read through a cell cache, shared by the preview and the query results: a row cursor,
 * a column cursor (its title inverse; `p` pins it), Enter for the record, `#` a row number, and `s` / `f`
 * to sort or filter the rows loaded so far by the column under the cursor, without a query.
 */
export function useRowsGrid(options: RowsGridOptions): RowsGrid {
  const { cache, columns: chosen, width, height: body, active, nav, onProfile } = options;
  const [view, setView] = useState<RowView>({ cursor: 0, top: 0 });
  const [firstColumn, setFirstColumn] = useState(0);
  // Undefined: the first column is pinned; `p` pins or unpins the current one, `P` unpins all.
  const [pinned, setPinned] = useState<string[] | undefined>();
  const [current, setCurrent] = useState<string | undefined>();
  // `w`: long values shown whole (up to the screen's width) instead of cut at MAX_CELL.
  const [wholeValues, setWholeValues] = useState(false);
  const [goTo, setGoTo] = useState<string | undefined>();
  const [record, setRecord] = useState<{ scroll: number } | undefined>();
  const [sort, setSort] = useState<RowSort | undefined>();
  const [filter, setFilter] = useState<RowFilter | undefined>();
  // The rows loaded when a sort or filter began: what it orders, however the cache changes after.
  const [loaded, setLoaded] = useState<number[] | undefined>();

  const pageSize = Math.max(1, body - 1);
  const pins = (pinned ?? chosen.slice(0, 1).map((c) => c.name)).filter((n) =>
    chosen.some((c) => c.name === n),
  );
  const ordered = [
    ...pins.map((n) => chosen.find((c) => c.name === n) as PreviewColumn),
    ...chosen.filter((c) => !pins.includes(c.name)),
  ];
  const names = ordered.map((c) => c.name);
  const frozen = 1 + pins.length;
  const column = Math.max(0, current === undefined ? 0 : names.indexOf(current));

  const order = useRowOrder(cache, loaded, sort, filter, chosen);
  const shownRows = loaded ? order.applied?.rows : undefined;
  // What the rows shown are ordered by (the keys may be a step ahead while the next order is worked out).
  const applied = order.applied;
  const total = shownRows ? shownRows.length : cache?.totalRows;
  const fileRow = (position: number) => (shownRows ? shownRows[position] : position);

  // The grid: widths from what is held (guessed until read), then only the columns on screen are read.
  const visible = shownRows?.slice(view.top, view.top + pageSize);
  const held: WindowRow[] = !cache
    ? []
    : visible
      ? visible.map(
          (i) => cache.window(i, 1, names)[0] ?? { index: i, cells: names.map(() => undefined), values: [] },
        )
      : cache.window(view.top, pageSize, names);
  const marks: Record<string, string> = applied?.sort
    ? { [applied.sort.column]: ARROW[applied.sort.direction] }
    : {};
  const layout = windowLayout(ordered, held, cache?.preview ?? {}, {
    top: visible ? (visible[0] ?? 0) : view.top,
    lastRow: Math.max(cache?.totalRows ?? 0, view.top + pageSize, ...(visible ?? [])),
    width,
    firstColumn,
    frozen,
    wholeValues,
    marks,
  });
  const { columns: gridColumns, shown, moreRight } = layout;
  const lastShown = shown[shown.length - 1] ?? 0;
  const reading = active && !record ? layout.read : [];
  const inOrder = useCellWindow(cache, view.top, pageSize, visible ? [] : reading);
  const outOfOrder = useRowsAt(cache, visible ?? [], visible ? reading : []);
  const rows = visible ? outOfOrder : inOrder;

  const recordRow = record ? fileRow(view.cursor) : undefined;
  const recordView = useRecord(cache, recordRow, chosen, record?.scroll ?? 0, width, body);

  /** Moves the cursor to `row` (clamped to the rows that exist), the grid following it. */
  const moveTo = (row: (v: RowView) => number, top?: (cursor: number, v: RowView) => number) =>
    setView((v) => {
      let cursor = Math.max(0, row(v));
      if (total !== undefined) cursor = Math.min(cursor, Math.max(0, total - 1));
      else if (cursor > v.cursor && !cache?.hasRowAfter(v.cursor)) cursor = v.cursor;
      let next = top ? top(cursor, v) : v.top;
      if (cursor < next) next = cursor;
      if (cursor >= next + pageSize) next = cursor - pageSize + 1;
      if (total !== undefined) next = Math.min(next, Math.max(0, total - pageSize));
      return { cursor, top: Math.max(0, next) };
    });

  /** The column cursor on data column `index`, the grid scrolled so that it shows. */
  const reveal = (index: number) => {
    const target = Math.max(0, Math.min(index, names.length - 1));
    setCurrent(names[target]);
    if (target < frozen - 1) return;
    const scrolled = target - (frozen - 1);
    if (scrolled < firstColumn) return setFirstColumn(scrolled);
    const widths = gridColumns.map((c) => c.width);
    let first = firstColumn;
    while (
      first < scrolled &&
      !shownColumns(widths, width, { gap: 1, frozen, firstColumn: first }).includes(target + 1)
    )
      first++;
    setFirstColumn(first);
  };

  /** Sorting or filtering begins: the rows loaded now are what it orders, from the first. */
  const beginOrder = () => {
    if (!cache) return;
    setLoaded((l) => l ?? cache.heldRows());
    setView({ cursor: 0, top: 0 });
  };
  const endOrder = (keepSort: boolean, keepFilter: boolean) => {
    if (!keepSort && !keepFilter) {
      // Back in file order, on the row the cursor was on.
      const row = fileRow(view.cursor) ?? 0;
      setLoaded(undefined);
      moveTo(
        () => row,
        (cursor) => cursor - Math.floor(pageSize / 2),
      );
    }
    if (!keepSort) setSort(undefined);
    if (!keepFilter) setFilter(undefined);
  };

  const onRecord = (a: RowsAction) => {
    const step =
      a === "down" ? 1 : a === "up" ? -1 : a === "nextPage" ? body - 1 : a === "previousPage" ? 1 - body : 0;
    const bottom = Math.max(0, recordView.lines.length - body);
    if (a === "back") setRecord(undefined);
    else if (a === "nextRecord") moveTo((v) => v.cursor + 1);
    else if (a === "previousRecord") moveTo((v) => v.cursor - 1);
    else if (a === "first") setRecord({ scroll: 0 });
    else if (a === "last")
      setRecord({ scroll: Number.MAX_SAFE_INTEGER }); // stays at the bottom as columns arrive
    else if (step) setRecord({ scroll: Math.max(0, Math.min(recordView.top + step, bottom)) });
  };

  const onAction = (a: RowsAction) => {
    if (goTo !== undefined) {
      if (a === "goToApply" && goTo !== "") {
        const row = Number(goTo) - 1;
        const position = shownRows ? shownRows.indexOf(row) : row;
        if (position < 0) nav.notify(`row ${humanCount(row + 1)} is not among the rows shown`, "error");
        else
          moveTo(
            () => position,
            (cursor) => cursor - Math.floor(pageSize / 2),
          );
      }
      return setGoTo(undefined);
    }
    if (filter?.typing) {
      if (a === "filterApply") {
        if (filter.text === "") return endOrder(sort !== undefined, false);
        return setFilter({ ...filter, typing: false });
      }
      if (a === "filterClear") return endOrder(sort !== undefined, false);
      return;
    }
    if (record) return onRecord(a);
    if (a === "back") return nav.back();
    if (!cache) return;
    const name = names[column];
    switch (a) {
      case "down":
        return moveTo((v) => v.cursor + 1);
      case "up":
        return moveTo((v) => v.cursor - 1);
      case "nextPage":
        return moveTo(
          (v) => v.cursor + pageSize,
          (cursor, v) => cursor - (v.cursor - v.top),
        );
      case "previousPage":
        return moveTo(
          (v) => v.cursor - pageSize,
          (cursor, v) => cursor - (v.cursor - v.top),
        );
      case "first":
        return moveTo(() => 0);
      case "last":
        return moveTo(() => total ?? Math.max(cache.lastRowRead, view.cursor + pageSize));
      case "goTo":
        return setGoTo("");
      case "record":
        if (total === 0) return nav.notify("no rows to show as a record");
        return setRecord({ scroll: 0 });
      case "right":
        return reveal(column + 1);
      case "left":
        return reveal(column - 1);
      case "pageRight": {
        if (!moreRight) return;
        const next = Math.max(firstColumn + 1, lastShown + 1 - frozen);
        setFirstColumn(next);
        return setCurrent(names[frozen - 1 + next]);
      }
      case "pageLeft": {
        const next = pageLeftOf(gridColumns, width, firstColumn, frozen);
        setFirstColumn(next);
        return setCurrent(names[frozen - 1 + next]);
      }
      case "pin":
        if (name === undefined) return;
        if (pins.includes(name)) return setPinned(pins.filter((n) => n !== name));
        return setPinned([...pins, name]);
      case "unpin":
        return setPinned([]);
      case "wholeValues":
        nav.notify(
          wholeValues
            ? `values cut at ${MAX_CELL} columns again (w shows them whole)`
            : "whole values: a column as wide as its longest value on screen, up to the screen (w cuts them again)",
        );
        return setWholeValues((w) => !w);
      case "sort":
        if (name === undefined) return;
        setSort((s) =>
          s?.column === name
            ? { column: name, direction: s.direction === "ascending" ? "descending" : "ascending" }
            : { column: name, direction: "ascending" },
        );
        return beginOrder();
      case "filter":
        if (name === undefined) return;
        setFilter((f) => ({ column: name, text: f?.column === name ? f.text : "", typing: true }));
        return beginOrder();
      case "clearOrder":
        return endOrder(false, false);
      case "profile":
        if (name === undefined) return;
        if (!onProfile) return nav.notify("not yet: a column of these rows cannot be profiled here", "error");
        return onProfile(name);
    }
  };

  // While a row number is typed, every printable key is its (digits count, others are ignored).
  const onGoToText: ScreenKeys["onText"] = (input, key, keyed) => {
    if (keyed === "backspace") {
      setGoTo((t) => (t ?? "").slice(0, -1));
      return true;
    }
    if (key.ctrl || key.meta || input === "" || (keyed.length > 1 && keyed !== input)) return false;
    if (/^[0-9]+$/.test(input)) setGoTo((t) => `${t ?? ""}${input}`.slice(0, 15));
    return true;
  };
  const onFilterText: ScreenKeys["onText"] = (input, key, keyed) => {
    if (keyed === "backspace") {
      setFilter((f) => f && { ...f, text: f.text.slice(0, -1) });
      return true;
    }
    if (key.ctrl || key.meta || input === "" || (keyed.length > 1 && keyed !== input)) return false;
    setFilter((f) => f && { ...f, text: f.text + input });
    setView({ cursor: 0, top: 0 });
    return true;
  };

  const modal =
    goTo !== undefined ? goToBindings : filter?.typing ? filterBindings : record ? recordBindings : undefined;
  const onText = goTo !== undefined ? onGoToText : filter?.typing ? onFilterText : undefined;

  let pane: ReactNode;
  let position = "";
  const failed = record ? recordView.load : order.load.status === "error" ? order.load : rows;
  if (!cache) pane = null;
  else if (failed.status === "error") pane = <ErrorLine text={`cannot read rows: ${failed.error}`} />;
  else if (record) {
    pane = <RecordView lines={recordView.lines} top={recordView.top} height={body} />;
    const note = recordView.load.status === "loading" ? " · reading…" : "";
    const shownColumns =
      recordView.onScreen > 0
        ? ` · columns ${recordView.first + 1}–${recordView.first + recordView.onScreen} of ${chosen.length}`
        : "";
    const of = shownRows
      ? `${humanCount(view.cursor + 1)} of ${humanCount(shownRows.length)} shown (row ${humanCount((recordRow ?? 0) + 1)})`
      : `${humanCount(view.cursor + 1)} of ${totalText(cache)}`;
    position = `record: row ${of}${shownColumns}${note}`;
  } else if (loaded && !shownRows) {
    pane = <Spinner label={`ordering ${humanCount(loaded.length)} loaded rows…`} />;
  } else if (
    !visible &&
    rows.status === "loading" &&
    held.every((r) => r.cells.every((c) => c === undefined))
  ) {
    pane = <Spinner label="reading rows…" />; // nothing of this window read yet (a jump, or the first page)
  } else {
    pane = (
      <Grid
        columns={gridColumns}
        rows={windowRows(held)}
        selected={view.cursor - view.top}
        frozen={frozen}
        firstColumn={firstColumn}
        currentColumn={column + 1}
        width={width}
        height={body}
      />
    );
    const notes = cache.notes.size > 0 ? ` · ${[...cache.notes][0]}` : "";
    const note = rows.status === "loading" ? " · reading…" : "";
    // The column under the cursor is named too: its inverse title is lost without colours.
    const columnsText = `columns ${columnRanges(shown.filter((i) => i > 0).map((i) => chosen.indexOf(ordered[i - 1] as PreviewColumn) + 1))} of ${chosen.length} · column ${names[column] ?? ""}`;
    if (goTo !== undefined) position = `go to row: ${goTo}▏`;
    else if (shownRows && loaded) {
      const parts = [
        orderText(applied?.sort, applied?.filter, shownRows.length, loaded.length, cache.totalRows),
      ];
      if (filter?.typing) parts.unshift(`filter ${filter.column}: ${filter.text}▏`);
      else if (shownRows.length > 0) parts.push(`row ${humanCount((fileRow(view.cursor) ?? 0) + 1)}`);
      position = [...parts, columnsText].join(" · ") + note;
    } else {
      position = `row ${humanCount(view.cursor + 1)} · ${windowPosition(cache, view.top, held.length)} · ${columnsText}${note}${notes}`;
    }
  }

  return {
    modal,
    ordered: loaded !== undefined,
    onAction,
    onText,
    pane,
    position,
    resetColumns: () => {
      setFirstColumn(0);
      setCurrent(undefined);
    },
  };
}

/** `sorted by amount ↓ · filtered: 12 of 100 loaded rows`, or `… · 100 loaded rows of 1,000`. */
function orderText(
  sort: RowSort | undefined,
  filter: RowFilter | undefined,
  shown: number,
  loaded: number,
  total: number | undefined,
): string {
  const parts: string[] = [];
  if (filter) parts.push(`filtered: ${humanCount(shown)} of ${humanCount(loaded)} loaded rows`);
  if (sort) parts.push(`sorted by ${sort.column} ${ARROW[sort.direction]}`);
  if (!filter) {
    parts.push(
      total !== undefined && total > loaded
        ? `${humanCount(loaded)} loaded rows of ${humanCount(total)}`
        : `${humanCount(loaded)} rows`,
    );
  }
  return parts.join(" · ");
}

/** The rows shown, and the sort and filter that put them so. */
interface AppliedOrder {
  rows: number[];
  sort?: RowSort;
  filter?: RowFilter;
}

/**
 * The rows `loaded` filtered and sorted by the column values (read first where not held); keeps showing
 * the last order while the next one (a letter more typed in the filter) is worked out.
 */
function useRowOrder(
  cache: CellCache | undefined,
  loaded: number[] | undefined,
  sort: RowSort | undefined,
  filter: RowFilter | undefined,
  columns: PreviewColumn[],
): { applied: AppliedOrder | undefined; load: Load<AppliedOrder | undefined> } {
  const last = useRef<AppliedOrder | undefined>(undefined);
  const load = useLoad(
    async (signal) => {
      if (!cache || !loaded) return undefined;
      const needed = [...new Set([sort?.column, filter?.column].filter((c): c is string => c !== undefined))];
      const blocks = [...new Set(loaded.map((i) => Math.floor(i / cache.blockRows)))];
      for (const b of blocks) await cache.load(b * cache.blockRows, cache.blockRows, needed, signal);
      const cells = loaded.map((index) => {
        const row = cache.window(index, 1, needed)[0];
        return { index, values: row?.values ?? [], texts: row?.cells ?? [] };
      });
      const at = (name: string | undefined) => (name === undefined ? -1 : needed.indexOf(name));
      const f = at(filter?.column);
      const filtering = filter && filter.text !== "" ? filter : undefined;
      const kept = filtering ? cells.filter((c) => matchesFilter(c.texts[f] ?? null, filtering.text)) : cells;
      if (!sort) return { rows: kept.map((c) => c.index), filter: filtering };
      const s = at(sort.column);
      const type = columns.find((c) => c.name === sort.column)?.type ?? "string";
      const rows = sortedIndexes(
        kept.map((c) => ({ index: c.index, value: c.values[s] ?? null, text: c.texts[s] ?? null })),
        type,
        sort.direction,
      );
      return { rows, sort, filter: filtering };
    },
    [cache, loaded, sort?.column, sort?.direction, filter?.column, filter?.text],
  );
  if (!loaded) last.current = undefined;
  else if (load.status === "done") last.current = load.value;
  return { applied: last.current, load };
}

/** Reads what the rows at `rows` (scattered: a sorted view) lack of `columns`, block by block. */
function useRowsAt(cache: CellCache | undefined, rows: number[], columns: string[]): Load<void> {
  return useLoad(
    async (signal) => {
      if (!cache || columns.length === 0) return;
      const blocks = [...new Set(rows.map((i) => Math.floor(i / cache.blockRows)))];
      for (const b of blocks) await cache.load(b * cache.blockRows, cache.blockRows, columns, signal);
    },
    [cache, rows.join(","), columns.join("\u0000")],
  );
}

function ErrorLine({ text }: { text: string }) {
  const { theme } = useLake();
  return (
    <Text color={theme.error} wrap="truncate-end">
      {text}
    </Text>
  );
}

/** `1,000`, or `more` while a text object is not read to its end. */
function totalText(cache: CellCache): string {
  return cache.totalRows === undefined ? "more" : humanCount(cache.totalRows);
}

/** `rows 1–20 of 12,345 · row group 1/4`, as `medallion preview` says it, for the rows held. */
function windowPosition(cache: CellCache, top: number, count: number): string {
  const rows = Array.from({ length: count }, (_, n) => ({ index: top + n, cells: [], values: [] }));
  const hasMore = cache.hasRowAfter(top + Math.max(0, count - 1));
  return pagePosition(cache.preview, { offset: top, columns: [], rows, hasMore, notes: [] });
}

/** `1, 5–8`: the columns shown, numbered as in the file (or the chosen columns), pinned ones included. */
function columnRanges(numbers: number[]): string {
  const runs: [number, number][] = [];
  for (const i of [...numbers].sort((a, b) => a - b)) {
    const run = runs[runs.length - 1];
    if (run && run[1] === i - 1) run[1] = i;
    else runs.push([i, i]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}–${b}`)).join(", ") || "0";
}

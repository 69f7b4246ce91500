import { Box, type Key, Text } from "ink";
import { useEffect, useMemo, useState } from "react";
import { humanBytes, humanCount } from "../../src/lake/human.js";
import { CellCache } from "../../src/preview/cell-cache.js";
import type { Preview, GridColumn as PreviewColumn } from "../../src/preview/grid.js";
import {
  metadataLines,
  pagePosition,
  rowGroupLines,
  schemaLines,
  type TextLine,
} from "../../src/preview/render.js";
import { MAX_CELL } from "../../src/render/table.js";
import { fitText } from "../../src/render/text.js";
import { copyNotice } from "../clipboard.js";
import { useLake } from "../context.js";
import { useCellWindow, usePreview } from "../hooks/use-preview.js";
import { pageLeftOf, windowLayout, windowRows } from "../render/window-grid.js";
import { useScreenKeys } from "../screen-keys.js";
import { toneColor } from "../theme.js";
import { Grid } from "../widgets/grid.js";
import { Spinner } from "../widgets/spinner.js";
import {
  columnPickerBindings,
  goToBindings,
  type PreviewAction,
  paneBindings,
  previewBindings,
  recordBindings,
} from "./preview-keys.js";
import { RecordView, useRecord } from "./record-view.js";
import type { ScreenDefinition, ScreenProps } from "./registry.js";

const TABS = ["rows", "schema", "row groups", "metadata"] as const;
type Tab = (typeof TABS)[number];
const tabByAction: Partial<Record<PreviewAction, Tab>> = {
  rowsTab: "rows",
  schemaTab: "schema",
  rowGroupsTab: "row groups",
  metadataTab: "metadata",
};

/** Title, tabs and position lines around the pane. */
const CHROME = 3;

interface Picker {
  cursor: number;
  chosen: Set<string>;
}

/** Where the row cursor is, and the first row of the grid. */
interface RowView {
  cursor: number;
  top: number;
}

/** A file's rows, schema, row groups and metadata, read by byte ranges. */
export function PreviewScreen({ params, width, height, nav }: ScreenProps) {
  const { theme, source, clipboard, settings } = useLake();
  const path = params.path ?? "";
  const opened = usePreview(path, params.first === "yes");
  const preview = opened.status === "done" ? opened.value.preview : undefined;
  const file = opened.status === "done" ? opened.value.path : path;
  // A file that opened is a recent path the `:` palette offers, this session and the next.
  useEffect(() => {
    if (preview) settings.rememberPath(file);
  }, [preview, file, settings]);
  const cache = useMemo(() => (preview ? new CellCache(preview) : undefined), [preview]);

  const [tab, setTab] = useState<Tab>("rows");
  const [scroll, setScroll] = useState(0);
  // `w`: long values shown whole (up to the screen's width) instead of cut at MAX_CELL.
  const [wholeValues, setWholeValues] = useState(false);
  const [view, setView] = useState<RowView>({ cursor: 0, top: 0 });
  const [firstColumn, setFirstColumn] = useState(0);
  const [columns, setColumns] = useState<string[] | undefined>();
  // Undefined: the first column is pinned; `f` pins more, `F` none.
  const [pinned, setPinned] = useState<string[] | undefined>();
  const [picker, setPicker] = useState<Picker | undefined>();
  const [goTo, setGoTo] = useState<string | undefined>();
  const [record, setRecord] = useState<{ scroll: number } | undefined>();

  const body = Math.max(2, height - CHROME);
  const pageSize = Math.max(1, body - 1);
  const total = cache?.totalRows;

  const allColumns = cache?.preview.columns ?? [];
  const chosen = columns ? allColumns.filter((c) => columns.includes(c.name)) : allColumns;
  const pins = (pinned ?? chosen.slice(0, 1).map((c) => c.name)).filter((n) =>
    chosen.some((c) => c.name === n),
  );
  const ordered = [
    ...pins.map((n) => chosen.find((c) => c.name === n) as PreviewColumn),
    ...chosen.filter((c) => !pins.includes(c.name)),
  ];
  const names = ordered.map((c) => c.name);
  const frozen = 1 + pins.length;

  // The grid: widths from what is held (guessed until read), then only the columns on screen are read.
  const held = cache ? cache.window(view.top, pageSize, names) : [];
  const layout = windowLayout(ordered, held, preview ?? {}, {
    top: view.top,
    lastRow: Math.max(total ?? 0, view.top + pageSize),
    width,
    firstColumn,
    frozen,
    wholeValues,
  });
  const { columns: gridColumns, shown, moreRight } = layout;
  const lastShown = shown[shown.length - 1] ?? 0;
  const rows = useCellWindow(cache, view.top, pageSize, tab === "rows" && !record ? layout.read : []);

  const recordView = useRecord(
    cache,
    record ? view.cursor : undefined,
    chosen,
    record?.scroll ?? 0,
    width,
    body,
  );
  const paneLines = preview ? linesFor(tab, file, preview, width) : [];

  const switchTab = (next: Tab) => {
    setTab(next);
    setScroll(0);
  };

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

  const onAction = (a: PreviewAction) => {
    if (picker) return onPicker(a);
    if (goTo !== undefined) {
      if (a === "goToApply" && goTo !== "") {
        const row = Number(goTo) - 1;
        moveTo(
          () => row,
          (cursor) => cursor - Math.floor(pageSize / 2),
        );
      }
      return setGoTo(undefined);
    }
    if (record) return onRecord(a);
    const toTab = tabByAction[a];
    if (toTab) return switchTab(toTab);
    switch (a) {
      case "back":
        return nav.back();
      case "nextTab":
        return switchTab(TABS[(TABS.indexOf(tab) + 1) % TABS.length] as Tab);
      case "previousTab":
        return switchTab(TABS[(TABS.indexOf(tab) + TABS.length - 1) % TABS.length] as Tab);
      case "copy": {
        const uri = source.uri(file);
        return nav.notify(copyNotice(uri, clipboard(uri)));
      }
    }
    if (tab !== "rows") {
      const step =
        a === "down"
          ? 1
          : a === "up"
            ? -1
            : a === "nextPage"
              ? body - 1
              : a === "previousPage"
                ? 1 - body
                : 0;
      const bottom = Math.max(0, paneLines.length - body);
      if (a === "first") setScroll(0);
      else if (a === "last") setScroll(bottom);
      else if (step) setScroll((s) => Math.max(0, Math.min(s + step, bottom)));
      return;
    }
    if (!preview || !cache) return;
    switch (a) {
      case "columns":
        return setPicker({ cursor: 0, chosen: new Set(chosen.map((c) => c.name)) });
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
        return setRecord({ scroll: 0 });
      case "right":
        if (moreRight) setFirstColumn((c) => c + 1);
        return;
      case "left":
        return setFirstColumn((c) => Math.max(0, c - 1));
      case "pageRight":
        if (moreRight) setFirstColumn(Math.max(firstColumn + 1, lastShown + 1 - frozen));
        return;
      case "pageLeft":
        return setFirstColumn(pageLeftOf(gridColumns, width, firstColumn, frozen));
      case "pin": {
        const name = names[frozen - 1 + firstColumn];
        if (name) setPinned([...pins, name]);
        return;
      }
      case "unpin":
        return setPinned([]);
      case "wholeValues":
        nav.notify(
          wholeValues
            ? `values cut at ${MAX_CELL} columns again (w shows them whole)`
            : "whole values: a column as wide as its longest value on screen, up to the screen (w cuts them again)",
        );
        return setWholeValues((w) => !w);
    }
  };

  const onRecord = (a: PreviewAction) => {
    if (!record) return;
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

  // Functional updates: keys typed fast each see the picker the previous one left.
  const onPicker = (a: PreviewAction) => {
    const names = allColumns.map((c) => c.name);
    if (a === "pickerDown") setPicker((p) => p && { ...p, cursor: Math.min(p.cursor + 1, names.length - 1) });
    else if (a === "pickerUp") setPicker((p) => p && { ...p, cursor: Math.max(0, p.cursor - 1) });
    else if (a === "pickerToggle")
      setPicker((p) => {
        const name = p && names[p.cursor];
        if (!p || name === undefined) return p;
        const next = new Set(p.chosen);
        if (next.has(name)) next.delete(name);
        else next.add(name);
        return { ...p, chosen: next };
      });
    else if (a === "pickerAll") setPicker((p) => p && { ...p, chosen: new Set(names) });
    else if (a === "pickerCancel") setPicker(undefined);
    else if (a === "pickerApply" && picker) {
      const picked = names.filter((n) => picker.chosen.has(n));
      if (picked.length === 0) return nav.notify("choose at least one column", "error");
      setColumns(picked.length === names.length ? undefined : picked);
      setFirstColumn(0);
      setPicker(undefined);
      setTab("rows");
    }
  };

  // While a row number is typed, every printable key is its (digits count, others are ignored).
  const onGoToText = (input: string, key: Key, name: string): boolean => {
    if (name === "backspace") {
      setGoTo((t) => (t ?? "").slice(0, -1));
      return true;
    }
    if (key.ctrl || key.meta || input === "" || (name.length > 1 && name !== input)) return false;
    if (/^[0-9]+$/.test(input)) setGoTo((t) => `${t ?? ""}${input}`.slice(0, 15));
    return true;
  };

  const bindings = picker
    ? columnPickerBindings
    : goTo !== undefined
      ? goToBindings
      : record
        ? recordBindings
        : tab === "rows"
          ? previewBindings
          : paneBindings;
  // Keys typed ahead (`#1300⏎⏎` pasted) wait for the file to open; moving the cursor needs no rows read.
  useScreenKeys(bindings, onAction, goTo !== undefined ? onGoToText : undefined, opened.status !== "loading");

  const right = preview
    ? `${preview.format}${preview.compression ? `+${preview.compression}` : ""} · ${humanBytes(preview.size)}`
    : "";
  const titleWidth = Math.max(1, width - right.length - 1);

  let pane: React.ReactNode;
  let position = "";
  const failed = record ? recordView.load : rows;
  if (opened.status === "loading") pane = <Spinner label={`opening ${file}…`} />;
  else if (opened.status === "error") {
    pane = (
      <Text color={theme.error} wrap="truncate-end">
        cannot preview: {opened.error}
      </Text>
    );
  } else if (picker) {
    pane = <ColumnPicker names={allColumns.map((c) => c.name)} picker={picker} height={body} />;
    position = `${picker.chosen.size} of ${allColumns.length} columns chosen`;
  } else if (tab === "rows" && failed.status === "error") {
    pane = (
      <Text color={theme.error} wrap="truncate-end">
        cannot read rows: {failed.error}
      </Text>
    );
  } else if (tab === "rows" && record && cache) {
    pane = <RecordView lines={recordView.lines} top={recordView.top} height={body} />;
    const reading = recordView.load.status === "loading" ? " · reading…" : "";
    const shownColumns =
      recordView.onScreen > 0
        ? ` · columns ${recordView.first + 1}–${recordView.first + recordView.onScreen} of ${chosen.length}`
        : "";
    position = `record: row ${humanCount(view.cursor + 1)} of ${totalText(cache)}${shownColumns}${reading}`;
  } else if (
    tab === "rows" &&
    cache &&
    rows.status === "loading" &&
    held.every((r) => r.cells.every((c) => c === undefined))
  ) {
    pane = <Spinner label="reading rows…" />; // nothing of this window read yet (a jump, or the first page)
  } else if (tab === "rows" && cache) {
    pane = (
      <Grid
        columns={gridColumns}
        rows={windowRows(held)}
        selected={view.cursor - view.top}
        frozen={frozen}
        firstColumn={firstColumn}
        width={width}
        height={body}
      />
    );
    const notes = cache.notes.size > 0 ? ` · ${[...cache.notes][0]}` : "";
    const reading = rows.status === "loading" ? " · reading…" : "";
    position =
      goTo !== undefined
        ? `go to row: ${goTo}▏`
        : `row ${humanCount(view.cursor + 1)} · ${windowPosition(cache, view.top, held.length)} · columns ${columnRanges(shown.filter((i) => i > 0).map((i) => chosen.indexOf(ordered[i - 1] as PreviewColumn) + 1))} of ${chosen.length}${reading}${notes}`;
  } else {
    pane = <Lines lines={paneLines.slice(scroll, scroll + body)} />;
    position =
      paneLines.length > body
        ? `lines ${scroll + 1}–${Math.min(scroll + body, paneLines.length)} of ${paneLines.length}`
        : "";
  }

  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        <Text bold>{fitText(file, titleWidth, "left", "middle")}</Text>{" "}
        <Text color={theme.muted}>{right}</Text>
      </Text>
      <Text wrap="truncate-end">
        {TABS.map((t, i) => (
          <Text key={t} inverse={t === tab} bold={t === tab}>
            {` ${i + 1} ${t} `}
          </Text>
        ))}
      </Text>
      <Box height={body} flexDirection="column">
        {pane}
      </Box>
      <Text color={theme.muted} wrap="truncate-end">
        {position || " "}
      </Text>
    </Box>
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

function linesFor(tab: Tab, path: string, preview: Preview, width: number): TextLine[] {
  if (tab === "schema") return schemaLines(preview.schema, width);
  if (tab === "row groups") return rowGroupLines(preview, width);
  if (tab === "metadata") return metadataLines(path, preview);
  return [];
}

function Lines({ lines }: { lines: TextLine[] }) {
  const { theme } = useLake();
  return (
    <Box flexDirection="column">
      {lines.map((line, i) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: lines of a static text
          key={i}
          bold={line.bold}
          color={toneColor(theme, line.tone)}
          wrap="truncate-end"
        >
          {line.text || " "}
        </Text>
      ))}
    </Box>
  );
}

function ColumnPicker({ names, picker, height }: { names: string[]; picker: Picker; height: number }) {
  const top = Math.max(0, Math.min(picker.cursor - Math.floor(height / 2), names.length - height));
  return (
    <Box flexDirection="column">
      {names.slice(top, top + height).map((name, i) => (
        <Text key={name} inverse={top + i === picker.cursor} wrap="truncate-end">
          {picker.chosen.has(name) ? "[x]" : "[ ]"} {name}
        </Text>
      ))}
    </Box>
  );
}

export const previewScreen: ScreenDefinition = {
  id: "preview",
  title: "Preview",
  bindings: [
    ...previewBindings,
    ...recordBindings
      .filter((b) => b.footer !== false)
      .map((b) => ({ ...b, description: `record: ${b.description}` })),
    ...columnPickerBindings
      .filter((b) => b.footer !== false)
      .map((b) => ({ ...b, description: `columns: ${b.description}` })),
  ],
  component: PreviewScreen,
  paletteParams: (argument) => ({ path: argument }),
  inPalette: false,
};

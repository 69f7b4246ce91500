import { Box, Text } from "ink";
import { useRef, useState } from "react";
import { humanBytes } from "../../src/lake/human.js";
import type { GridPage, Preview } from "../../src/preview/grid.js";
import {
  metadataLines,
  pageGrid,
  pagePosition,
  rowGroupLines,
  schemaLines,
  type TextLine,
} from "../../src/preview/render.js";
import { fitText } from "../../src/render/text.js";
import { copyNotice } from "../clipboard.js";
import { useLake } from "../context.js";
import { usePreview, useRows } from "../hooks/use-preview.js";
import { useScreenKeys } from "../screen-keys.js";
import { toneColor } from "../theme.js";
import { Grid, visibleColumns } from "../widgets/grid.js";
import { Spinner } from "../widgets/spinner.js";
import { columnPickerBindings, type PreviewAction, previewBindings } from "./preview-keys.js";
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

/** A file's rows, schema, row groups and metadata, read by byte ranges. */
export function PreviewScreen({ params, width, height, nav }: ScreenProps) {
  const { theme, source, clipboard } = useLake();
  const path = params.path ?? "";
  const opened = usePreview(path, params.first === "yes");
  const preview = opened.status === "done" ? opened.value.preview : undefined;
  const file = opened.status === "done" ? opened.value.path : path;

  const [tab, setTab] = useState<Tab>("rows");
  const [scroll, setScroll] = useState(0);
  const [offset, setOffsetState] = useState(0);
  // Paging keys can come faster than pages load: each press moves from the last requested offset.
  const offsetRef = useRef(0);
  const setOffset = (next: number) => {
    offsetRef.current = next;
    setOffsetState(next);
  };
  const [firstColumn, setFirstColumn] = useState(0);
  const [columns, setColumns] = useState<string[] | undefined>();
  const [picker, setPicker] = useState<Picker | undefined>();

  const body = Math.max(2, height - CHROME);
  const pageSize = Math.max(1, body - 1);
  const rows = useRows(preview, { offset, limit: pageSize, columns });
  // Keep the last page on screen while the next one loads, so paging never blanks the grid.
  const lastPage = useRef<GridPage | undefined>(undefined);
  if (rows.status === "done") lastPage.current = rows.value;
  const page = rows.status === "done" ? rows.value : lastPage.current;

  const allColumns = preview?.columns.map((c) => c.name) ?? [];
  const grid = page ? pageGrid(page) : undefined;
  const shown = grid ? visibleColumns(grid.columns, width, firstColumn, 1) : [];
  const moreRight = grid ? (shown[shown.length - 1] ?? 0) < grid.columns.length - 1 : false;
  const paneLines = preview ? linesFor(tab, file, preview, width) : [];

  const switchTab = (next: Tab) => {
    setTab(next);
    setScroll(0);
  };

  const onAction = (action: string) => {
    const a = action as PreviewAction;
    const toTab = tabByAction[a];
    if (toTab) return switchTab(toTab);
    if (picker) return onPicker(a);
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
      case "columns":
        if (!preview) return;
        return setPicker({ cursor: 0, chosen: new Set(columns ?? allColumns) });
      case "right":
        if (moreRight) setFirstColumn((c) => c + 1);
        return;
      case "left":
        return setFirstColumn((c) => Math.max(0, c - 1));
    }
    if (tab === "rows") {
      const at = offsetRef.current;
      if (a === "nextPage" || a === "down") {
        const atEnd =
          (preview?.totalRows !== undefined && at + pageSize >= preview.totalRows) ||
          (page !== undefined && page.offset === at && !page.hasMore);
        if (!atEnd) setOffset(at + pageSize);
      } else if (a === "previousPage" || a === "up") setOffset(Math.max(0, at - pageSize));
      else if (a === "firstPage") setOffset(0);
      return;
    }
    const step =
      a === "down" ? 1 : a === "up" ? -1 : a === "nextPage" ? body - 1 : a === "previousPage" ? 1 - body : 0;
    if (a === "firstPage") setScroll(0);
    else if (step) setScroll((s) => Math.max(0, Math.min(s + step, paneLines.length - body)));
  };

  const onPicker = (a: PreviewAction) => {
    if (!picker) return;
    const name = allColumns[picker.cursor];
    if (a === "pickerDown")
      setPicker({ ...picker, cursor: Math.min(picker.cursor + 1, allColumns.length - 1) });
    else if (a === "pickerUp") setPicker({ ...picker, cursor: Math.max(0, picker.cursor - 1) });
    else if (a === "pickerToggle" && name) {
      const chosen = new Set(picker.chosen);
      if (chosen.has(name)) chosen.delete(name);
      else chosen.add(name);
      setPicker({ ...picker, chosen });
    } else if (a === "pickerAll") setPicker({ ...picker, chosen: new Set(allColumns) });
    else if (a === "pickerCancel") setPicker(undefined);
    else if (a === "pickerApply") {
      const chosen = allColumns.filter((c) => picker.chosen.has(c));
      if (chosen.length === 0) return nav.notify("choose at least one column", "error");
      setColumns(chosen.length === allColumns.length ? undefined : chosen);
      setOffset(offsetRef.current);
      setFirstColumn(0);
      setPicker(undefined);
      setTab("rows");
    }
  };

  useScreenKeys(picker ? columnPickerBindings : previewBindings, onAction);

  const right = preview
    ? `${preview.format}${preview.compression ? `+${preview.compression}` : ""} · ${humanBytes(preview.size)}`
    : "";
  const titleWidth = Math.max(1, width - right.length - 1);

  let pane: React.ReactNode;
  let position = "";
  if (opened.status === "loading") pane = <Spinner label={`opening ${file}…`} />;
  else if (opened.status === "error") {
    pane = (
      <Text color={theme.error} wrap="truncate-end">
        cannot preview: {opened.error}
      </Text>
    );
  } else if (picker) {
    pane = <ColumnPicker names={allColumns} picker={picker} height={body} />;
    position = `${picker.chosen.size} of ${allColumns.length} columns chosen`;
  } else if (tab === "rows") {
    if (rows.status === "error") {
      pane = (
        <Text color={theme.error} wrap="truncate-end">
          cannot read rows: {rows.error}
        </Text>
      );
    } else if (!grid || !page || !preview) pane = <Spinner label="reading rows…" />;
    else {
      pane = (
        <Grid
          columns={grid.columns}
          rows={grid.rows}
          frozen={1}
          firstColumn={firstColumn}
          width={width}
          height={body}
        />
      );
      const cols = `columns ${Math.max(1, shown[1] ?? 1)}–${shown[shown.length - 1] ?? 0} of ${grid.columns.length - 1}`;
      const notes = page.notes.length > 0 ? ` · ${page.notes[0]}` : "";
      position = `${pagePosition(preview, page)} · ${cols}${rows.status === "loading" ? " · loading…" : ""}${notes}`;
    }
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
  bindings: [...previewBindings, ...columnPickerBindings],
  component: PreviewScreen,
  paletteParams: (argument) => ({ path: argument }),
  inPalette: false,
};

import { Box, Text } from "ink";
import { useEffect, useMemo, useState } from "react";
import { humanBytes } from "../../src/lake/human.js";
import { CellCache } from "../../src/preview/cell-cache.js";
import type { Preview } from "../../src/preview/grid.js";
import { metadataLines, rowGroupLines, schemaLines, type TextLine } from "../../src/preview/render.js";
import { fitText } from "../../src/render/text.js";
import { copyNotice } from "../clipboard.js";
import { useLake } from "../context.js";
import { usePreview } from "../hooks/use-preview.js";
import { useScreenKeys } from "../screen-keys.js";
import { toneColor } from "../theme.js";
import { Spinner } from "../widgets/spinner.js";
import {
  columnPickerBindings,
  filterBindings,
  orderedPreviewBindings,
  type PreviewAction,
  paneBindings,
  previewBindings,
  recordBindings,
} from "./preview-keys.js";
import type { ScreenDefinition, ScreenProps } from "./registry.js";
import { useRowsGrid } from "./rows-grid.js";
import type { RowsAction } from "./rows-keys.js";

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
  const [columns, setColumns] = useState<string[] | undefined>();
  const [picker, setPicker] = useState<Picker | undefined>();

  const body = Math.max(2, height - CHROME);
  const allColumns = cache?.preview.columns ?? [];
  const chosen = columns ? allColumns.filter((c) => columns.includes(c.name)) : allColumns;
  const grid = useRowsGrid({
    cache,
    columns: chosen,
    width,
    height: body,
    active: tab === "rows" && !picker,
    nav,
    onProfile: (column) => nav.open("profile", { path: file, column }),
  });
  const paneLines = preview ? linesFor(tab, file, preview, width) : [];

  const switchTab = (next: Tab) => {
    setTab(next);
    setScroll(0);
  };

  const onAction = (a: PreviewAction) => {
    if (picker) return onPicker(a);
    if (tab === "rows" && grid.modal) return grid.onAction(a as RowsAction);
    const toTab = tabByAction[a];
    if (toTab) return switchTab(toTab);
    switch (a) {
      case "nextTab":
        return switchTab(TABS[(TABS.indexOf(tab) + 1) % TABS.length] as Tab);
      case "previousTab":
        return switchTab(TABS[(TABS.indexOf(tab) + TABS.length - 1) % TABS.length] as Tab);
      case "copy": {
        const uri = source.uri(file);
        return nav.notify(copyNotice(uri, clipboard(uri)));
      }
      case "columns":
        if (!cache) return;
        return setPicker({ cursor: 0, chosen: new Set(chosen.map((c) => c.name)) });
    }
    if (tab === "rows") return grid.onAction(a as RowsAction);
    if (a === "back") return nav.back();
    const step =
      a === "down" ? 1 : a === "up" ? -1 : a === "nextPage" ? body - 1 : a === "previousPage" ? 1 - body : 0;
    const bottom = Math.max(0, paneLines.length - body);
    if (a === "first") setScroll(0);
    else if (a === "last") setScroll(bottom);
    else if (step) setScroll((s) => Math.max(0, Math.min(s + step, bottom)));
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
      grid.resetColumns();
      setPicker(undefined);
      setTab("rows");
    }
  };

  const bindings = picker
    ? columnPickerBindings
    : tab !== "rows"
      ? paneBindings
      : (grid.modal ?? (grid.ordered ? orderedPreviewBindings : previewBindings));
  // Keys typed ahead (`#1300⏎⏎` pasted) wait for the file to open; moving the cursor needs no rows read.
  useScreenKeys(
    bindings,
    onAction,
    tab === "rows" && !picker ? grid.onText : undefined,
    opened.status !== "loading",
  );

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
    pane = <ColumnPicker names={allColumns.map((c) => c.name)} picker={picker} height={body} />;
    position = `${picker.chosen.size} of ${allColumns.length} columns chosen`;
  } else if (tab === "rows") {
    pane = grid.pane;
    position = grid.position;
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
  bindings: [
    ...previewBindings,
    ...recordBindings
      .filter((b) => b.footer !== false)
      .map((b) => ({ ...b, description: `record: ${b.description}` })),
    ...filterBindings.map((b) => ({ ...b, description: `filter: ${b.description}` })),
    ...columnPickerBindings
      .filter((b) => b.footer !== false)
      .map((b) => ({ ...b, description: `columns: ${b.description}` })),
  ],
  component: PreviewScreen,
  paletteParams: (argument) => ({ path: argument }),
  inPalette: false,
};

import type { KeyBinding } from "../keys.js";
import {
  filterBindings,
  goToBindings,
  orderedBindings,
  type RowsAction,
  recordBindings,
  rowsLeadBindings,
  rowsMotionBindings,
} from "./rows-keys.js";

export { filterBindings, goToBindings, recordBindings };

export type PreviewAction =
  | RowsAction
  | "nextTab"
  | "previousTab"
  | "rowsTab"
  | "schemaTab"
  | "rowGroupsTab"
  | "metadataTab"
  | "columns"
  | "copy"
  | "pickerDown"
  | "pickerUp"
  | "pickerToggle"
  | "pickerAll"
  | "pickerApply"
  | "pickerCancel";

const nextTab: KeyBinding<PreviewAction> = { keys: ["tab"], action: "nextTab", description: "next tab" };

/** The other tab keys: help only. */
const tabs: KeyBinding<PreviewAction>[] = [
  { keys: ["shift-tab"], action: "previousTab", description: "previous tab", footer: false },
  { keys: ["1"], action: "rowsTab", description: "rows", footer: false },
  { keys: ["2"], action: "schemaTab", description: "schema", footer: false },
  { keys: ["3"], action: "rowGroupsTab", description: "row groups and column stats", footer: false },
  { keys: ["4"], action: "metadataTab", description: "metadata", footer: false },
];

/** The rows tab: a row cursor and a column cursor over the grid. */
export const previewBindings: KeyBinding<PreviewAction>[] = [
  ...rowsLeadBindings,
  nextTab,
  { keys: ["c"], action: "columns", description: "columns" },
  { keys: ["y"], action: "copy", description: "copy URI" },
  ...rowsMotionBindings,
  ...tabs,
];

/** The rows tab while its rows are sorted or filtered. */
export const orderedPreviewBindings: KeyBinding<PreviewAction>[] = [...orderedBindings, ...previewBindings];

/** The schema, row groups and metadata tabs: lines to scroll. */
export const paneBindings: KeyBinding<PreviewAction>[] = [
  nextTab,
  { keys: ["y"], action: "copy", description: "copy URI" },
  { keys: ["backspace", "h", "esc"], action: "back", description: "back" },
  { keys: ["down", "j"], action: "down", description: "scroll down", footer: false },
  { keys: ["up", "k"], action: "up", description: "scroll up", footer: false },
  { keys: ["n", "pgdn", "ctrl-d"], action: "nextPage", description: "next page", footer: false },
  { keys: ["N", "pgup", "ctrl-u"], action: "previousPage", description: "previous page", footer: false },
  { keys: ["g", "home"], action: "first", description: "top", footer: false },
  { keys: ["G", "end"], action: "last", description: "bottom", footer: false },
  ...tabs,
];

/** While choosing columns (`c`). */
export const columnPickerBindings: KeyBinding<PreviewAction>[] = [
  { keys: [" "], action: "pickerToggle", description: "show/hide" },
  { keys: ["a"], action: "pickerAll", description: "all" },
  { keys: ["enter"], action: "pickerApply", description: "apply" },
  { keys: ["esc"], action: "pickerCancel", description: "cancel" },
  { keys: ["down", "j"], action: "pickerDown", description: "next column", footer: false },
  { keys: ["up", "k"], action: "pickerUp", description: "previous column", footer: false },
];

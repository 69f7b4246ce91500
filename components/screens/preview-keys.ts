import type { KeyBinding } from "../keys.js";

export type PreviewAction =
  | "nextTab"
  | "previousTab"
  | "rowsTab"
  | "schemaTab"
  | "rowGroupsTab"
  | "metadataTab"
  | "down"
  | "up"
  | "right"
  | "left"
  | "pageRight"
  | "pageLeft"
  | "nextPage"
  | "previousPage"
  | "first"
  | "last"
  | "goTo"
  | "record"
  | "pin"
  | "unpin"
  | "wholeValues"
  | "columns"
  | "copy"
  | "back"
  | "pickerDown"
  | "pickerUp"
  | "pickerToggle"
  | "pickerAll"
  | "pickerApply"
  | "pickerCancel"
  | "goToApply"
  | "goToCancel"
  | "nextRecord"
  | "previousRecord";

const nextTab: KeyBinding<PreviewAction> = { keys: ["tab"], action: "nextTab", description: "next tab" };

/** The other tab keys: help only. */
const tabs: KeyBinding<PreviewAction>[] = [
  { keys: ["shift-tab"], action: "previousTab", description: "previous tab", footer: false },
  { keys: ["1"], action: "rowsTab", description: "rows", footer: false },
  { keys: ["2"], action: "schemaTab", description: "schema", footer: false },
  { keys: ["3"], action: "rowGroupsTab", description: "row groups and column stats", footer: false },
  { keys: ["4"], action: "metadataTab", description: "metadata", footer: false },
];

/** The rows tab: a row cursor over the grid. */
export const previewBindings: KeyBinding<PreviewAction>[] = [
  { keys: ["enter"], action: "record", description: "record" },
  { keys: ["#"], action: "goTo", description: "go to row" },
  { keys: [">"], action: "pageRight", description: "columns →" },
  { keys: ["<"], action: "pageLeft", description: "columns ←", footer: false },
  nextTab,
  { keys: ["c"], action: "columns", description: "columns" },
  { keys: ["f"], action: "pin", description: "pin column" },
  { keys: ["y"], action: "copy", description: "copy URI" },
  { keys: ["backspace", "h", "esc"], action: "back", description: "back" },
  { keys: ["down", "j"], action: "down", description: "next row", footer: false },
  { keys: ["up", "k"], action: "up", description: "previous row", footer: false },
  { keys: ["n", "pgdn", "ctrl-d"], action: "nextPage", description: "next page", footer: false },
  { keys: ["N", "pgup", "ctrl-u"], action: "previousPage", description: "previous page", footer: false },
  { keys: ["g", "home"], action: "first", description: "first row", footer: false },
  { keys: ["G", "end"], action: "last", description: "last row", footer: false },
  { keys: ["right"], action: "right", description: "one column →", footer: false },
  { keys: ["left"], action: "left", description: "one column ←", footer: false },
  { keys: ["F"], action: "unpin", description: "unpin all columns", footer: false },
  { keys: ["w"], action: "wholeValues", description: "whole values on/off", footer: false },
  ...tabs,
];

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

/** One row as a record (Enter on a row): every column, whole values. */
export const recordBindings: KeyBinding<PreviewAction>[] = [
  { keys: ["esc", "enter", "backspace", "h"], action: "back", description: "back to rows" },
  { keys: ["J"], action: "nextRecord", description: "next row" },
  { keys: ["K"], action: "previousRecord", description: "previous row" },
  { keys: ["down", "j"], action: "down", description: "scroll down", footer: false },
  { keys: ["up", "k"], action: "up", description: "scroll up", footer: false },
  { keys: ["n", "pgdn", "ctrl-d"], action: "nextPage", description: "next page", footer: false },
  { keys: ["N", "pgup", "ctrl-u"], action: "previousPage", description: "previous page", footer: false },
  { keys: ["g", "home"], action: "first", description: "first column", footer: false },
  { keys: ["G", "end"], action: "last", description: "last column", footer: false },
];

/** While typing a row number (`#`). */
export const goToBindings: KeyBinding<PreviewAction>[] = [
  { keys: ["enter"], action: "goToApply", description: "go" },
  { keys: ["esc"], action: "goToCancel", description: "cancel" },
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

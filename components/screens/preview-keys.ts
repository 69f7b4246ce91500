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
  | "nextPage"
  | "previousPage"
  | "firstPage"
  | "columns"
  | "copy"
  | "back"
  | "pickerDown"
  | "pickerUp"
  | "pickerToggle"
  | "pickerAll"
  | "pickerApply"
  | "pickerCancel";

export const previewBindings: KeyBinding<PreviewAction>[] = [
  { keys: ["tab"], action: "nextTab", description: "next tab" },
  { keys: ["n", "pgdn", "ctrl-d"], action: "nextPage", description: "next page" },
  { keys: ["N", "pgup", "ctrl-u"], action: "previousPage", description: "prev page" },
  { keys: ["right"], action: "right", description: "scroll columns →" },
  { keys: ["left"], action: "left", description: "scroll columns ←", footer: false },
  { keys: ["c"], action: "columns", description: "columns" },
  { keys: ["y"], action: "copy", description: "copy URI" },
  { keys: ["backspace", "h", "esc"], action: "back", description: "back" },
  { keys: ["shift-tab"], action: "previousTab", description: "previous tab", footer: false },
  { keys: ["1"], action: "rowsTab", description: "rows", footer: false },
  { keys: ["2"], action: "schemaTab", description: "schema", footer: false },
  { keys: ["3"], action: "rowGroupsTab", description: "row groups and column stats", footer: false },
  { keys: ["4"], action: "metadataTab", description: "metadata", footer: false },
  { keys: ["down", "j"], action: "down", description: "scroll down", footer: false },
  { keys: ["up", "k"], action: "up", description: "scroll up", footer: false },
  { keys: ["g", "home"], action: "firstPage", description: "first page / top", footer: false },
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

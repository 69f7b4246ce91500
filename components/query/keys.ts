import type { KeyBinding } from "../keys.js";
import {
  orderedBindings,
  type RowsAction,
  rowsLeadBindings,
  rowsMotionBindings,
} from "../screens/rows-keys.js";

export type QueryAction =
  | RowsAction
  | "run"
  | "newline"
  | "clear"
  | "older"
  | "newer"
  | "cursorLeft"
  | "cursorRight"
  | "lineStart"
  | "lineEnd"
  | "erase"
  | "eraseForward"
  | "leave"
  | "edit"
  | "stop"
  | "export"
  | "exportCsv"
  | "exportJsonl"
  | "exportParquet"
  | "exportWrite"
  | "exportCancel";

/** Typing the query: printable keys go to the text at the cursor; Enter starts a new line, Ctrl-R runs it. */
export const editBindings: KeyBinding<QueryAction>[] = [
  { keys: ["ctrl-r"], action: "run", description: "run" },
  { keys: ["enter"], action: "newline", description: "new line" },
  { keys: ["up"], action: "older", description: "line up/older query" },
  { keys: ["ctrl-u"], action: "clear", description: "clear" },
  { keys: ["esc"], action: "leave", description: "back" },
  { keys: ["down"], action: "newer", description: "line down/newer query", footer: false },
  { keys: ["left"], action: "cursorLeft", description: "cursor left", footer: false },
  { keys: ["right"], action: "cursorRight", description: "cursor right", footer: false },
  { keys: ["home", "ctrl-a"], action: "lineStart", description: "start of the line", footer: false },
  { keys: ["end", "ctrl-e"], action: "lineEnd", description: "end of the line", footer: false },
  { keys: ["backspace"], action: "erase", description: "erase before the cursor", footer: false },
  { keys: ["ctrl-d"], action: "eraseForward", description: "erase under the cursor", footer: false },
];

/** While it runs: Esc stops it (Athena: StopQueryExecution). */
export const runningBindings: KeyBinding<QueryAction>[] = [
  { keys: ["esc"], action: "stop", description: "stop" },
];

/** The rows, in the preview's grid; Esc (or Backspace) goes back to the query. */
export const resultBindings: KeyBinding<QueryAction>[] = [
  ...rowsLeadBindings,
  { keys: ["e"], action: "export", description: "export" },
  { keys: ["esc", "i"], action: "edit", description: "edit query" },
  ...rowsMotionBindings,
];

export const orderedResultBindings: KeyBinding<QueryAction>[] = [...orderedBindings, ...resultBindings];

/** `e`: which format to write the rows in. */
export const exportFormatBindings: KeyBinding<QueryAction>[] = [
  { keys: ["c"], action: "exportCsv", description: "CSV" },
  { keys: ["j"], action: "exportJsonl", description: "JSON lines" },
  { keys: ["p"], action: "exportParquet", description: "Parquet" },
  { keys: ["esc"], action: "exportCancel", description: "cancel" },
];

/** Then the file's name (typed; the format's extension offered). */
export const exportFileBindings: KeyBinding<QueryAction>[] = [
  { keys: ["enter"], action: "exportWrite", description: "write" },
  { keys: ["esc"], action: "exportCancel", description: "cancel" },
];

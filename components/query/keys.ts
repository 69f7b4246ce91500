import type { KeyBinding } from "../keys.js";

export type QueryAction =
  | "run"
  | "clear"
  | "older"
  | "newer"
  | "back"
  | "edit"
  | "up"
  | "down"
  | "pageUp"
  | "pageDown"
  | "left"
  | "right"
  | "stop";

/** Typing the query: every printable key goes to the text; Enter runs it on the lake's engine. */
export const editBindings: KeyBinding<QueryAction>[] = [
  { keys: ["enter"], action: "run", description: "run" },
  { keys: ["up"], action: "older", description: "older query" },
  { keys: ["down"], action: "newer", description: "newer query", footer: false },
  { keys: ["ctrl-u"], action: "clear", description: "clear" },
  { keys: ["esc"], action: "back", description: "back" },
];

/** While it runs: Esc stops it (Athena: StopQueryExecution). */
export const runningBindings: KeyBinding<QueryAction>[] = [
  { keys: ["esc"], action: "stop", description: "stop" },
];

/** The rows, in the preview's grid. */
export const resultBindings: KeyBinding<QueryAction>[] = [
  { keys: ["e", "esc"], action: "edit", description: "edit query" },
  { keys: ["down", "j"], action: "down", description: "next row", footer: false },
  { keys: ["up", "k"], action: "up", description: "previous row", footer: false },
  { keys: ["pgdn", "n"], action: "pageDown", description: "page down", footer: false },
  { keys: ["pgup", "N"], action: "pageUp", description: "page up", footer: false },
  { keys: [">", "right", "l"], action: "right", description: "columns right" },
  { keys: ["<", "left", "h"], action: "left", description: "columns left" },
];

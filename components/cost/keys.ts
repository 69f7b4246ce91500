import type { KeyBinding } from "../keys.js";

export type CostAction =
  | "open"
  | "pane"
  | "refresh"
  | "back"
  | "up"
  | "down"
  | "pageUp"
  | "pageDown"
  | "first"
  | "last";

export const costBindings: KeyBinding<CostAction>[] = [
  { keys: ["enter", "l", "right"], action: "open", description: "drill down" },
  { keys: ["tab", "w"], action: "pane", description: "what-if/breakdown" },
  { keys: ["r"], action: "refresh", description: "scan again" },
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "back" },
  { keys: ["down", "j"], action: "down", description: "next row", footer: false },
  { keys: ["up", "k"], action: "up", description: "previous row", footer: false },
  { keys: ["pgdn", "ctrl-d"], action: "pageDown", description: "page down", footer: false },
  { keys: ["pgup", "ctrl-u"], action: "pageUp", description: "page up", footer: false },
  { keys: ["g", "home"], action: "first", description: "first row", footer: false },
  { keys: ["G", "end"], action: "last", description: "last row", footer: false },
];

/** While the scan runs: Esc cancels it (and stays, so what was cancelled shows), `r` is not offered. */
export const scanningBindings: KeyBinding<CostAction>[] = [
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "cancel scan" },
];

import { type KeyBinding, rowMotionBindings } from "../keys.js";

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
  ...rowMotionBindings(),
];

/** While the scan runs: Esc cancels it (and stays, so what was cancelled shows), `r` is not offered. */
export const scanningBindings: KeyBinding<CostAction>[] = [
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "cancel scan" },
];

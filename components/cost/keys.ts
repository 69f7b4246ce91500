import { type KeyBinding, rowMotionBindings } from "../keys.js";

export type CostAction =
  | "open"
  | "pane"
  | "apply"
  | "confirm"
  | "cancel"
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
  { keys: ["tab", "w"], action: "pane", description: "what-if/small files" },
  { keys: ["a"], action: "apply", description: "apply policy…" },
  { keys: ["r"], action: "refresh", description: "scan again" },
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "back" },
  ...rowMotionBindings(),
];

/** While the scan runs: Esc cancels it (and stays, so what was cancelled shows), `r` is not offered. */
export const scanningBindings: KeyBinding<CostAction>[] = [
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "cancel scan" },
];

/** The lifecycle document is shown: nothing is written until y; j/k scroll it. */
export const applyConfirmBindings: KeyBinding<CostAction>[] = [
  { keys: ["y", "enter"], action: "confirm", description: "apply" },
  { keys: ["n", "esc"], action: "cancel", description: "cancel" },
  ...rowMotionBindings("line"),
];

/** Reading the bucket's rules, or writing them: no keys but help until it ends. */
export const applyingBindings: KeyBinding<CostAction>[] = [];

import { type KeyBinding, rowMotionBindings } from "../keys.js";

export type DiffAction =
  | "sync"
  | "classes"
  | "filter"
  | "refresh"
  | "back"
  | "up"
  | "down"
  | "pageUp"
  | "pageDown"
  | "first"
  | "last"
  | "filterDone"
  | "filterClear";

export const diffBindings: KeyBinding<DiffAction>[] = [
  { keys: ["s"], action: "sync", description: "sync" },
  { keys: ["tab"], action: "classes", description: "class" },
  { keys: ["/"], action: "filter", description: "filter" },
  { keys: ["r"], action: "refresh", description: "refresh" },
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "back" },
  ...rowMotionBindings(),
];

export const diffFilterBindings: KeyBinding<DiffAction>[] = [
  { keys: ["enter"], action: "filterDone", description: "keep filter" },
  { keys: ["esc"], action: "filterClear", description: "clear filter" },
  { keys: ["down"], action: "down", description: "next row", footer: false },
  { keys: ["up"], action: "up", description: "previous row", footer: false },
];

export type ConfirmAction = "apply" | "dropStale" | "cancel";

export const confirmBindings: KeyBinding<ConfirmAction>[] = [
  { keys: ["y", "enter"], action: "apply", description: "apply" },
  { keys: ["x"], action: "dropStale", description: "drop stale on/off" },
  { keys: ["n", "esc"], action: "cancel", description: "cancel" },
];

/** While applying: nothing to press (the sync is not interrupted half-way). */
export const runningBindings: KeyBinding<never>[] = [];

export type ResultAction = "done";

export const resultBindings: KeyBinding<ResultAction>[] = [
  { keys: ["enter", "esc", "r"], action: "done", description: "back to the diff" },
];

/** Every action of the diff screen, in all its modes: what its handler receives. */
export type DiffScreenAction = DiffAction | ConfirmAction | ResultAction;

export type LakeDiffAction = "open" | "all" | "refresh" | "back" | "up" | "down" | "first" | "last";

export const lakeDiffBindings: KeyBinding<LakeDiffAction>[] = [
  { keys: ["enter", "l", "right", "d"], action: "open", description: "diff" },
  { keys: ["a"], action: "all", description: "all/out of step" },
  { keys: ["r"], action: "refresh", description: "refresh" },
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "back" },
  { keys: ["down", "j"], action: "down", description: "next row", footer: false },
  { keys: ["up", "k"], action: "up", description: "previous row", footer: false },
  { keys: ["g", "home"], action: "first", description: "first row", footer: false },
  { keys: ["G", "end"], action: "last", description: "last row", footer: false },
];

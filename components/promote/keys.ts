import { type KeyBinding, rowMotionBindings } from "../keys.js";

export type PromoteAction = "run" | "dryRun" | "confirm" | "cancel" | "back" | "rejects" | "runs";

/** The plan is shown: Enter asks to promote, n counts without writing. */
export const planBindings: KeyBinding<PromoteAction>[] = [
  { keys: ["enter"], action: "run", description: "promote…" },
  { keys: ["n"], action: "dryRun", description: "dry run" },
  { keys: ["x"], action: "rejects", description: "rejects table", footer: false },
  { keys: ["R"], action: "runs", description: "runs", footer: false },
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "back" },
];

/** Asking before anything is written. */
export const confirmBindings: KeyBinding<PromoteAction>[] = [
  { keys: ["y", "enter"], action: "confirm", description: "promote" },
  { keys: ["n", "esc"], action: "cancel", description: "cancel" },
];

/** A run goes to its end (a killed run is resumed with `medallion runs resume`): no keys but help. */
export const runningBindings: KeyBinding<PromoteAction>[] = [];

/** The result: the rejects table and the run journal are one key away. */
export const resultBindings: KeyBinding<PromoteAction>[] = [
  { keys: ["x"], action: "rejects", description: "rejects table" },
  { keys: ["R"], action: "runs", description: "runs" },
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "back" },
];

export type RunsAction =
  | "open"
  | "back"
  | "refresh"
  | "up"
  | "down"
  | "pageUp"
  | "pageDown"
  | "first"
  | "last"
  | "resume"
  | "rollback"
  | "confirm"
  | "cancel";

export const runsBindings: KeyBinding<RunsAction>[] = [
  { keys: ["enter", "l", "right"], action: "open", description: "show run" },
  { keys: ["r"], action: "refresh", description: "refresh" },
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "back" },
  ...rowMotionBindings("run"),
];

/** One run shown; an unfinished one can be finished (resume) or undone (roll back), after asking. */
export const runBindings: KeyBinding<RunsAction>[] = [
  { keys: ["esc", "backspace", "h", "left"], action: "back", description: "back" },
];
export const unfinishedRunBindings: KeyBinding<RunsAction>[] = [
  { keys: ["u"], action: "resume", description: "resume" },
  { keys: ["B"], action: "rollback", description: "roll back" },
  ...runBindings,
];
export const runConfirmBindings: KeyBinding<RunsAction>[] = [
  { keys: ["y", "enter"], action: "confirm", description: "yes" },
  { keys: ["n", "esc"], action: "cancel", description: "cancel" },
];

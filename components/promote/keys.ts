import { type KeyBinding, rowMotionBindings } from "../keys.js";

export type PromoteAction = "run" | "dryRun" | "confirm" | "cancel" | "back" | "rejects" | "runs" | "stop";

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

/**
 * Running: Esc (or Ctrl-C, which then does not quit) stops the stage (Athena's query, DuckDB's statement)
 * and leaves the run to resume or roll back; a commit that has begun goes to its end.
 */
export const runningBindings: KeyBinding<PromoteAction>[] = [
  { keys: ["esc", "ctrl-c"], action: "stop", description: "stop" },
];
/** Committing: Esc says why it goes on; Ctrl-C quits, and the process ends once the commit has. */
export const committingBindings: KeyBinding<PromoteAction>[] = [
  { keys: ["esc"], action: "stop", description: "stop" },
];
/** Stopping: a second Ctrl-C quits at once (the journal keeps the run to resume). */
export const stoppingBindings: KeyBinding<PromoteAction>[] = [];

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
  | "cancel"
  | "stop";

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
/**
 * Resuming or rolling back: Esc or Ctrl-C stops a resume's stage (Athena's query, DuckDB's statement),
 * as on the promotion screen; a commit or a rollback goes to its end (Esc says so, Ctrl-C quits after it).
 */
export const runWorkingBindings: KeyBinding<RunsAction>[] = [
  { keys: ["esc", "ctrl-c"], action: "stop", description: "stop" },
];
export const runFinishingBindings: KeyBinding<RunsAction>[] = [
  { keys: ["esc"], action: "stop", description: "stop" },
];
/** Stopping: a second Ctrl-C quits at once (the journal keeps the run to resume). */
export const runStoppingBindings: KeyBinding<RunsAction>[] = [];
export const runConfirmBindings: KeyBinding<RunsAction>[] = [
  { keys: ["y", "enter"], action: "confirm", description: "yes" },
  { keys: ["n", "esc"], action: "cancel", description: "cancel" },
];

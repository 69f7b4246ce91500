import type { KeyBinding } from "../keys.js";

/** The keys of a rows grid (a file's preview, a query's results): a row cursor and a column cursor. */
export type RowsAction =
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
  | "sort"
  | "filter"
  | "clearOrder"
  | "profile"
  | "pin"
  | "unpin"
  | "wholeValues"
  | "back"
  | "goToApply"
  | "goToCancel"
  | "filterApply"
  | "filterClear"
  | "nextRecord"
  | "previousRecord";

/** The grid: the footer's first hints, then the motions (help only). Screens add their own keys between. */
export const rowsLeadBindings: KeyBinding<RowsAction>[] = [
  { keys: ["enter"], action: "record", description: "record" },
  { keys: ["s"], action: "sort", description: "sort" },
  { keys: ["f"], action: "filter", description: "filter" },
  { keys: ["a"], action: "profile", description: "profile column", footer: false },
  { keys: ["#"], action: "goTo", description: "go to row" },
  { keys: [">"], action: "pageRight", description: "columns →" },
  { keys: ["<"], action: "pageLeft", description: "columns ←", footer: false },
];

export const rowsMotionBindings: KeyBinding<RowsAction>[] = [
  { keys: ["backspace", "h", "esc"], action: "back", description: "back" },
  { keys: ["down", "j"], action: "down", description: "next row", footer: false },
  { keys: ["up", "k"], action: "up", description: "previous row", footer: false },
  { keys: ["n", "pgdn", "ctrl-d"], action: "nextPage", description: "next page", footer: false },
  { keys: ["N", "pgup", "ctrl-u"], action: "previousPage", description: "previous page", footer: false },
  { keys: ["g", "home"], action: "first", description: "first row", footer: false },
  { keys: ["G", "end"], action: "last", description: "last row", footer: false },
  { keys: ["right"], action: "right", description: "next column", footer: false },
  { keys: ["left"], action: "left", description: "previous column", footer: false },
  { keys: ["p"], action: "pin", description: "pin/unpin the column", footer: false },
  { keys: ["P"], action: "unpin", description: "unpin all columns", footer: false },
  { keys: ["w"], action: "wholeValues", description: "whole values on/off", footer: false },
];

/** Ahead of the grid's keys while rows are sorted or filtered: Esc shows them in file order again. */
export const orderedBindings: KeyBinding<RowsAction>[] = [
  { keys: ["esc"], action: "clearOrder", description: "unsort/unfilter" },
];

/** One row as a record (Enter on a row): every column, whole values. */
export const recordBindings: KeyBinding<RowsAction>[] = [
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
export const goToBindings: KeyBinding<RowsAction>[] = [
  { keys: ["enter"], action: "goToApply", description: "go" },
  { keys: ["esc"], action: "goToCancel", description: "cancel" },
];

/** While typing what to filter the column by (`f`); the rows follow as it is typed. */
export const filterBindings: KeyBinding<RowsAction>[] = [
  { keys: ["enter"], action: "filterApply", description: "keep filter" },
  { keys: ["esc"], action: "filterClear", description: "clear filter" },
];

import type { KeyBinding } from "../keys.js";

export type BrowserAction =
  | "open"
  | "preview"
  | "back"
  | "up"
  | "down"
  | "pageUp"
  | "pageDown"
  | "first"
  | "last"
  | "filter"
  | "sort"
  | "refresh"
  | "copy"
  | "diff"
  | "sync"
  | "filterDone"
  | "filterClear";

export const browserBindings: KeyBinding<BrowserAction>[] = [
  { keys: ["enter", "right", "l"], action: "open", description: "open" },
  { keys: ["p"], action: "preview", description: "preview" },
  { keys: ["backspace", "left", "h", "esc"], action: "back", description: "back" },
  { keys: ["/"], action: "filter", description: "filter" },
  { keys: ["o"], action: "sort", description: "sort" },
  { keys: ["r"], action: "refresh", description: "refresh" },
  { keys: ["y"], action: "copy", description: "copy URI" },
  { keys: ["d"], action: "diff", description: "catalog diff", footer: false },
  { keys: ["s"], action: "sync", description: "sync the catalog", footer: false },
  { keys: ["down", "j"], action: "down", description: "next row", footer: false },
  { keys: ["up", "k"], action: "up", description: "previous row", footer: false },
  { keys: ["pgdn", "ctrl-d", "ctrl-f"], action: "pageDown", description: "page down", footer: false },
  { keys: ["pgup", "ctrl-u", "ctrl-b"], action: "pageUp", description: "page up", footer: false },
  { keys: ["g", "home"], action: "first", description: "first row", footer: false },
  { keys: ["G", "end"], action: "last", description: "last row", footer: false },
];

/** While typing a filter, letters go to the filter; these keys still act. */
export const browserFilterBindings: KeyBinding<BrowserAction>[] = [
  { keys: ["enter"], action: "filterDone", description: "keep filter" },
  { keys: ["esc"], action: "filterClear", description: "clear filter" },
  { keys: ["down"], action: "down", description: "next row", footer: false },
  { keys: ["up"], action: "up", description: "previous row", footer: false },
  { keys: ["pgdn"], action: "pageDown", description: "page down", footer: false },
  { keys: ["pgup"], action: "pageUp", description: "page up", footer: false },
];

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
  | "reverse"
  | "refresh"
  | "copy"
  | "diff"
  | "sync"
  | "cost"
  | "promote"
  | "query"
  | "profile"
  | "filterDone"
  | "filterClear";

export const browserBindings: KeyBinding<BrowserAction>[] = [
  { keys: ["enter", "right", "l"], action: "open", description: "open" },
  { keys: ["p"], action: "preview", description: "preview" },
  { keys: ["d"], action: "diff", description: "diff", footer: false },
  { keys: ["s"], action: "sync", description: "sync", footer: false },
  { keys: ["c"], action: "cost", description: "cost", footer: false },
  { keys: ["P"], action: "promote", description: "promote", footer: false },
  { keys: ["Q"], action: "query", description: "query", footer: false },
  { keys: ["a"], action: "profile", description: "profile", footer: false },
  { keys: ["backspace", "left", "h", "esc"], action: "back", description: "back" },
  { keys: ["/"], action: "filter", description: "filter" },
  { keys: ["o"], action: "sort", description: "sort" },
  { keys: ["O"], action: "reverse", description: "reverse sort", footer: false },
  { keys: ["r"], action: "refresh", description: "refresh" },
  { keys: ["y"], action: "copy", description: "copy URI" },
  { keys: ["down", "j"], action: "down", description: "next row", footer: false },
  { keys: ["up", "k"], action: "up", description: "previous row", footer: false },
  { keys: ["pgdn", "ctrl-d", "ctrl-f"], action: "pageDown", description: "page down", footer: false },
  { keys: ["pgup", "ctrl-u", "ctrl-b"], action: "pageUp", description: "page up", footer: false },
  { keys: ["g", "home"], action: "first", description: "first row", footer: false },
  { keys: ["G", "end"], action: "last", description: "last row", footer: false },
];

const variants = new Map<string, KeyBinding<BrowserAction>[]>();

/**
 * The browser's table where the cursor is: `d` (diff) and `s` (sync) show in the footer only where they
 * apply (in or on a table), and `s` not in read-only mode. The same array per variant, so the
 * footer redraws only when the variant changes.
 */
export function browserBindingsFor(onTable: boolean, readOnly: boolean): KeyBinding<BrowserAction>[] {
  const key = `${onTable}/${readOnly}`;
  let bindings = variants.get(key);
  if (!bindings) {
    bindings = browserBindings.flatMap((b) => {
      if (b.action === "diff") return [{ ...b, footer: onTable }];
      // Read-only: `s` still explains why it cannot sync, but is not offered.
      if (b.action === "sync") return [{ ...b, footer: onTable && !readOnly }];
      return [b];
    });
    variants.set(key, bindings);
  }
  return bindings;
}

/** While typing a filter, letters go to the filter; these keys still act. */
export const browserFilterBindings: KeyBinding<BrowserAction>[] = [
  { keys: ["enter"], action: "filterDone", description: "keep filter" },
  { keys: ["esc"], action: "filterClear", description: "clear filter" },
  { keys: ["down"], action: "down", description: "next row", footer: false },
  { keys: ["up"], action: "up", description: "previous row", footer: false },
  { keys: ["pgdn"], action: "pageDown", description: "page down", footer: false },
  { keys: ["pgup"], action: "pageUp", description: "page up", footer: false },
];

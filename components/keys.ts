import type { Key } from "ink";

/**
 * Key bindings are data (k9s style): one table per screen maps keys to an action and a description.
 * The same table drives key handling, the footer hints and the help overlay, so they never drift.
 */
export interface KeyBinding<A extends string = string> {
  /** Key names as produced by `keyName`: `j`, `G`, `enter`, `esc`, `backspace`, `up`, `pgdn`, `ctrl-c`, `?`. */
  keys: string[];
  action: A;
  description: string;
  /** Shown in the footer (default); help always lists every binding. */
  footer?: boolean;
}

/** The row motions a list screen shares (diff, cost, runs); `row` is what a row is ("row", "run"). */
export type RowMotion = "up" | "down" | "pageUp" | "pageDown" | "first" | "last";
export function rowMotionBindings(row = "row"): KeyBinding<RowMotion>[] {
  return [
    { keys: ["down", "j"], action: "down", description: `next ${row}`, footer: false },
    { keys: ["up", "k"], action: "up", description: `previous ${row}`, footer: false },
    { keys: ["pgdn", "ctrl-d"], action: "pageDown", description: "page down", footer: false },
    { keys: ["pgup", "ctrl-u"], action: "pageUp", description: "page up", footer: false },
    { keys: ["g", "home"], action: "first", description: `first ${row}`, footer: false },
    { keys: ["G", "end"], action: "last", description: `last ${row}`, footer: false },
  ];
}

const named: [keyof Key, string][] = [
  ["upArrow", "up"],
  ["downArrow", "down"],
  ["leftArrow", "left"],
  ["rightArrow", "right"],
  ["pageUp", "pgup"],
  ["pageDown", "pgdn"],
  ["home", "home"],
  ["end", "end"],
  ["return", "enter"],
  ["tab", "tab"],
];

/** One name per key press; most terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`. */
export function keyName(input: string, key: Key): string {
  for (const [flag, name] of named) {
    if (key[flag]) return flag === "tab" && key.shift ? "shift-tab" : name;
  }
  if (key.backspace || key.delete) return "backspace";
  if (key.escape) return "esc";
  if (key.ctrl && input) return `ctrl-${input}`;
  return input;
}

/**
 * The key presses in a run of typed-ahead text (a paste, or keys a laggy SSH link delivered in one read):
 * Ink splits escape sequences apart but hands a run like `\r\rj\r` over as one string, with the flags of
 * none of its keys. Each character becomes the press it stands for: CR/LF Enter, TAB Tab, DEL/BS
 * Backspace, other control characters Ctrl-<letter>, anything else itself.
 */
export function typedAheadKeys(input: string, chunkKey: Key): { input: string; key: Key }[] {
  const plain: Key = { ...chunkKey, return: false, tab: false, backspace: false, delete: false, ctrl: false };
  return Array.from(input).map((char) => {
    const code = char.codePointAt(0) ?? 0;
    if (char === "\r" || char === "\n") return { input: "", key: { ...plain, return: true } };
    if (char === "\t") return { input: "", key: { ...plain, tab: true } };
    if (code === 0x7f || code === 0x08) return { input: "", key: { ...plain, backspace: true } };
    if (code >= 1 && code <= 26) {
      return { input: String.fromCharCode(code + 96), key: { ...plain, ctrl: true } };
    }
    return { input: char, key: { ...plain, shift: /[A-Z]/.test(char) } };
  });
}

/** Keys by action, from the user's keymap for one screen (or `global`). */
export type KeyOverrides = Readonly<Record<string, readonly string[]>>;

const remapped = new WeakMap<readonly KeyBinding[], { overrides: KeyOverrides; bindings: KeyBinding[] }>();

/**
 * The binding table with the user's keys in place of the defaults for each action they remapped (stu's
 * keybindings file): every other action keeps its keys, minus any key the user gave to another action.
 */
export function remapBindings<A extends string>(
  bindings: readonly KeyBinding<A>[],
  overrides: KeyOverrides | undefined,
): readonly KeyBinding<A>[] {
  if (!overrides || Object.keys(overrides).length === 0) return bindings;
  const cached = remapped.get(bindings);
  if (cached?.overrides === overrides) return cached.bindings as KeyBinding<A>[];
  const taken = new Set(Object.values(overrides).flat());
  const result = bindings.map((b) => {
    const keys = overrides[b.action];
    return keys ? { ...b, keys: [...keys] } : { ...b, keys: b.keys.filter((k) => !taken.has(k)) };
  });
  remapped.set(bindings, { overrides, bindings: result });
  return result;
}

/** The first keymap entry that names no action of its screen, as one line; undefined when all do. */
export function keymapProblem(
  keymap: Readonly<Record<string, KeyOverrides>>,
  actionsByScreen: Readonly<Record<string, readonly string[]>>,
): string | undefined {
  for (const [screen, overrides] of Object.entries(keymap)) {
    const actions = actionsByScreen[screen];
    if (!actions)
      return `keymap.${screen}: no such screen (screens: ${Object.keys(actionsByScreen).join(", ")})`;
    for (const action of Object.keys(overrides)) {
      if (!actions.includes(action)) {
        return `keymap.${screen}.${action}: no such action (actions: ${actions.join(", ")})`;
      }
    }
  }
  return undefined;
}

export function findBinding<A extends string>(
  bindings: readonly KeyBinding<A>[],
  name: string,
): KeyBinding<A> | undefined {
  return bindings.find((b) => b.keys.includes(name));
}

const labels: Record<string, string> = {
  up: "↑",
  down: "↓",
  left: "←",
  right: "→",
  enter: "⏎",
  backspace: "⌫",
  pgup: "PgUp",
  pgdn: "PgDn",
  " ": "space",
};

export function keyLabel(name: string): string {
  return labels[name] ?? name;
}

/** What `name` does in `bindings` with the user's keys for them applied, if anything. */
export function actionOf<A extends string>(
  bindings: readonly KeyBinding<A>[],
  overrides: KeyOverrides | undefined,
  name: string,
): A | undefined {
  return findBinding(remapBindings(bindings, overrides), name)?.action;
}

/** `j/k/↓/↑` — every key of a binding, for help. */
export function keysLabel(binding: KeyBinding): string {
  return binding.keys.map(keyLabel).join("/");
}

/** The hints that fit in `width` columns: `⏎ open  / filter  ? help`, in table order. */
export function footerHints(bindings: readonly KeyBinding[], width: number, separator = "  "): string {
  let line = "";
  for (const b of bindings) {
    if (b.footer === false) continue;
    const hint = `${keyLabel(b.keys[0] ?? "")} ${b.description}`;
    const next = line ? `${line}${separator}${hint}` : hint;
    if (next.length > width) break;
    line = next;
  }
  return line;
}

/** Keys the shell handles on every screen (unless a text field has the keyboard). */
export type GlobalAction = "help" | "palette" | "quit";

export const globalBindings: KeyBinding<GlobalAction>[] = [
  { keys: ["?"], action: "help", description: "help" },
  { keys: [":"], action: "palette", description: "go to" },
  { keys: ["q", "ctrl-c"], action: "quit", description: "quit" },
];

/** Keys of the `:` palette (letters are the typed text); its hint line is drawn from this table. */
export type PaletteAction = "go" | "cancel" | "next" | "previous" | "complete" | "erase";

export const paletteBindings: KeyBinding<PaletteAction>[] = [
  { keys: ["down", "ctrl-n"], action: "next", description: "next" },
  { keys: ["up", "ctrl-p"], action: "previous", description: "previous" },
  { keys: ["tab"], action: "complete", description: "complete" },
  { keys: ["enter"], action: "go", description: "go" },
  { keys: ["esc"], action: "cancel", description: "cancel" },
  { keys: ["backspace"], action: "erase", description: "erase a character", footer: false },
];

/** Keys of the help overlay; any other key closes it. */
export type HelpAction = "scrollDown" | "scrollUp" | "close";

export const helpBindings: KeyBinding<HelpAction>[] = [
  { keys: ["j", "down"], action: "scrollDown", description: "scroll" },
  { keys: ["k", "up"], action: "scrollUp", description: "scroll up", footer: false },
  { keys: ["esc"], action: "close", description: "close (any other key too)" },
];

/** The tables of the shell's own overlays, by the name a keymap gives them. */
export const overlayBindings = { global: globalBindings, palette: paletteBindings, help: helpBindings };

import type { Key } from "ink";
import { createContext, useContext, useLayoutEffect, useRef } from "react";
import { findBinding, type KeyBinding, type KeyOverrides, remapBindings } from "./keys.js";

/**
 * What the current screen listens to, as the shell sees it: the active table (for the footer) and a
 * dispatcher that finds the binding of a key and hands its action, typed, to the screen's handler.
 */
export interface ScreenKeys {
  bindings: readonly KeyBinding[];
  /** Acts on the key `name` (the user's keymap applied); false when the active table has no such key. */
  act: (name: string, overrides: KeyOverrides | undefined) => boolean;
  /** While set, gets every key first (a text field has the keyboard); returns true when it used it. */
  onText?: (input: string, key: Key, name: string) => boolean;
  /**
   * False while the screen's rows are still loading: keys typed ahead (Enter Enter j pasted in one go)
   * wait for the rows they act on, as in a shell, for at most the shell's type-ahead wait.
   */
  ready?: boolean;
  /**
   * The screen itself is not there yet (its code is loading): every key waits for it, even one pressed
   * alone, which otherwise acts at once on a screen still loading its rows (Esc leaves a slow listing).
   */
  hold?: boolean;
}

export interface ScreenKeysRegistry {
  /** Where the shell reads the screen's keys at the moment a key arrives. */
  set(current: (() => ScreenKeys) | undefined): void;
  /** The active table changed (e.g. a filter opened): redraw the footer. */
  changed(bindings: readonly KeyBinding[]): void;
  /** The screen became ready (or not): keys waiting for it may go on. */
  readyChanged(ready: boolean): void;
}

export const ScreenKeysContext = createContext<ScreenKeysRegistry>({
  set: () => {},
  changed: () => {},
  readyChanged: () => {},
});

/** The dispatcher for one table and its handler: the action stays of the table's own union. */
export function screenKeys<A extends string>(
  bindings: readonly KeyBinding<A>[],
  onAction: (action: A) => void,
  onText?: ScreenKeys["onText"],
  ready?: boolean,
): ScreenKeys {
  return {
    bindings,
    act: (name, overrides) => {
      const binding = findBinding(remapBindings(bindings, overrides), name);
      if (binding) onAction(binding.action);
      return binding !== undefined;
    },
    onText,
    ready,
  };
}

/**
 * Publishes the screen's key table to the shell, which dispatches keys and draws the footer and help
 * from it. The shell reads the table and handlers of the latest render when a key arrives, so a key
 * typed right after `/` already goes to the filter. `bindings` should be a module-level array per mode;
 * `onAction` receives the actions of that table's union (a screen with several modes names their union).
 */
export function useScreenKeys<A extends string>(
  bindings: readonly KeyBinding<A>[],
  onAction: (action: A) => void,
  onText?: ScreenKeys["onText"],
  ready = true,
): void {
  const registry = useContext(ScreenKeysContext);
  const latest = useRef<ScreenKeys>(screenKeys(bindings, onAction, onText, ready));
  latest.current = screenKeys(bindings, onAction, onText, ready);
  // Layout effects run as the screen commits, so the very next key already reaches it.
  useLayoutEffect(() => {
    registry.set(() => latest.current);
    return () => registry.set(undefined);
  }, [registry]);
  useLayoutEffect(() => registry.changed(bindings), [registry, bindings]);
  useLayoutEffect(() => registry.readyChanged(ready), [registry, ready]);
}

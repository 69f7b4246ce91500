import { Text } from "ink";
import { useContext, useLayoutEffect } from "react";
import { type ScreenKeys, ScreenKeysContext } from "../screen-keys.js";

const WAITING: ScreenKeys = { bindings: [], act: () => false, ready: false, hold: true };

/** Shown while a lazy screen's code loads: keys typed meanwhile wait for the screen, then reach it. */
export function ScreenLoading() {
  const registry = useContext(ScreenKeysContext);
  useLayoutEffect(() => {
    registry.set(() => WAITING);
    registry.changed(WAITING.bindings);
    registry.readyChanged(false);
    return () => registry.set(undefined);
  }, [registry]);
  return <Text dimColor>loading…</Text>;
}

import { Text } from "ink";
import { useScreenKeys } from "../screen-keys.js";

const NO_KEYS: readonly never[] = [];
const ignore = () => {};

/** Shown while a lazy screen's code loads: keys typed meanwhile wait for the screen (not ready). */
export function ScreenLoading() {
  useScreenKeys(NO_KEYS, ignore, undefined, false);
  return <Text dimColor>loading…</Text>;
}

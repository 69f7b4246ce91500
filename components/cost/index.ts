import type { ScreenDefinition } from "../screens/registry.js";
import { costScreen } from "./cost-screen.js";

/** The cost screen: `c` in the browser, `:cost [path]` in the palette. */
export const costScreens: ScreenDefinition[] = [costScreen];

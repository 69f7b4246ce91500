import type { ScreenDefinition } from "../screens/registry.js";
import { queryScreen } from "./query-screen.js";

/** The query screen: `Q` in the browser, `:query [path or SQL]` in the palette. */
export const queryScreens: ScreenDefinition[] = [queryScreen];

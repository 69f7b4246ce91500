import { lazyScreen } from "../screens/lazy-screen.js";
import type { ScreenDefinition } from "../screens/registry.js";
import { applyConfirmBindings, costBindings, scanningBindings } from "./keys.js";

/** The cost screen: `c` in the browser, `:cost [path]` in the palette. */
export const costScreens: ScreenDefinition[] = [
  {
    id: "cost",
    title: "Cost",
    bindings: [...costBindings, ...scanningBindings, ...applyConfirmBindings],
    component: lazyScreen(async () => (await import("./cost-screen.js")).CostScreen),
    paletteParams: (argument) => ({ path: argument }),
  },
];

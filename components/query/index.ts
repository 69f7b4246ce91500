import { lazyScreen } from "../screens/lazy-screen.js";
import type { ScreenDefinition } from "../screens/registry.js";
import { editBindings, exportFormatBindings, resultBindings, runningBindings } from "./keys.js";

/** The query screen: `Q` in the browser, `:query [path or SQL]` in the palette. */
export const queryScreens: ScreenDefinition[] = [
  {
    id: "query",
    title: "Query",
    bindings: [
      ...editBindings,
      ...runningBindings,
      ...resultBindings,
      ...exportFormatBindings.map((b) => ({ ...b, description: `export: ${b.description}` })),
    ],
    component: lazyScreen(async () => (await import("./query-screen.js")).QueryScreen),
    paletteParams: (argument) => (argument.includes(" ") ? { sql: argument } : { path: argument }),
  },
];

import { lazyScreen } from "../screens/lazy-screen.js";
import type { ScreenDefinition } from "../screens/registry.js";
import {
  confirmBindings,
  planBindings,
  resultBindings,
  runConfirmBindings,
  runningBindings,
  runsBindings,
  runWorkingBindings,
  unfinishedRunBindings,
} from "./keys.js";

/** Promotion (`P` in the browser, `:promote <table>`) and the run journal (`:runs`). */
export const promoteScreens: ScreenDefinition[] = [
  {
    id: "promote",
    title: "Promote",
    bindings: [...planBindings, ...confirmBindings, ...runningBindings, ...resultBindings],
    component: lazyScreen(async () => (await import("./promote-screen.js")).PromoteScreen),
    paletteParams: (argument) => ({ table: argument }),
  },
  {
    id: "runs",
    title: "Runs",
    bindings: [...runsBindings, ...unfinishedRunBindings, ...runConfirmBindings, ...runWorkingBindings],
    component: lazyScreen(async () => (await import("./runs-screen.js")).RunsScreen),
    paletteParams: (argument) => (argument ? { run: argument } : {}),
  },
];

import { lazyScreen } from "../screens/lazy-screen.js";
import type { ScreenDefinition } from "../screens/registry.js";
import { profileBindings } from "./keys.js";

/** The profile screen: `a` in the browser, `:profile <path>` in the palette. */
export const profileScreens: ScreenDefinition[] = [
  {
    id: "profile",
    title: "Profile",
    bindings: profileBindings,
    component: lazyScreen(async () => (await import("./profile-screen.js")).ProfileScreen),
    paletteParams: (argument) => ({ path: argument }),
  },
];

import type { ScreenDefinition } from "../screens/registry.js";
import { profileScreen } from "./profile-screen.js";

/** The profile screen: `a` in the browser, `:profile <path>` in the palette. */
export const profileScreens: ScreenDefinition[] = [profileScreen];

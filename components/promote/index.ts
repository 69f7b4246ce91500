import type { ScreenDefinition } from "../screens/registry.js";
import { promoteScreen } from "./promote-screen.js";
import { runsScreen } from "./runs-screen.js";

/** Promotion (`P` in the browser, `:promote <table>`) and the run journal (`:runs`). */
export const promoteScreens: ScreenDefinition[] = [promoteScreen, runsScreen];

import { browserBadges } from "../screens/browser-badges.js";
import type { ScreenDefinition } from "../screens/registry.js";
import { catalogBadge } from "./badge.js";
import { diffScreen } from "./diff-screen.js";
import { lakeDiffScreen } from "./lake-diff-screen.js";

export { SyncProvider } from "./provider.js";
export { type SyncSource, syncSource, syncSourceFor } from "./source.js";

/** The sync screens: one table's diff and sync (`diff`), and the lake-wide diff (`catalog`). */
export const syncScreens: ScreenDefinition[] = [diffScreen, lakeDiffScreen];

// The browser's catalog column, added once when the sync UI is loaded.
if (!browserBadges.includes(catalogBadge)) browserBadges.push(catalogBadge);

export { openSync, tableOfPath } from "./open-sync.js";

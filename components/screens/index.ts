import { costScreens } from "../cost/index.js";
import { profileScreens } from "../profile/index.js";
import { promoteScreens } from "../promote/index.js";
import { queryScreens } from "../query/index.js";
import { syncScreens } from "../sync/index.js";
import { browserScreen } from "./browser.js";
import { previewScreen } from "./preview.js";
import type { ScreenDefinition } from "./registry.js";

/** Every screen the app knows, in palette order. Add yours here (see components/README.md). */
export const defaultScreens: ScreenDefinition[] = [
  browserScreen,
  previewScreen,
  ...syncScreens,
  ...costScreens,
  ...promoteScreens,
  ...queryScreens,
  ...profileScreens,
];

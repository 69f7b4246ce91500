import { type ComponentType, lazy } from "react";
import type { ScreenProps } from "./registry.js";

/**
 * A screen whose code is loaded when it is first opened (the app shows "loading…" meanwhile): the
 * first frame, the browser, then compiles none of the cost, promotion, query or profile screens, nor
 * what they import (the cost model, node:crypto, node:zlib).
 */
export function lazyScreen(load: () => Promise<ComponentType<ScreenProps>>): ComponentType<ScreenProps> {
  return lazy(async () => ({ default: await load() }));
}

import type { ComponentType } from "react";
import type { KeyBinding } from "../keys.js";

/** Parameters of a screen, all strings so a palette command or a history entry can name them. */
export type ScreenParams = Record<string, string | undefined>;

/** How a screen moves around; the shell keeps a stack, so `back` returns where you came from. */
export interface Navigator {
  /** Pushes a screen (Esc/Backspace comes back here). */
  open(screen: string, params?: ScreenParams): void;
  /** Replaces the current screen (moving within a screen, e.g. the browser going one level down). */
  replace(screen: string, params?: ScreenParams): void;
  /** Pops back to the previous screen; does nothing on the first one. */
  back(): void;
  /** One line in the status bar; `error` lines are shown in the error colour. */
  notify(message: string, tone?: "info" | "error"): void;
}

export interface ScreenProps {
  params: ScreenParams;
  width: number;
  /** Rows available to the screen (the shell draws header, status and footer around it). */
  height: number;
  nav: Navigator;
}

/**
 * A screen the shell can show. Add one by exporting a definition and listing it in screens/index.ts;
 * the palette, the help overlay and the footer pick it up from here.
 */
export interface ScreenDefinition {
  id: string;
  title: string;
  /** Every key the screen handles, for help (the screen publishes the ones active now with useScreenKeys). */
  bindings: readonly KeyBinding[];
  component: ComponentType<ScreenProps>;
  /** Params for `:<id> <argument>` in the palette; absent when the screen needs none or cannot be jumped to. */
  paletteParams?: (argument: string) => ScreenParams;
  /** Listed in the palette (default true). */
  inPalette?: boolean;
}

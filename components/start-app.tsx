// Ink, React and every screen, in one module: commands/tui.ts starts importing it before anything else,
// so the slow part of start-up (Ink's modules) loads while the config is read and the header drawn.
import { type Instance, render } from "ink";
import type { Keymap, Settings, SettingsStore } from "../src/config/settings.js";
import { App } from "./app.js";
import { terminalClipboard } from "./clipboard.js";
import type { ListingCache } from "./context.js";
import type { LakeSource } from "./source.js";

export interface StartOptions {
  source: LakeSource;
  /** Lake path the browser opens at ("" is the lake root), or the file the preview opens. */
  path: string;
  /** The user's keymap, and a line about the settings file when it could not be used. */
  keymap?: Keymap;
  notice?: string;
  /** The last sorts and recent paths as read, and the settings file to keep changes in. */
  remembered?: Pick<Settings, "sorts" | "recentPaths">;
  settingsStore?: Pick<SettingsStore, "rememberSort" | "rememberPath">;
  /** The first screen: the browser (default) or, for a file, the preview. */
  screen?: "browser" | "preview";
  stdout: NodeJS.WriteStream;
  /** Listings done before the app mounted (the first screen's, prefetched): drawn in the first frame. */
  cache: ListingCache;
}

/** Mounts the app shell on the terminal; Ink draws its first frame from here. */
export function startApp({
  source,
  path,
  stdout,
  cache,
  keymap,
  notice,
  remembered,
  settingsStore,
  screen = "browser",
}: StartOptions): Instance {
  const app = (
    <App
      source={source}
      cache={cache}
      keymap={keymap}
      notice={notice}
      remembered={remembered}
      settingsStore={settingsStore}
      clipboard={terminalClipboard(stdout)}
      start={{ screen, params: { path } }}
    />
  );
  // Ctrl-C is a quit key of the shell (like q), so Ink must not kill the process before it restores.
  return render(app, { stdout, exitOnCtrlC: false, patchConsole: true });
}

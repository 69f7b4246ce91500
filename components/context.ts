import { createContext, useContext } from "react";
import type { LakeEntry } from "../src/lake/entry.js";
import type { Clipboard } from "./clipboard.js";
import type { LakeSource } from "./source.js";
import { type Theme, themeFor } from "./theme.js";
import type { UserSettings } from "./user-settings.js";

/** Completed listings by lake path, so going back to a level draws at once; `r` reloads. */
export type ListingCache = Map<string, LakeEntry[]>;

export interface AppContextValue {
  source: LakeSource;
  cache: ListingCache;
  theme: Theme;
  /** Puts text on the user's clipboard and says where it went (the UI prints the text either way). */
  clipboard: Clipboard;
  /** The last sort per listing level and the recent paths, kept in the user's settings file. */
  settings: UserSettings;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useLake(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error("useLake outside <App>");
  return value;
}

export function defaultTheme(): Theme {
  return themeFor();
}

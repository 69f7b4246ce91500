import { RECENT_PATHS, type Settings, type SettingsStore } from "../src/config/settings.js";
import { errorLine } from "../src/errors.js";

/**
 * What the UI keeps of the user's settings while it runs: the last sort per listing level and the
 * recent paths. Read once at start; each change is kept here at once and written to the settings file
 * (when there is one), so the next session starts where this one left.
 */
export interface UserSettings {
  /** The last sort chosen where `level` is listed (`layer`, `domain`, `table`, `partition`, `file`). */
  sortOf(level: string): string | undefined;
  rememberSort(level: string, sort: string): void;
  /** Paths opened lately, newest first. */
  recentPaths(): readonly string[];
  rememberPath(path: string): void;
}

/**
 * The session's settings, from `initial` (the file as read), written through to `store`; a write that
 * fails is said once through `onError` (the session keeps the change in memory).
 */
export function sessionSettings(
  initial: Pick<Settings, "sorts" | "recentPaths"> = { sorts: {}, recentPaths: [] },
  store?: Pick<SettingsStore, "rememberSort" | "rememberPath">,
  onError: (line: string) => void = () => {},
): UserSettings {
  const sorts = new Map(Object.entries(initial.sorts));
  let recent = [...initial.recentPaths];
  let failed = false;
  const write = (save: () => void) => {
    if (!store || failed) return;
    try {
      save();
    } catch (err) {
      failed = true;
      onError(`settings not saved: ${errorLine(err)}`);
    }
  };
  return {
    sortOf: (level) => sorts.get(level),
    rememberSort: (level, sort) => {
      if (sorts.get(level) === sort) return;
      sorts.set(level, sort);
      write(() => store?.rememberSort(level, sort));
    },
    recentPaths: () => recent,
    rememberPath: (path) => {
      if (!path || recent[0] === path) return;
      recent = [path, ...recent.filter((p) => p !== path)].slice(0, RECENT_PATHS);
      write(() => store?.rememberPath(path));
    },
  };
}

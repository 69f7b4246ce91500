// Per-user settings, kept with `conf` in the user's config folder (~/.config/medallion/settings.json, or
// $MEDALLION_SETTINGS_DIR): a keymap that remaps any action, the last sort per listing level, recent
// paths for the `:` palette, and recent queries. Secrets never go here.
import { z } from "zod";
import { MedallionError } from "../errors.js";

/** `keymap.<screen>.<action>: [keys]`, e.g. `{ "browser": { "preview": ["v"] }, "global": { "quit": ["x"] } }`. */
const KeymapSchema = z.record(z.string(), z.record(z.string(), z.array(z.string().min(1)).min(1)));

export const SettingsSchema = z.object({
  keymap: KeymapSchema.default({}),
  /** The last sort chosen per listing level (`layer`, `domain`, `table`, `partition`, `file`). */
  sorts: z.record(z.string(), z.string()).default({}),
  /** Paths opened lately, newest first, offered by the `:` palette. */
  recentPaths: z.array(z.string()).default([]),
  /** Queries run lately (`medallion query`, the query screen), newest first. */
  queryHistory: z.array(z.string()).default([]),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type Keymap = Settings["keymap"];

/** How many recent paths are kept. */
export const RECENT_PATHS = 20;
/** How many recent queries are kept. */
const RECENT_QUERIES = 50;

export interface SettingsStore {
  /** The file, for messages. */
  readonly path: string;
  read(): Settings;
  rememberSort(level: string, sort: string): void;
  rememberPath(path: string): void;
  rememberQuery(sql: string): void;
}

/**
 * Opens the settings file. A malformed file is not fatal to the UI: `read()` throws one line naming the
 * file and the field, and the caller falls back to the defaults and says so.
 */
export async function openSettings(env: NodeJS.ProcessEnv = process.env): Promise<SettingsStore> {
  const { default: Conf } = await import("conf");
  let store: InstanceType<typeof Conf<Record<string, unknown>>>;
  try {
    store = new Conf<Record<string, unknown>>({
      projectName: "medallion",
      projectSuffix: "",
      configName: "settings",
      ...(env.MEDALLION_SETTINGS_DIR ? { cwd: env.MEDALLION_SETTINGS_DIR } : {}),
    });
  } catch (err) {
    throw new MedallionError("config", `settings: ${(err as Error).message.split("\n")[0]}`);
  }
  const read = (): Settings => {
    const parsed = SettingsSchema.safeParse(store.store);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join(".") || "(top level)";
    throw new MedallionError("config", `${store.path}: ${where}: ${issue?.message ?? "not valid"}`);
  };
  return {
    path: store.path,
    read,
    rememberSort: (level, sort) => store.set("sorts", { ...(store.get("sorts") as object), [level]: sort }),
    rememberPath: (path) => {
      const recent = (store.get("recentPaths") as unknown[] | undefined) ?? [];
      const kept = recent.filter((p) => typeof p === "string" && p !== path);
      store.set("recentPaths", [path, ...kept].slice(0, RECENT_PATHS));
    },
    rememberQuery: (sql) => {
      const recent = (store.get("queryHistory") as unknown[] | undefined) ?? [];
      const kept = recent.filter((q) => typeof q === "string" && q !== sql);
      store.set("queryHistory", [sql, ...kept].slice(0, RECENT_QUERIES));
    },
  };
}

// Per-user settings, kept with `conf` in the user's config folder (~/.config/medallion/settings.json, or
// $MEDALLION_SETTINGS_DIR): a keymap that remaps any action, the last sort per listing level, recent
// paths for the `:` palette, and recent queries. Secrets never go here.
import { readFileSync } from "node:fs";
import path from "node:path";
import type Conf from "conf";
import envPaths from "env-paths";
import * as z from "zod";
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
  /** Resolves once every change remembered so far is in the file (a failed write is dropped: settings are a convenience). */
  saved(): Promise<void>;
}

/** The file `conf` keeps: settings.json in $MEDALLION_SETTINGS_DIR or the user's config folder. */
function settingsFile(env: NodeJS.ProcessEnv): string {
  const folder = env.MEDALLION_SETTINGS_DIR || envPaths("medallion", { suffix: "" }).config;
  return path.resolve(folder, "settings.json");
}

/**
 * Opens the settings file. It is read directly, and `conf` (with its JSON-schema validator, ~25 ms of the
 * UI's start-up) is loaded only to write, on the first change. A malformed file is not fatal to the UI:
 * `read()` throws one line naming the file and the field, and the caller falls back to the defaults.
 */
export async function openSettings(env: NodeJS.ProcessEnv = process.env): Promise<SettingsStore> {
  const file = settingsFile(env);
  // One store a file in a process, so whoever waits for `saved()` (the UI, on quitting) waits for all.
  let opened = stores.get(file);
  if (!opened) {
    opened = settingsStore(file);
    stores.set(file, opened);
  }
  return opened;
}

const stores = new Map<string, SettingsStore>();

function settingsStore(file: string): SettingsStore {
  const read = (): Settings => {
    let raw: unknown = {};
    try {
      raw = JSON.parse(readFileSync(file, "utf8"));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT")
        throw new MedallionError(
          "config",
          `${file}: not valid JSON: ${(err as Error).message.split("\n")[0]}`,
        );
    }
    const parsed = SettingsSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join(".") || "(top level)";
    throw new MedallionError("config", `${file}: ${where}: ${issue?.message ?? "not valid"}`);
  };
  let store: Promise<InstanceType<typeof Conf<Record<string, unknown>>>> | undefined;
  const conf = () => {
    store ??= import("conf").then(
      ({ default: Conf }) =>
        new Conf<Record<string, unknown>>({
          projectName: "medallion",
          projectSuffix: "",
          configName: "settings",
          cwd: path.dirname(file),
        }),
    );
    return store;
  };
  // Changes are written in the order made, each on the file as the last one left it.
  let writes = Promise.resolve();
  const change = (apply: (store: Awaited<ReturnType<typeof conf>>) => void) => {
    writes = writes.then(() => conf().then(apply)).catch(() => undefined);
  };
  const recent = (store: Awaited<ReturnType<typeof conf>>, key: string, value: string, keep: number) => {
    const before = (store.get(key) as unknown[] | undefined) ?? [];
    const kept = before.filter((v) => typeof v === "string" && v !== value);
    store.set(key, [value, ...kept].slice(0, keep));
  };
  return {
    path: file,
    read,
    rememberSort: (level, sort) =>
      change((store) => store.set("sorts", { ...(store.get("sorts") as object), [level]: sort })),
    rememberPath: (lakePath) => change((store) => recent(store, "recentPaths", lakePath, RECENT_PATHS)),
    rememberQuery: (sql) => change((store) => recent(store, "queryHistory", sql, RECENT_QUERIES)),
    saved: () => writes,
  };
}

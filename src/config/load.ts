import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type * as z from "zod";
import { MedallionError } from "../errors.js";
import { type Config, type ConfigFlags, ConfigSchema, type LakeRoot, NetworkSchema } from "./schema.js";

export const CONFIG_FILE = "medallion.yaml";

function configError(file: string, message: string): MedallionError {
  return new MedallionError("config", `${file}: ${message}`);
}

/** One line for the first problems zod found: `field.path: what was expected`. */
function describeIssues(issues: z.core.$ZodIssue[]): string {
  const lines = issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join(".") : "(top level)";
    // A bad record key (e.g. a table path) carries the key's own rule in its nested issues.
    const message =
      issue.code === "invalid_key" ? `expected ${issue.issues[0]?.message ?? "a valid key"}` : issue.message;
    return `${where}: ${message}`;
  });
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return lines.join("; ") + more;
}

/** `field` names where the value came from in messages: `lake` (the file) or `--lake`. */
export function parseLakeRoot(lake: string, baseDir: string, field = "lake"): LakeRoot {
  if (lake.startsWith("s3://")) {
    const rest = lake.slice("s3://".length);
    const slash = rest.indexOf("/");
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? "" : rest.slice(slash + 1).replace(/\/+$/, "");
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new MedallionError(
        "config",
        `${field}: "${lake}" does not name a valid S3 bucket (expected s3://bucket/prefix)`,
      );
    }
    return { kind: "s3", bucket, prefix: prefix ? `${prefix}/` : "" };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(lake)) {
    throw new MedallionError("config", `${field}: "${lake}" is neither a folder nor an s3:// URI`);
  }
  return { kind: "local", path: path.resolve(baseDir, lake) };
}

/** Finds the config file: `--config`, then MEDALLION_CONFIG, then ./medallion.yaml. */
export function findConfigFile(flags: ConfigFlags, cwd = process.cwd()): string | undefined {
  const named = flags.config ?? process.env.MEDALLION_CONFIG;
  if (named) {
    const file = path.resolve(cwd, named);
    if (!existsSync(file)) throw new MedallionError("config", `${named}: no such config file`);
    return file;
  }
  const local = path.join(cwd, CONFIG_FILE);
  return existsSync(local) ? local : undefined;
}

/** Reads one config file: its YAML value, or undefined when the file holds nothing (empty or comments only). */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw configError(file, `cannot read: ${(err as Error).message}`);
  }
  try {
    return parseYaml(text) ?? undefined;
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const pos = err.linePos?.[0];
      const at = pos ? `line ${pos.line}, column ${pos.col}: ` : "";
      throw configError(file, `${at}not valid YAML (${err.message.split("\n")[0]})`);
    }
    throw err;
  }
}

/** The flags that override a field of the file, with the flag's name for messages. */
const flagFields = {
  lake: "--lake",
  catalog: "--catalog",
  engine: "--engine",
  region: "--region",
  profile: "--profile",
  endpointUrl: "--endpoint-url",
  tenant: "--tenant",
} as const;

/** The `network` fields a flag overrides, with the flag's name for messages. */
const networkFlags = {
  connectTimeout: "--connect-timeout",
  readTimeout: "--read-timeout",
  retries: "--retries",
} as const;

/** `127.0.0.1:5177` and `localhost:5177` are URLs to zod (scheme `localhost`), not endpoints to the SDK. */
function checkEndpoint(value: unknown): string | undefined {
  if (typeof value !== "string" || /^https?:\/\/[^/]/i.test(value)) return undefined;
  const bare = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, "");
  return `"${value}" is not an http(s) URL: did you mean http://${bare}?`;
}

/** A bad flag is blamed on the flag, not on the file it overrides. */
function checkFlags(flags: ConfigFlags): void {
  for (const [field, flag] of Object.entries(flagFields) as [keyof typeof flagFields, string][]) {
    const value = flags[field];
    if (value === undefined || field === "lake") continue;
    const problem =
      (field === "endpointUrl" ? checkEndpoint(value) : undefined) ??
      ConfigSchema.shape[field].safeParse(value).error?.issues[0]?.message;
    if (problem) throw new MedallionError("usage", `${flag} ${value}: ${problem}`);
  }
  for (const [field, flag] of Object.entries(networkFlags) as [keyof typeof networkFlags, string][]) {
    const value = flags.network?.[field];
    if (value === undefined) continue;
    if (!Number.isFinite(value))
      throw new MedallionError(
        "usage",
        `${flag}: expected a number${field === "retries" ? "" : " of seconds"}`,
      );
    const problem = NetworkSchema.shape[field].safeParse(value).error?.issues[0]?.message;
    if (problem) throw new MedallionError("usage", `${flag} ${value}: ${problem}`);
  }
}

/** The lake's own medallion.yaml, when `--lake` names a local folder that has one. */
function lakeFolderConfig(flags: ConfigFlags, cwd: string): string | undefined {
  if (!flags.lake || /^[a-z][a-z0-9+.-]*:\/\//i.test(flags.lake)) return undefined;
  const file = path.join(path.resolve(cwd, flags.lake), CONFIG_FILE);
  return existsSync(file) ? file : undefined;
}

function noLake(file: string | undefined, empty: boolean, cwd: string): MedallionError {
  const how = "pass --lake <folder|s3://bucket/prefix>, --config <file>, or run `medallion demo`";
  if (file === undefined)
    return new MedallionError("config", `no lake configured: no ${CONFIG_FILE} in ${cwd}; ${how}`);
  return configError(
    file,
    `${empty ? "the file is empty" : "no lake field"}: add \`lake: <folder|s3://bucket/prefix>\`, or ${how}`,
  );
}

/**
 * The config in force: the file (`--config`, $MEDALLION_CONFIG, ./medallion.yaml, or the `--lake` folder's
 * own) with each flag overriding its one field. `readOnly` is only ever switched on by a flag, never off.
 * A lake given only by `--lake` needs no file. Without either, the error says how to get a lake.
 */
export function loadConfig(flags: ConfigFlags = {}, cwd = process.cwd()): Config {
  checkFlags(flags);
  const file = findConfigFile(flags, cwd) ?? lakeFolderConfig(flags, cwd);
  const raw = file ? readConfigFile(file) : undefined;
  if (raw !== undefined && (typeof raw !== "object" || raw === null || Array.isArray(raw))) {
    throw configError(file ?? "flags", "expected a mapping of settings (lake, catalog, tables, …)");
  }
  const fromFile = (raw ?? {}) as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...fromFile };
  for (const field of Object.keys(flagFields) as (keyof typeof flagFields)[]) {
    if (flags[field] !== undefined) merged[field] = flags[field];
  }
  if (flags.readOnly === true) merged.readOnly = true;
  if (flags.network && Object.keys(flags.network).length > 0) {
    const own = fromFile.network;
    merged.network = { ...(typeof own === "object" && own !== null ? own : {}), ...flags.network };
  }
  if (merged.lake === undefined) throw noLake(file, raw === undefined, cwd);
  const endpoint = flags.endpointUrl === undefined ? checkEndpoint(merged.endpointUrl) : undefined;
  if (endpoint && file) throw configError(file, `endpointUrl: ${endpoint}`);
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) throw configError(file ?? "flags", describeIssues(parsed.error.issues));
  const baseDir = file && flags.lake === undefined ? path.dirname(file) : cwd;
  const root = parseLakeRoot(parsed.data.lake, baseDir, flags.lake === undefined ? "lake" : "--lake");
  return { ...parsed.data, source: file, root };
}

/**
 * Whether changes are refused, for commands that need no lake (`demo`): the flag, or `readOnly: true` in
 * the config file that would be in force.
 */
export function readOnlyInForce(flags: ConfigFlags, cwd = process.cwd()): boolean {
  if (flags.readOnly === true) return true;
  const file = findConfigFile(flags, cwd);
  const raw = file ? readConfigFile(file) : undefined;
  return typeof raw === "object" && raw !== null && (raw as Record<string, unknown>).readOnly === true;
}

/** Glue database name for a layer, from the `database` template. */
export function databaseName(config: Pick<Config, "database">, layer: string): string {
  return config.database.replaceAll("{layer}", layer);
}

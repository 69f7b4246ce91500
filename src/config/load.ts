import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { MedallionError } from "../errors.js";
import { type Config, type ConfigFlags, ConfigSchema, type LakeRoot } from "./schema.js";

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

export function parseLakeRoot(lake: string, baseDir: string): LakeRoot {
  if (lake.startsWith("s3://")) {
    const rest = lake.slice("s3://".length);
    const slash = rest.indexOf("/");
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? "" : rest.slice(slash + 1).replace(/\/+$/, "");
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new MedallionError(
        "config",
        `lake: "${lake}" does not name a valid S3 bucket (expected s3://bucket/prefix)`,
      );
    }
    return { kind: "s3", bucket, prefix: prefix ? `${prefix}/` : "" };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(lake)) {
    throw new MedallionError("config", `lake: "${lake}" is neither a folder nor an s3:// URI`);
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

/** Reads and validates one config file; the error names the file, the field and what was expected. */
export function readConfigFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw configError(file, `cannot read: ${(err as Error).message}`);
  }
  try {
    return parseYaml(text) ?? {};
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const pos = err.linePos?.[0];
      const at = pos ? `line ${pos.line}, column ${pos.col}: ` : "";
      throw configError(file, `${at}not valid YAML (${err.message.split("\n")[0]})`);
    }
    throw err;
  }
}

const flagFields = ["lake", "catalog", "engine", "region", "profile", "endpointUrl", "readOnly"] as const;

/**
 * The config in force: the file if there is one, with flags on top. A lake given only by
 * `--lake` needs no file. Without either, the error says how to get a lake.
 */
export function loadConfig(flags: ConfigFlags = {}, cwd = process.cwd()): Config {
  const file =
    flags.lake && !flags.config && !process.env.MEDALLION_CONFIG ? undefined : findConfigFile(flags, cwd);
  const raw = file ? readConfigFile(file) : {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw configError(file ?? "flags", "expected a mapping of settings (lake, catalog, tables, …)");
  }
  const merged: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const field of flagFields) {
    if (flags[field] !== undefined) merged[field] = flags[field];
  }
  if (merged.lake === undefined) {
    throw new MedallionError(
      "config",
      `no lake configured: no ${CONFIG_FILE} in ${cwd}; pass --lake <folder|s3://bucket/prefix>, --config <file>, or run \`medallion demo\``,
    );
  }
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) throw configError(file ?? "flags", describeIssues(parsed.error.issues));
  const baseDir = file && merged.lake === (raw as Record<string, unknown>).lake ? path.dirname(file) : cwd;
  const root = parseLakeRoot(parsed.data.lake, baseDir);
  return { ...parsed.data, source: file, root };
}

/** Glue database name for a layer, from the `database` template. */
export function databaseName(config: Pick<Config, "database">, layer: string): string {
  return config.database.replaceAll("{layer}", layer);
}

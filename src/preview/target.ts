import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { type Config, type ConfigFlags, loadConfig } from "../config/index.js";
import { MedallionError, NotFoundError } from "../errors.js";
import { storeChildren, suggestPath } from "../lake/not-found.js";
import { resolveLocation } from "../lake/resolve.js";
import { LocalStore, openStore } from "../storage/index.js";
import type { ObjectStore } from "../storage/object-store.js";

/** The object a user named, and the store to read it through. */
export interface PreviewTarget {
  store: ObjectStore;
  key: string;
  /** Where it is, for messages: `s3://…` or a file path. */
  uri: string;
}

/** Names that are not data: Spark/Hive markers (`_SUCCESS`, `_committed_…`), hidden files, checksums. */
function isDataFile(key: string): boolean {
  const name = key.split("/").pop() ?? "";
  return !name.startsWith("_") && !name.startsWith(".") && !name.endsWith(".crc");
}

/** The first data file under a folder-like key (a table or partition), in key order. */
async function firstFileUnder(store: ObjectStore, prefix: string): Promise<string | undefined> {
  for await (const page of store.list(prefix)) {
    const found = page.objects.find((o) => o.size > 0 && isDataFile(o.key));
    if (found) return found.key;
  }
  return undefined;
}

/** A key that names an object, or a folder whose first data file to use. */
async function objectOrFirstFile(store: ObjectStore, key: string, location: string): Promise<string> {
  const folder = key.replace(/\/+$/, "");
  if (!key.endsWith("/") && folder !== "") {
    try {
      await store.head(folder);
      return folder;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
  }
  const first = await firstFileUnder(store, folder === "" ? "" : `${folder}/`);
  if (first === undefined) {
    const meant = await suggestPath(folder, storeChildren(store)).catch(() => undefined);
    // Said as the user said it: a lake path stays a lake path, a URI or absolute path a full one.
    const shown = meant === undefined ? undefined : asTyped(location, folder, meant, store.uri(meant));
    throw new NotFoundError(
      location,
      `not found: ${location} (no object, and no data file under ${store.uri(folder)})${orMeant(shown)}`,
    );
  }
  return first;
}

/** A file path that names nothing: the nearest name under its deepest existing folder, as the user typed it. */
async function nearestFile(typed: string, absolute: string): Promise<string | undefined> {
  let base = path.dirname(absolute);
  while (!existsSync(base) && path.dirname(base) !== base) base = path.dirname(base);
  const rest = path.relative(base, absolute).split(path.sep).join("/");
  const meant = await suggestPath(rest, storeChildren(new LocalStore(base))).catch(() => undefined);
  if (meant === undefined) return undefined;
  return asTyped(typed, rest, meant, path.join(base, meant));
}

/** A suggestion said as the user said it: the mistyped tail of what they typed replaced, else `full`. */
function asTyped(typed: string, tail: string, meant: string, full: string): string {
  const bare = typed.replace(/\/+$/, "");
  if (tail !== "" && bare.endsWith(tail)) return `${bare.slice(0, bare.length - tail.length)}${meant}`;
  return full;
}

const orMeant = (meant: string | undefined) => (meant === undefined ? "" : `; did you mean ${meant}?`);

function configOrUndefined(flags: ConfigFlags, cwd: string): Config | undefined {
  try {
    return loadConfig(flags, cwd);
  } catch (err) {
    if (
      err instanceof MedallionError &&
      err.code === "config" &&
      err.message.startsWith("no lake configured")
    ) {
      return undefined;
    }
    throw err;
  }
}

/**
 * What `preview` and `schema` read: a local file or folder anywhere (no medallion.yaml needed), an
 * `s3://bucket/key` URI (the lake's region, profile and endpoint when there is a lake, else the flags'),
 * or a lake path. A folder, table or partition stands for its first data file.
 */
export async function resolvePreviewTarget(
  location: string,
  flags: ConfigFlags,
  cwd = process.cwd(),
): Promise<PreviewTarget> {
  // A tenant (flag or `tenant:`) scopes previews too; a config that fails to load is reported below, if needed.
  const scoped = flags.tenant !== undefined ? configOrUndefined(flags, cwd) : quietConfig(flags, cwd);
  if (scoped?.tenant !== undefined) return tenantTarget(location, scoped);
  if (location.startsWith("s3://")) {
    const rest = location.slice("s3://".length);
    const bucket = rest.split("/")[0] ?? "";
    const keyInBucket = rest.slice(bucket.length + 1);
    const lake = configOrUndefined(flags, cwd);
    const config = lake
      ? { ...lake, root: { kind: "s3" as const, bucket, prefix: "" } }
      : loadConfig({ ...flags, lake: `s3://${bucket}` }, cwd);
    const store = openStore(config);
    const key = await objectOrFirstFile(store, keyInBucket, location);
    return { store, key, uri: store.uri(key) };
  }
  const local = path.resolve(cwd, location.startsWith("file://") ? location.slice(7) : location);
  if (existsSync(local)) {
    const isFolder = statSync(local).isDirectory();
    const store = new LocalStore(isFolder ? local : path.dirname(local));
    const key = isFolder ? await objectOrFirstFile(store, "", location) : path.basename(local);
    return { store, key, uri: store.uri(key) };
  }
  const config = configOrUndefined(flags, cwd);
  if (!config) {
    throw new NotFoundError(
      location,
      `not found: ${location} (no such file here, and no lake configured to look it up in: pass --lake or --config)${orMeant(await nearestFile(location, local))}`,
    );
  }
  const store = openStore(config);
  const layers = [config.layers.bronze, config.layers.silver, config.layers.gold];
  const key = await objectOrFirstFile(
    store,
    resolveLocation(location, config.root, { layers, cwd }),
    location,
  );
  return { store, key, uri: store.uri(key) };
}

function quietConfig(flags: ConfigFlags, cwd: string): Config | undefined {
  try {
    return configOrUndefined(flags, cwd);
  } catch {
    return undefined;
  }
}

/** Under a tenant, whatever is named goes through the lake's scoped store: outside the tenant is refused. */
async function tenantTarget(location: string, config: Config): Promise<PreviewTarget> {
  const { openLake } = await import("../lake/lake.js");
  const lake = openLake(config);
  const key = await objectOrFirstFile(lake.store, lake.resolve(location), location);
  return { store: lake.store, key, uri: lake.store.uri(key) };
}

import path from "node:path";
import type { LakeRoot } from "../config/index.js";
import { MedallionError } from "../errors.js";

/** How the lake root is shown in messages: `s3://bucket/prefix` or the folder. */
export function rootLocation(root: LakeRoot): string {
  return root.kind === "s3"
    ? `s3://${root.bucket}/${root.prefix.replace(/\/$/, "")}`.replace(/\/$/, "")
    : root.path;
}

function outside(location: string, root: LakeRoot): MedallionError {
  return new MedallionError(
    "outside-lake",
    `\`${location}\` is outside the lake ${rootLocation(root)}: give a path under it`,
  );
}

/** `a//b/./c/` → `a/b/c/`; undefined when `..` climbs above the root. Keeps a trailing `/`. */
function normalizeKey(key: string): string | undefined {
  const folder = key.endsWith("/");
  const parts: string[] = [];
  for (const part of key.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.pop() === undefined) return undefined;
      continue;
    }
    parts.push(part);
  }
  if (parts.length === 0) return "";
  return parts.join("/") + (folder ? "/" : "");
}

/** True when a path.relative() result leaves the folder it was taken from. */
function climbsOut(relative: string): boolean {
  return relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

function fromS3(location: string, root: LakeRoot): string {
  if (root.kind !== "s3") throw outside(location, root);
  const rest = location.slice("s3://".length);
  const slash = rest.indexOf("/");
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? "" : rest.slice(slash + 1);
  if (bucket !== root.bucket) throw outside(location, root);
  // `s3://bucket/prefix` names the root itself, with or without the slash.
  if (root.prefix !== "" && `${key}/` === root.prefix) return "";
  if (!key.startsWith(root.prefix)) throw outside(location, root);
  const relative = normalizeKey(key.slice(root.prefix.length));
  if (relative === undefined) throw outside(location, root);
  return relative;
}

function fromFile(location: string, root: LakeRoot, cwd: string): string {
  if (root.kind !== "local") throw outside(location, root);
  const absolute = path.resolve(cwd, location);
  const relative = path.relative(root.path, absolute);
  if (climbsOut(relative)) throw outside(location, root);
  if (relative === "") return "";
  const key = relative.split(path.sep).join("/");
  return /[/\\]$/.test(location) ? `${key}/` : key;
}

/** True when a relative path names something under the local root as seen from cwd (`lake/bronze/…`). */
function isUnderLocalRoot(location: string, root: LakeRoot, cwd: string): boolean {
  if (root.kind !== "local" || path.resolve(cwd) === root.path) return false;
  const relative = path.relative(root.path, path.resolve(cwd, location));
  return !climbsOut(relative);
}

/**
 * A key relative to the lake root from what a user typed: a lake path (`silver/sales/orders/year=2024`),
 * an `s3://bucket/prefix/…` URI, or a file path (absolute, `./…`, or relative to cwd) into a local lake.
 * A trailing `/` is kept. Throws `outside-lake` for a location not under the root.
 */
export function resolveLocation(
  location: string,
  root: LakeRoot,
  options: { layers?: string[]; cwd?: string } = {},
): string {
  const cwd = options.cwd ?? process.cwd();
  if (location.startsWith("s3://")) return fromS3(location, root);
  if (location.startsWith("file://"))
    return fromFile(decodeURIComponent(location.slice("file://".length)), root, cwd);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) {
    throw new MedallionError(
      "usage",
      `\`${location}\` is not a lake location: give a lake path (silver/sales/orders), an s3:// URI or a file path`,
    );
  }
  if (path.isAbsolute(location) || /^\.\.?(\/|$)/.test(location)) {
    return fromFile(location, root, cwd);
  }
  // A bare relative path is a lake path, unless it does not start with a layer and names a place
  // under the local root from where the user stands (e.g. `demo-lake/bronze/sales`).
  const first = location.split("/")[0] ?? "";
  const layers = options.layers ?? [];
  if (!layers.includes(first) && isUnderLocalRoot(location, root, cwd)) return fromFile(location, root, cwd);
  const key = normalizeKey(location);
  if (key === undefined) throw outside(location, root);
  return key;
}

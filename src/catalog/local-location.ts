import { createHash } from "node:crypto";
import { homedir } from "node:os";
import path from "node:path";
import type { LakeRoot } from "../config/index.js";

/** The folder for per-user Medallion state: $MEDALLION_HOME, else the platform's config folder. */
export function userStateDir(): string {
  if (process.env.MEDALLION_HOME) return path.resolve(process.env.MEDALLION_HOME);
  if (process.platform === "win32") {
    return path.join(process.env.APPDATA ?? path.join(homedir(), "AppData", "Roaming"), "medallion");
  }
  if (process.platform === "darwin")
    return path.join(homedir(), "Library", "Application Support", "medallion");
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(homedir(), ".config"), "medallion");
}

/**
 * Where the embedded catalog of a lake lives.
 * - a local lake keeps it with the lake: `<lake root>/_medallion/catalog.sqlite`;
 * - an S3 lake with `catalog: local` cannot hold a SQLite file (S3 has no locks or partial writes),
 *   so it lives under the user's config folder, one file per bucket/prefix:
 *   `<config dir>/medallion/catalogs/<bucket>[-<prefix>]-<hash>.sqlite`.
 */
export function localCatalogFile(root: LakeRoot): string {
  if (root.kind === "local") return path.join(root.path, "_medallion", "catalog.sqlite");
  const id = `${root.bucket}/${root.prefix}`;
  const readable = `${root.bucket}${root.prefix ? `-${root.prefix.replace(/\/+$/, "")}` : ""}`
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .slice(0, 80);
  const hash = createHash("sha256").update(id).digest("hex").slice(0, 10);
  return path.join(userStateDir(), "catalogs", `${readable}-${hash}.sqlite`);
}

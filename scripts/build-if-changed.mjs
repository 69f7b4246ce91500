// `npm start`: runs `npm run build` only when a source changed since the last build from here, so the
// UI opens at once on a warm checkout instead of after a full tsc (~23 s). A change is any file under
// tsconfig.json's `include` (or the build's own config) added, removed, or with another size or mtime:
// the fingerprint of those (path, size, mtime) is kept in dist/.build-fingerprint after a build
// (`npm run build` ends with `build-if-changed.mjs --record`).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stamp = path.join(root, "dist/.build-fingerprint");
const entry = path.join(root, "dist/commands/medallion.js");
const buildFiles = ["package.json", "tsconfig.json", "scripts/bundle-cli.mjs"];

/** Every file tsc compiles (tsconfig.json `include`) and the build's own config, as (path, size, mtime). */
export function sourceFingerprint() {
  const { include } = JSON.parse(readFileSync(path.join(root, "tsconfig.json"), "utf8"));
  const files = [...buildFiles];
  for (const folder of include) {
    const dir = path.join(root, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.push(path.relative(root, path.join(entry.parentPath, entry.name)));
    }
  }
  const hash = createHash("sha256");
  for (const file of files.sort()) {
    const s = statSync(path.join(root, file));
    hash.update(`${file}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

/** True when dist/ was built from the sources as they are now. */
export function isBuildCurrent(fingerprint = sourceFingerprint()) {
  return existsSync(entry) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === fingerprint;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === "--record") {
  // The last step of `npm run build`: dist/ now matches the sources.
  writeFileSync(stamp, `${sourceFingerprint()}\n`);
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Taken before building: a file saved during the build makes the next start build again.
  const fingerprint = sourceFingerprint();
  if (!isBuildCurrent(fingerprint)) {
    process.stderr.write("sources changed since the last build: building…\n");
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const build = spawnSync(npm, ["run", "build", "--silent"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) process.exit(build.status ?? 2);
    writeFileSync(stamp, `${fingerprint}\n`);
  }
}

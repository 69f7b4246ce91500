import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const script = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../scripts/build-if-changed.mjs",
);

/** A project shaped like ours whose `npm run build` only counts its runs (and records, as ours does). */
function project(): { root: string; builds: () => number; start: () => string } {
  const root = mkdtempSync(path.join(tmpdir(), "medallion-start-"));
  mkdirSync(path.join(root, "scripts"));
  mkdirSync(path.join(root, "src/lake"), { recursive: true });
  copyFileSync(script, path.join(root, "scripts/build-if-changed.mjs"));
  writeFileSync(path.join(root, "scripts/bundle-cli.mjs"), "");
  writeFileSync(path.join(root, "tsconfig.json"), JSON.stringify({ include: ["src", "commands"] }));
  writeFileSync(path.join(root, "src/lake/a.ts"), "export const a = 1;\n");
  const build =
    "node -e \"const f=require('fs');f.mkdirSync('dist/commands',{recursive:true});f.writeFileSync('dist/commands/medallion.js','');f.appendFileSync('builds','x')\"" +
    " && node scripts/build-if-changed.mjs --record";
  writeFileSync(
    path.join(root, "package.json"),
    JSON.stringify({ name: "p", type: "module", scripts: { build } }),
  );
  return {
    root,
    builds: () => {
      try {
        return readFileSync(path.join(root, "builds"), "utf8").length;
      } catch {
        return 0;
      }
    },
    start: () => {
      const run = spawnSync(process.execPath, ["scripts/build-if-changed.mjs"], {
        cwd: root,
        encoding: "utf8",
      });
      expect(run.status, run.stderr).toBe(0);
      return run.stderr;
    },
  };
}

describe("npm start builds only when the sources changed", () => {
  it("builds the first time, not again while nothing changed, and again after an edit, a new file or a removal", () => {
    const p = project();
    expect(p.start()).toContain("building");
    expect(p.builds()).toBe(1);
    expect(p.start()).toBe("");
    expect(p.builds()).toBe(1);

    const file = path.join(p.root, "src/lake/a.ts");
    writeFileSync(file, "export const a = 2;\n");
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    p.start();
    expect(p.builds()).toBe(2);
    p.start();
    expect(p.builds()).toBe(2);

    mkdirSync(path.join(p.root, "commands"));
    writeFileSync(path.join(p.root, "commands/new.ts"), "");
    p.start();
    expect(p.builds()).toBe(3);
    rmSync(path.join(p.root, "commands/new.ts"));
    p.start();
    expect(p.builds()).toBe(4);
  });

  it("builds when dist/ is gone, and after a plain `npm run build` does not build again", () => {
    const p = project();
    p.start();
    rmSync(path.join(p.root, "dist"), { recursive: true });
    p.start();
    expect(p.builds()).toBe(2);
    expect(spawnSync("npm", ["run", "build", "--silent"], { cwd: p.root }).status).toBe(0);
    expect(p.builds()).toBe(3);
    expect(p.start()).toBe("");
    expect(p.builds()).toBe(3);
  });
});

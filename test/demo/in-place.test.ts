// `mkdir lake && cd lake && medallion demo .`: the demo fills the folder the user stands in, so their shell
// stays in it (it replaced the folder, and every next command in that shell failed on a deleted folder).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli } from "../cli/_run.js";

const root = mkdtempSync(path.join(tmpdir(), "medallion-demo-here-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8" });

describe("medallion demo . in an empty folder", () => {
  it("fills that folder rather than replacing it, and the next command there works", () => {
    const lake = path.join(root, "lake");
    mkdirSync(lake);
    const before = statSync(lake).ino;
    const demo = run(lake, "demo", ".", "--days", "2");
    expect(demo.status, demo.stderr).toBe(0);
    expect(statSync(lake).ino).toBe(before);
    const ls = run(lake, "ls");
    expect(ls.status, ls.stderr).toBe(0);
    expect(ls.stdout).toContain("bronze/");
  }, 300_000);

  it("says in one line that the current folder is gone when it was deleted under the shell", () => {
    const gone = path.join(root, "gone");
    const shell = spawnSync(
      "sh",
      ["-c", `mkdir "${gone}" && cd "${gone}" && rmdir "${gone}" && exec "${process.execPath}" "${cli}" ls`],
      { encoding: "utf8" },
    );
    expect(shell.status).toBe(2);
    expect(shell.stderr.trim()).toBe(
      "medallion: the current folder no longer exists (deleted or replaced since you entered it): cd into it again",
    );
  });
});

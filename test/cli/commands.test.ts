import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Runs the built CLI, as a user would (`npm test` builds first).
const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/commands/medallion.js");

function medallion(...args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: tmpdir() });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const commands = [
  ["ls"],
  ["demo"],
  ["preview"],
  ["schema"],
  ["diff"],
  ["sync"],
  ["promote"],
  ["runs"],
  ["query"],
  ["profile"],
  ["catalog", "register"],
  ["start"],
];

describe("medallion --help", () => {
  it("lists every subcommand", () => {
    const { code, stdout } = medallion("--help");
    expect(code).toBe(0);
    for (const [name] of commands) expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
  });

  it("promises only commands that exist: each verb of its summary is a command (browse is the UI)", () => {
    const { stdout } = medallion("--help");
    const summary = /^(.*) a medallion data lake/m.exec(stdout)?.[1] ?? "";
    const verbs = summary.toLowerCase().split(/, | and /);
    expect(verbs).toContain("preview");
    for (const verb of verbs.filter((v) => v !== "browse"))
      expect(stdout, `"${verb}" is promised`).toMatch(new RegExp(`^  ${verb}\\b`, "m"));
  });

  it.each(commands)("%s --help shows its own options, the shared flags and examples", (...words) => {
    const { code, stdout } = medallion(...words, "--help");
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: medallion ${words.join(" ")}`);
    expect(stdout).toContain("Global Options:");
    expect(stdout).toContain("--read-only");
    expect(stdout).toContain("--endpoint-url");
    expect(stdout).toContain("Examples:");
  });
});

describe("--read-only", () => {
  it("refuses to write a demo lake and leaves nothing behind", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "medallion-ro-")), "lake");
    const { code, stderr } = medallion("--read-only", "demo", dir);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/refused to write a demo lake .*read-only mode/);
    expect(existsSync(dir)).toBe(false);
  });

  it("refuses to create a missing demo lake for start", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "medallion-ro-")), "lake");
    const { code, stderr } = medallion("--read-only", "start", dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/refused to write the demo lake .*read-only mode/);
    expect(existsSync(dir)).toBe(false);
  });
});

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The built CLI a user runs (`npm test` and `npm run build` write it). */
export const cli = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../dist/commands/medallion.js",
);

const run = promisify(execFile);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI in `cwd` with stdin closed (not a terminal), asynchronously so a server in the
 * test process (a proxy, an endpoint) keeps answering; never throws on a non-zero exit.
 */
export async function medallion(cwd: string, ...args: string[]): Promise<CliRun> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

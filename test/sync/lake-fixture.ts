import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

/** The built CLI (`npm run build` first). */
export const cli = path.resolve("dist/commands/medallion.js");
const run = promisify(execFile);

/** Runs the built CLI in `cwd`, stdin closed (not a terminal); never throws on a non-zero exit. */
export async function medallion(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd, env: process.env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A local lake on disk: medallion.yaml plus the given files (path → content). */
export function lakeOnDisk(
  yaml: string,
  files: Record<string, string>,
): { dir: string; lake: string; config: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-sync-lake-"));
  const lake = path.join(dir, "lake");
  mkdirSync(lake, { recursive: true });
  writeFileSync(path.join(dir, "medallion.yaml"), `lake: ./lake\n${yaml}`);
  for (const [key, content] of Object.entries(files)) {
    const file = path.join(lake, ...key.split("/"));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { dir, lake, config: path.join(dir, "medallion.yaml") };
}

export const ORDERS_YAML = `database: acme_{layer}
tables:
  bronze/sales/orders:
    partitionKeys: [year, month]
    format: json
`;

export const order = (id: number) => `${JSON.stringify({ OrderId: id, Amount: 9.5, note: "x" })}\n`;

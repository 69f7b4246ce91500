import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config/index.js";
import { createDemoLake } from "../../src/demo/index.js";
import { type Lake, openLake } from "../../src/lake/index.js";

/** A demo lake of four days (silver and gold promoted and registered), and the Lake over it. */
export async function demoLake(): Promise<{ dir: string; lake: Lake }> {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "medallion-query-")), "lake");
  await createDemoLake(dir, { days: 4, endDate: new Date(Date.UTC(2024, 0, 31)) });
  return { dir, lake: openLake(loadConfig({ config: path.join(dir, "medallion.yaml") })) };
}

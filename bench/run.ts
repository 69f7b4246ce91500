// `npm run bench` runs every benchmark; `npm run bench -- <name>` runs one (a file bench/<name>.ts
// whose default export is an async function that prints its results and a ratio to a baseline).
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const names = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith(".js") && f !== "run.js" && !f.startsWith("_"))
  .map((f) => f.slice(0, -3));
const chosen = names.length > 0 ? names : all;
for (const name of chosen) {
  if (!all.includes(name)) {
    process.stderr.write(`bench: no benchmark named ${name} (have: ${all.join(", ")})\n`);
    process.exit(2);
  }
  process.stdout.write(`\n== ${name} ==\n`);
  const mod = (await import(path.join(here, `${name}.js`))) as { default: () => Promise<void> };
  await mod.default();
}

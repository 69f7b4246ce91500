// `npm run build`, after tsc: bundles the CLI entry (dist/commands/medallion.js) in place, so the
// `medallion` users run loads a few files instead of ~700 small modules. Loading them was most of the
// TUI's start-up: Ink alone is ~530 ESM files (415 of them es-toolkit), and Node 20 resolves, reads
// and links each one; bundled, launch → Ink's first frame with the lake's rows went from ~455 to ~245 ms
// (bench/README.md, "Start-up"). Every lazy `import()` stays lazy (a chunk of its own, loaded on use).
// The tsc output stays beside it: tests and benchmarks import those modules; only the entry is replaced.
import { chmodSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "dist/commands/medallion.js");
const chunks = path.join(root, "dist/commands/chunks");
const MARK = "// medallion CLI, bundled by scripts/bundle-cli.mjs";

if (readFileSync(entry, "utf8").slice(0, 200).includes(MARK)) {
  process.stderr.write("bundle-cli: dist/commands/medallion.js is already bundled; run `npm run build`\n");
  process.exit(2);
}
rmSync(chunks, { recursive: true, force: true });

await build({
  entryPoints: [entry],
  outdir: path.dirname(entry),
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  // React's production build, as a shipped CLI runs it (no dev-only checks; half the bytes to load).
  define: { "process.env.NODE_ENV": '"production"' },
  // Loaded only when a command or screen needs them, and native or large: they stay in node_modules.
  external: [
    "@aws-sdk/*",
    "@smithy/*",
    "@duckdb/*",
    "better-sqlite3",
    "hyparquet",
    "hyparquet-compressors",
    // Ink's devtools, only with DEV=true, and not installed.
    "react-devtools-core",
  ],
  // Bundled CommonJS packages (React, yaml, commander) call require() for Node's modules.
  banner: {
    js: `${MARK}\nimport { createRequire as __bundleRequire } from "node:module";\nconst require = __bundleRequire(import.meta.url);`,
  },
  logLevel: "warning",
});

// Executable, as npm makes an installed bin, so bench/startup launches it as users do. (Starting node
// with a larger young generation through this file's first line was tried: no GC before the first
// frame, but the frame came later, not sooner — bench/README.md, "Start-up".)
chmodSync(entry, 0o755);

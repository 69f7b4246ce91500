import { existsSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { loadConfig, readOnlyInForce } from "../src/config/index.js";
import { ReadOnlyError } from "../src/errors.js";
import { action, globalFlags } from "./context.js";
import { refuseUri } from "./demo.js";

const EXAMPLES = `
Examples:
  medallion start                 the demo lake in ./demo-lake (written the first time)
  medallion start /tmp/lake`;

/** `medallion start [dir]`: the demo lake (written on first run) opened in the terminal UI. */
export function register(program: Command): void {
  program
    .command("start")
    .addHelpText("after", EXAMPLES)
    .description("Open the terminal UI on the demo lake, writing it to [dir] first if it is not there")
    .argument("[dir]", "folder of the demo lake", "./demo-lake")
    .action(
      action(async (dir: string, _opts: unknown, command: Command) => {
        refuseUri(dir);
        const file = path.resolve(dir, "medallion.yaml");
        const flags = globalFlags(command);
        // Only a missing lake pays for the demo writer (DuckDB): an existing one opens at once.
        if (!existsSync(file)) {
          if (readOnlyInForce(flags)) throw new ReadOnlyError(`write the demo lake to ${path.resolve(dir)}`);
          const { ensureDemoLake } = await import("../src/demo/index.js");
          const live = process.stderr.isTTY === true;
          process.stderr.write(`writing the demo lake to ${path.resolve(dir)}…\n`);
          await ensureDemoLake(dir, {
            onProgress: (p) => {
              if (live && p.phase === "write")
                process.stderr.write(`\r${p.filesWritten}/${p.totalFiles} files`);
            },
          });
          if (live) process.stderr.write("\r\u001b[K");
        }
        const config = loadConfig({ ...flags, config: file, lake: undefined });
        const { runTui } = await import("./tui.js");
        return runTui(config);
      }),
    );
}

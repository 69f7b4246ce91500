import type { Command } from "commander";
import { resolveLocation } from "../src/lake/resolve.js";
import { action, configFor } from "./context.js";

const EXAMPLES = `
Examples:
  medallion open silver/sales/orders                     the browser at a table
  medallion open bronze/sales/orders/year=2024/month=01   at a partition
  medallion open s3://my-lake/prod/gold/sales             at an s3:// URI under the lake
  medallion open bronze/sales/payments/year=2024/month=01/part-0.parquet   a file, in the preview`;

/** `medallion open <location>`: the terminal UI opened straight at a lake path, URI or file. */
export function register(program: Command): void {
  program
    .command("open")
    .addHelpText("after", EXAMPLES)
    .description("Open the terminal UI at a location: a lake path, an s3:// URI or a file path")
    .argument("<location>", "lake path, s3:// URI or file path under the lake")
    .action(
      action(async (location: string, _opts: unknown, command: Command) => {
        const config = configFor(command);
        const layers = Object.values(config.layers);
        const path = resolveLocation(location, config.root, { layers }).replace(/\/+$/, "");
        const [{ runTui }, { looksLikeFile }] = await Promise.all([
          import("./tui.js"),
          import("../components/render/lake-paths.js"),
        ]);
        return runTui(config, { path, preview: looksLikeFile(path) });
      }),
    );
}

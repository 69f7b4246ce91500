import type { Command } from "commander";
import { ReadOnlyError } from "../src/errors.js";
import { action, globalFlags, printJson } from "./context.js";

const EXAMPLES = `
Examples:
  medallion demo                     write ./demo-lake and its medallion.yaml
  medallion demo /tmp/lake --json    summary as JSON
Then: cd into the folder and run \`medallion\` (the terminal UI) or \`medallion ls bronze/sales/orders\`.`;

export function register(program: Command): void {
  program
    .command("demo")
    .addHelpText("after", EXAMPLES)
    .description(
      "Write a demo lake to try Medallion on: bronze/sales orders (JSON lines), customers (CSV) and payments " +
        "(Parquet), ~30 days in Hive partitions, ~200k rows with the dirt real feeds have, and its medallion.yaml",
    )
    .argument("[dir]", "folder to create (must not exist, or be empty)", "./demo-lake")
    .option("--json", "print the summary as one JSON document")
    .action(
      action(async (dir: string, opts: { json?: boolean }, command: Command) => {
        if (globalFlags(command).readOnly) throw new ReadOnlyError(`write a demo lake to ${dir}`);
        const [{ createDemoLake }, human] = await Promise.all([
          import("../src/demo/index.js"),
          import("../src/lake/human.js"),
        ]);
        const live = process.stderr.isTTY && !opts.json;
        const summary = await createDemoLake(dir, {
          onProgress: (p) => {
            if (live && p.phase === "write")
              process.stderr.write(`\rwriting ${p.filesWritten}/${p.totalFiles} files…`);
          },
        });
        if (live) process.stderr.write("\r\x1b[K");
        if (opts.json) {
          printJson(summary);
          return;
        }
        const out: string[] = [
          `Demo lake written to ${summary.dir} in ${human.humanDuration(summary.ms)}: ${human.plural(summary.tables.length, "table")}, ` +
            `${human.plural(summary.files, "file")}, ${human.plural(summary.rows, "row")}, ${human.humanBytes(summary.bytes)} ` +
            `(${summary.firstDay} to ${summary.lastDay})`,
        ];
        const width = Math.max(...summary.tables.map((t) => t.path.length));
        for (const t of summary.tables) {
          out.push(
            `  ${t.path.padEnd(width)}  ${t.format.padEnd(7)}  ${human.plural(t.partitions, "partition").padStart(13)}  ` +
              `${human.plural(t.files, "file").padStart(8)}  ${human.plural(t.rows, "row").padStart(12)}  ${human.humanBytes(t.bytes).padStart(9)}`,
          );
        }
        out.push(
          `Dirt to find: re-delivered (duplicate) orders, null and mixed-case emails, malformed created_at, coupon_code from ${summary.couponFrom} on.`,
        );
        out.push(`Next: medallion ls --lake ${dir} bronze/sales/orders`);
        process.stdout.write(`${out.join("\n")}\n`);
      }),
    );
}

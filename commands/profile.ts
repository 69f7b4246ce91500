import type { Command } from "commander";
import { action, configFor, printJson } from "./context.js";

const EXAMPLES = `
Examples:
  medallion profile silver/sales/orders                          every file of the table
  medallion profile silver/sales/orders/year=2026/month=11/day=02   one partition
  medallion profile bronze/sales/payments/year=2026/month=11/part-00000.parquet --json
  medallion profile silver/sales/orders/year=2026/month=11 --engine athena   through Glue, on Athena
Distinct counts are exact up to 1,000,000 rows, HyperLogLog estimates beyond (shown ≈); on Athena always
estimates (approx_distinct), with the bytes scanned and the cost. Ctrl-C stops Athena's query. Exit codes: 0 ok, 2 error.`;

/** The terminal's width, or COLUMNS; piped, lines are not cut. */
function terminalWidth(): number {
  return process.stdout.columns || Number(process.env.COLUMNS) || Number.POSITIVE_INFINITY;
}

export function register(program: Command): void {
  program
    .command("profile")
    .addHelpText("after", EXAMPLES)
    .description(
      "Profile a table, a partition or a file with DuckDB over only its files (or Athena, --engine athena): " +
        "per column nulls, distinct count, min and max, and a histogram (numbers, dates, timestamps) or the top values (text).",
    )
    .argument("<path>", "a lake path (table, partition or file), s3:// URI or file path")
    .option("--json", "print the profile as one JSON document")
    .action(
      action(async (location: string, opts: { json?: boolean }, cmd: Command) => {
        const [{ openLake }, profiling, { lineText, tableLines }] = await Promise.all([
          import("../src/lake/index.js"),
          import("../src/profile/index.js"),
          import("../src/render/index.js"),
        ]);
        const config = configFor(cmd);
        const lake = openLake(config);
        const live = process.stderr.isTTY && !opts.json;
        const status = (text: string) => {
          if (live) process.stderr.write(`\r\x1b[K${text}`);
        };
        // Ctrl-C stops Athena's query where it runs (StopQueryExecution) and says what it had cost.
        const cancel = new AbortController();
        const onInterrupt = () => cancel.abort(new Error("interrupted"));
        process.once("SIGINT", onInterrupt);
        try {
          const profile = await profiling.profilePath(lake, location, {
            onProgress: status,
            engine: config.engine,
            signal: cancel.signal,
          });
          status("");
          if (opts.json) {
            printJson(profile);
            return;
          }
          const width = terminalWidth();
          const out = [
            lineText(profiling.profileHeading(profile)),
            "",
            ...tableLines(profiling.profileTable(profile), width).lines,
          ];
          for (const column of profile.columns) {
            const chart = profiling.columnChart(column, profile.rows);
            if (chart === undefined) continue;
            out.push("", profiling.chartTitle(column), ...tableLines(chart, width).lines.slice(1));
          }
          process.stdout.write(`${out.join("\n")}\n`);
        } finally {
          process.off("SIGINT", onInterrupt);
          status("");
          await lake.close();
        }
      }),
    );
}

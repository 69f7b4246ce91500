import type { Command } from "commander";
import { action, configFor, usageError } from "./context.js";

const EXAMPLES = `
Examples:
  medallion query "select count(*) from silver.sales_orders"
  medallion query "select * from silver.sales_orders where year = '2026' and month = '11' and day = '02' limit 20"
  medallion query "select status, count(*) n from silver.sales_orders group by all" --format csv --output status.csv
Tables are <database>.<table> as the catalog names them; a WHERE on partition columns reads only those partitions.
Every query prints what it scanned and cost (on stderr with --format csv|json). Exit codes: 0 ok, 2 error.`;

interface QueryFlags {
  format: string;
  output?: string;
  maxRows: string;
  json?: boolean;
}

const FORMATS = ["table", "csv", "json"] as const;

/** The terminal's width, or COLUMNS; piped, lines are not cut. */
function terminalWidth(): number {
  return process.stdout.columns || Number(process.env.COLUMNS) || Number.POSITIVE_INFINITY;
}

export function register(program: Command): void {
  program
    .command("query")
    .addHelpText("after", EXAMPLES)
    .description(
      "Run one SELECT over the lake with DuckDB (or Athena, --engine athena): tables resolved through the catalog, " +
        "partitions pruned by the WHERE, bytes scanned and cost printed.",
    )
    .argument("<sql>", "one SELECT statement")
    .option("--format <format>", "table, csv or json", "table")
    .option("--output <file>", "write the result to this file (whole, or nothing on error)")
    .option("--max-rows <n>", "rows read at most; the rest is not computed", "10000")
    .option("--json", "same as --format json")
    .action(
      action(async (sql: string, opts: QueryFlags, cmd: Command) => {
        const format = opts.json ? "json" : opts.format;
        if (!(FORMATS as readonly string[]).includes(format)) {
          throw usageError(`--format ${format}: expected table, csv or json`);
        }
        const maxRows = Number(opts.maxRows);
        if (!Number.isSafeInteger(maxRows) || maxRows < 1) {
          throw usageError(`--max-rows ${opts.maxRows}: expected a whole number of rows, 1 or more`);
        }
        if (format === "json") cmd.setOptionValue("json", true); // errors as a JSON document too
        const [{ openLake }, query, { pageLines }, { lineText }] = await Promise.all([
          import("../src/lake/index.js"),
          import("../src/query/index.js"),
          import("../src/preview/index.js"),
          import("../src/render/index.js"),
        ]);
        const config = configFor(cmd);
        const lake = openLake(config);
        const live = process.stderr.isTTY;
        const status = (text: string) => {
          if (live) process.stderr.write(`\r\x1b[K${text}`);
        };
        // Ctrl-C stops the query where it runs (Athena: StopQueryExecution), then says what it had cost.
        const cancel = new AbortController();
        const onInterrupt = () => cancel.abort(new Error("interrupted"));
        process.once("SIGINT", onInterrupt);
        try {
          const result = await query.runQuery(lake, sql, config.engine, {
            maxRows,
            onProgress: status,
            signal: cancel.signal,
          });
          status("");
          await rememberQuery(sql);
          const body =
            format === "json"
              ? `${JSON.stringify(query.resultJson(result), null, 2)}\n`
              : format === "csv"
                ? query.resultCsv(result)
                : `${pageLines(query.resultPage(result), opts.output ? Number.POSITIVE_INFINITY : terminalWidth()).join("\n")}\n${query.rowsLine(result)}\n`;
          const stats = lineText(query.statsLine(result.stats));
          if (opts.output) {
            await writeWhole(opts.output, body);
            process.stderr.write(`${query.rowsLine(result)} written to ${opts.output}\n${stats}\n`);
          } else if (format === "table") {
            process.stdout.write(`${body}${stats}\n`);
          } else {
            process.stdout.write(body);
            process.stderr.write(`${stats}\n`);
          }
        } finally {
          process.off("SIGINT", onInterrupt);
          status("");
          await lake.close();
        }
      }),
    );
}

/** Kept in the user's settings (the query screen offers them); a settings file that fails is no reason to fail the query. */
async function rememberQuery(sql: string): Promise<void> {
  try {
    const { openSettings } = await import("../src/config/settings.js");
    const settings = await openSettings();
    settings.rememberQuery(sql);
    await settings.saved();
  } catch {
    // The settings file is reported where it is read (the terminal UI); the query's answer stands.
  }
}

/** Writes the file whole or not at all: into a temporary name beside it, then renamed. */
async function writeWhole(file: string, body: string): Promise<void> {
  const { writeFile, rename, rm } = await import("node:fs/promises");
  const temporary = `${file}.${process.pid}.partial`;
  try {
    await writeFile(temporary, body);
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}

import type { Command } from "commander";
import { readOnlyInForce } from "../src/config/index.js";
import { ReadOnlyError } from "../src/errors.js";
import { action, globalFlags, printJson, usageError } from "./context.js";

const EXAMPLES = `
Examples:
  medallion demo                     write ./demo-lake and its medallion.yaml
  medallion demo /tmp/lake --json    summary as JSON
  medallion demo --last-day 2026-01-15   the same dates on every run (tests, docs)
  medallion demo --days 730          two years of history (files dated by their day), for the lifecycle what-if
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
    .option("--last-day <YYYY-MM-DD>", "last day of data (UTC); default yesterday")
    .option(
      "--days <n>",
      "days of history, 1 to 1100 (default 30; every day as busy, so 730 writes ~800 MiB)",
    )
    .action(
      action(
        async (dir: string, opts: { json?: boolean; lastDay?: string; days?: string }, command: Command) => {
          const endDate = opts.lastDay === undefined ? undefined : lastDay(opts.lastDay);
          const days = opts.days === undefined ? undefined : Number(opts.days);
          if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 1100)) {
            throw usageError(
              `--days ${opts.days}: expected a whole number of days from 1 to 1100 (730 is two years)`,
            );
          }
          refuseUri(dir);
          if (readOnlyInForce(globalFlags(command))) throw new ReadOnlyError(`write a demo lake to ${dir}`);
          const [{ createDemoLake }, human] = await Promise.all([
            import("../src/demo/index.js"),
            import("../src/lake/human.js"),
          ]);
          const live = process.stderr.isTTY && !opts.json;
          const summary = await createDemoLake(dir, {
            endDate,
            days,
            onProgress: (p) => {
              if (live && p.phase === "write")
                process.stderr.write(`\rwriting ${p.filesWritten}/${p.totalFiles} files…`);
              if (live && p.phase === "promote")
                process.stderr.write("\r\x1b[Kpromoting bronze → silver → gold…");
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
          const width = Math.max(...[...summary.tables, ...summary.tenants].map((t) => t.path.length));
          for (const t of [...summary.tables, ...summary.tenants]) {
            out.push(
              `  ${t.path.padEnd(width)}  ${t.format.padEnd(7)}  ${human.plural(t.partitions, "partition").padStart(13)}  ` +
                `${human.plural(t.files, "file").padStart(8)}  ${human.plural(t.rows, "row").padStart(12)}  ${human.humanBytes(t.bytes).padStart(9)}`,
            );
          }
          for (const p of summary.promoted) {
            out.push(
              `  ${p.table.padEnd(width)}  parquet  ${human.plural(p.partitions, "partition").padStart(13)}  ${human.plural(p.rows, "row").padStart(22)}${p.rejected ? `  (${human.plural(p.rejected, "row")} rejected: ${p.table}__rejects)` : ""}`,
            );
          }
          out.push(
            `Dirt to find: re-delivered (duplicate) orders, null and mixed-case emails, malformed created_at, coupon_code from ${summary.couponFrom} on.`,
          );
          out.push(`Next: medallion ls --lake ${dir} bronze/sales/orders`);
          out.push(`      medallion --lake ${dir} --tenant acme ls bronze   (one tenant's part of the lake)`);
          process.stdout.write(`${out.join("\n")}\n`);
        },
      ),
    );
}

/** `--last-day 2026-01-15` → that day (UTC); anything else is a usage error. */
function lastDay(value: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== value
  )
    throw usageError(`--last-day expects a date like 2026-01-15, got "${value}"`);
  return date;
}

/** The demo is written by DuckDB to a local folder; a URI would become a folder named `s3:`. */
export function refuseUri(dir: string): void {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(dir))
    throw usageError(
      `the demo lake is written to a local folder, not to ${dir}: write it to a folder, then copy it (aws s3 sync ./demo-lake ${dir})`,
    );
}

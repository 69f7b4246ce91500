import type { Command } from "commander";
import { action, configFor, EXIT, printJson, usageError } from "./context.js";

const EXAMPLES = `
Examples:
  medallion promote bronze/sales/orders --to silver          new or changed partitions since the last run
  medallion promote silver/sales/orders --partitions year=2024/month=01/day=15 --dry-run
  medallion promote gold/sales/daily_revenue --yes --json   a gold table's spec, for scripts
Exit codes: 0 done, 1 done with rows rejected (counted; see <silver table>__rejects), 2 error.`;

interface PromoteFlags {
  to?: string;
  partitions?: string;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
  memoryLimit?: string;
  allowBreaking?: boolean;
}

export function register(program: Command): void {
  program
    .command("promote")
    .addHelpText("after", EXAMPLES)
    .description(
      "Promote a table up the medallion with its spec in medallion.yaml: bronze → silver (typed, validated, " +
        "deduplicated; rejects kept in <table>__rejects) or silver → gold (aggregates). Staged, then committed " +
        "partition by partition under a run journal (`medallion runs`); bronze is only read.",
    )
    .argument("<table>", "the table to promote from (bronze/sales/orders), or a silver/gold table to build")
    .option("--to <layer>", "silver or gold: the layer to promote to (default: the table's own spec)")
    .option("--partitions <list>", "comma-separated partitions (year=2024/month=01, a prefix takes its days)")
    .option("--dry-run", "count rows in / rejected / deduplicated / out, write nothing")
    .option("--memory-limit <size>", "DuckDB memory limit (e.g. 2GB); it spills to disk beyond it", "512MB")
    .option(
      "--allow-breaking",
      "promote even when the spec changes the table's schema in a breaking way (a narrowing, a type change, a dropped required column)",
    )
    .option("--yes", "accepted for scripts: a promotion never asks (use --dry-run to look first)")
    .option("--json", "print the result as one JSON document")
    .action(
      action(async (table: string, opts: PromoteFlags, cmd: Command) => {
        if (opts.to !== undefined && opts.to !== "silver" && opts.to !== "gold") {
          throw usageError(`--to ${opts.to}: expected silver or gold`);
        }
        const [{ openLake }, promotion] = await Promise.all([
          import("../src/lake/index.js"),
          import("../src/promote/index.js"),
        ]);
        const lake = openLake(configFor(cmd));
        const live = process.stderr.isTTY && !opts.json;
        const status = (text: string) => {
          if (live) process.stderr.write(`\r\x1b[K${text}`);
        };
        // Ctrl-C stops the running Athena query (StopQueryExecution) and leaves the run to resume;
        // a second Ctrl-C ends the process at once (the journal makes any point resumable).
        const cancel = new AbortController();
        const onInterrupt = () => cancel.abort(new Error("interrupted"));
        if (lake.config.engine === "athena") process.once("SIGINT", onInterrupt);
        try {
          const result = await promotion.promote(lake, table, {
            signal: cancel.signal,
            to: opts.to as "silver" | "gold" | undefined,
            partitions: opts.partitions
              ?.split(",")
              .map((p) => p.trim())
              .filter(Boolean),
            dryRun: opts.dryRun,
            engineOptions: { memoryLimit: opts.memoryLimit },
            onProgress: status,
            allowBreaking: opts.allowBreaking,
          });
          status("");
          if (opts.json) printJson(promotion.resultJson(result));
          else process.stdout.write(`${promotion.resultLines(result).join("\n")}\n`);
          return (result.run.counts?.rejected ?? 0) > 0 ? EXIT.found : EXIT.ok;
        } finally {
          process.off("SIGINT", onInterrupt);
          status("");
          await lake.close();
        }
      }),
    );
}

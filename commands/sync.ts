import type { Command } from "commander";
import { ReadOnlyError } from "../src/errors.js";
import { confirm } from "./confirm.js";
import { action, configFor, EXIT, printJson, usageError } from "./context.js";

const EXAMPLES = `
Examples:
  medallion sync bronze --dry-run                     the plan, nothing changed
  medallion sync silver/sales/orders                  asks before applying on a terminal
  medallion sync silver --drop-stale --yes --json     for scripts`;

interface SyncOptions {
  dropStale?: boolean;
  includeAnomalies?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("sync")
    .addHelpText("after", EXAMPLES)
    .description(
      "Bring the catalog in step with storage: register missing tables, add partitions found in storage, re-point " +
        "moved ones, and (with --drop-stale) drop partitions whose folder is gone or empty. Storage is never changed.",
    )
    .argument(
      "[table|layer]",
      "a table (silver/sales/orders) or a layer (silver); the whole lake when left out",
    )
    .option("--drop-stale", "also drop stale partitions (in the catalog, no data in storage)")
    .option(
      "--include-anomalies",
      "also register anomalies whose folder still names a partition (null or odd values, day=1 beside day=01, no data file, a 0-byte file, a level too deep)",
    )
    .option("--dry-run", "state the plan and change nothing")
    .option("--yes", "apply without asking (needed when not on a terminal)")
    .option("--json", "print one JSON document with the plans and results")
    .action(
      action(async (location: string | undefined, opts: SyncOptions, cmd: Command) => {
        const [{ openLake }, sync] = await Promise.all([
          import("../src/lake/index.js"),
          import("../src/sync/index.js"),
        ]);
        const lake = openLake(configFor(cmd));
        if (lake.readOnly && !opts.dryRun) throw new ReadOnlyError("sync the catalog");
        const catalog = await lake.catalog();
        const live = process.stderr.isTTY && !opts.json;
        const status = (text: string) => {
          if (live) process.stderr.write(`\r\x1b[K${text}`);
        };
        try {
          const scope = sync.resolveScope(lake, location);
          const diffs = await sync.diffScope(lake, catalog, scope, {
            onProgress: (p) =>
              status(`reading ${p.table}: ${p.storage} in storage, ${p.catalog} in the catalog`),
          });
          status("");
          await sync.checkScopeFound(lake, catalog, scope, diffs);
          const plans = sync.planTables(
            diffs,
            catalog,
            opts.dropStale === true,
            opts.includeAnomalies === true,
          );
          const pending = plans.filter((p) => !sync.isEmptyPlan(p));
          // Exit 1 like `diff`: the catalog still differs from storage in a way sync cannot fix.
          const blocked = plans.some((p) => p.cannotFix.length > 0);
          const say = (lines: string[]) => {
            if (!opts.json) process.stdout.write(`${lines.join("\n")}\n`);
          };
          say(plans.map(sync.planLine));
          if (pending.length === 0 || opts.dryRun) {
            if (opts.json)
              printJson({ dryRun: opts.dryRun === true, plans: plans.map(sync.planJson), results: [] });
            else if (pending.length > 0) say(["dry run: nothing changed"]);
            return blocked && !opts.dryRun ? EXIT.found : EXIT.ok;
          }
          if (!opts.yes) {
            if (!process.stdin.isTTY || !process.stderr.isTTY) {
              throw usageError("not on a terminal, so not asking: pass --yes to apply the plan above");
            }
            if (!(await confirm(`Apply to the ${catalog.kind} catalog?`))) {
              say(["nothing changed"]);
              return EXIT.ok;
            }
          }
          const results = await sync.syncTables(lake.store, catalog, pending, (table, p) =>
            status(
              `${table}: ${p.phase} ${p.done.toLocaleString("en-US")}/${p.total.toLocaleString("en-US")}`,
            ),
          );
          status("");
          if (opts.json) printJson({ dryRun: false, plans: plans.map(sync.planJson), results });
          else say(sync.resultLines(results));
          if (results.some((r) => r.failed.length > 0)) return EXIT.error;
          return blocked ? EXIT.found : EXIT.ok;
        } finally {
          status("");
          await lake.close();
        }
      }),
    );
}

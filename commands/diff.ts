import type { Command } from "commander";
import { action, configFor, EXIT, printJson, usageError } from "./context.js";

interface DiffOptions {
  json?: boolean;
  limit: string;
  by?: string;
}

const EXAMPLES = `
Examples:
  medallion diff                          every table of the lake
  medallion diff bronze                   every table of a layer
  medallion diff silver/sales/orders      one table
  medallion diff silver --json || alert   in cron or CI: exit 1 when something differs
  medallion diff bronze --by tenant       one row per tenant: tables, out of sync, partitions by class`;

export function register(program: Command): void {
  program
    .command("diff")
    .addHelpText("after", EXAMPLES)
    .description(
      "Show how storage and the catalog differ, partition by partition: to add, stale, moved, drift, anomalies.\n" +
        "Exit code 0 when in sync, 1 when something differs, 2 on error (for cron and CI).",
    )
    .argument(
      "[table|layer]",
      "a table (silver/sales/orders) or a layer (silver); the whole lake when left out",
    )
    .option("--json", "print one JSON document: counts per table and every partition not in sync")
    .option("--limit <n>", "partitions listed per table in the human output", "20")
    .option("--by <what>", "table (the default: each table's partitions) or tenant (one row per tenant)")
    .action(
      action(async (location: string | undefined, opts: DiffOptions, cmd: Command) => {
        if (opts.by !== undefined && opts.by !== "table" && opts.by !== "tenant")
          throw usageError(`--by ${opts.by}: expected table or tenant`);
        const [{ openLake }, sync] = await Promise.all([
          import("../src/lake/index.js"),
          import("../src/sync/index.js"),
        ]);
        const lake = openLake(configFor(cmd));
        const catalog = await lake.catalog();
        try {
          const scope = sync.resolveScope(lake, location);
          const live = process.stderr.isTTY && !opts.json;
          const diffs = await sync.diffScope(lake, catalog, scope, {
            onProgress: (p) => {
              if (live)
                process.stderr.write(
                  `\r\x1b[Kreading ${p.table}: ${p.storage} in storage, ${p.catalog} in the catalog`,
                );
            },
          });
          if (live) process.stderr.write("\r\x1b[K");
          await sync.checkScopeFound(lake, catalog, scope, diffs);
          if (opts.by === "tenant") {
            const groups = sync.byTenant(diffs);
            if (opts.json) printJson({ inSync: diffs.every(sync.isInSync), tenants: groups });
            else {
              const { tableLines } = await import("../src/render/index.js");
              const width = process.stdout.isTTY ? (process.stdout.columns ?? 120) : 160;
              process.stdout.write(`${tableLines(sync.tenantDiffTable(groups), width).lines.join("\n")}\n`);
            }
          } else if (opts.json) printJson(sync.diffJson(diffs));
          else process.stdout.write(`${sync.diffLines(diffs, Number(opts.limit) || 20).join("\n")}\n`);
          return diffs.every(sync.isInSync) ? EXIT.ok : EXIT.found;
        } finally {
          await lake.close();
        }
      }),
    );
}

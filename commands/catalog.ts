import type { Command } from "commander";
import { MedallionError, ReadOnlyError } from "../src/errors.js";
import { action, configFor, printJson } from "./context.js";

export function register(program: Command): void {
  const catalog = program
    .command("catalog")
    .description("Manage the lake's tables in the catalog (Glue or local)");
  catalog
    .command("register")
    .addHelpText(
      "after",
      `
Examples:
  medallion catalog register silver/sales/orders
  medallion --catalog glue --profile data catalog register bronze/sales/orders`,
    )
    .description(
      "Create or update a table in the catalog from one of its files: columns from the Parquet footer (Hive types, " +
        "names lowercased) or, for JSON/CSV bronze, from a sample's columns; partition keys from the config.",
    )
    .argument("<table>", "the table to register, e.g. silver/sales/orders")
    .option("--json", "print the registered table as JSON")
    .action(
      action(async (location: string, opts: { json?: boolean }, cmd: Command) => {
        const [{ openLake }, sync] = await Promise.all([
          import("../src/lake/index.js"),
          import("../src/sync/index.js"),
        ]);
        const lake = openLake(configFor(cmd));
        if (lake.readOnly) throw new ReadOnlyError("register a table in the catalog");
        const scope = sync.resolveScope(lake, location);
        if (scope.kind !== "table") {
          throw new MedallionError(
            "usage",
            `\`${location}\` is not a table: give layer/domain/table, e.g. silver/sales/orders`,
          );
        }
        const cat = await lake.catalog();
        try {
          const existing = await sync.findCatalogTable(lake, cat, scope.path);
          const ref = sync.tableRef(lake, scope.path, existing);
          const registration = await sync.registerTable(lake.store, cat, ref);
          if (opts.json) {
            printJson({
              ...registration.table,
              created: registration.created,
              sample: registration.sample,
              samples: registration.samples,
            });
            return;
          }
          const t = registration.table;
          const keys =
            t.partitionKeys.length > 0
              ? `partition keys ${t.partitionKeys.map((k) => k.name).join(", ")}`
              : "no partition keys";
          process.stdout.write(
            `${registration.created ? "created" : "updated"} ${t.database}.${t.name} (${t.format}, ${t.columns.length} column${t.columns.length === 1 ? "" : "s"}, ${keys}) from ${registration.samples.join(" and ")}\n` +
              t.columns.map((c) => `  ${c.name} ${c.type}`).join("\n") +
              "\n",
          );
        } finally {
          await lake.close();
        }
      }),
    );
}

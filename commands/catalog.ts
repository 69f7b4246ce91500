import type { Command } from "commander";
import { MedallionError, ReadOnlyError } from "../src/errors.js";
import { plural } from "../src/lake/human.js";
import { confirmChange } from "./confirm.js";
import { action, configFor, EXIT, printJson, usageError } from "./context.js";

interface RegisterOptions {
  replace?: boolean;
  yes?: boolean;
  json?: boolean;
}

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
        "names lowercased) or, for JSON/CSV bronze, from a sample's columns; partition keys from the config, else from " +
        "the table's key=value folders in storage.",
    )
    .argument("<table>", "the table to register, e.g. silver/sales/orders")
    .option(
      "--replace",
      "drop the table (and every partition the catalog holds for it) and create it again, e.g. when its partition keys are wrong",
    )
    .option("--yes", "replace without asking (needed with --replace when not on a terminal)")
    .option("--json", "print the registered table as JSON")
    .action(
      action(async (location: string, opts: RegisterOptions, cmd: Command) => {
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
          const check = await sync.checkRegistration(lake, cat, scope.path, opts.replace === true);
          const { ref, existing } = check;
          const keyList = (list: string[]) => (list.length > 0 ? list.join(", ") : "none");
          if (existing && check.keysDiffer && check.partitions > 0 && !opts.replace) {
            throw usageError(
              `${existing.database}.${existing.name} is registered with partition keys ${keyList(check.keysDiffer.catalog)}, ` +
                `storage has ${keyList(check.keysDiffer.lake)}: registering it again drops its ${plural(check.partitions, "partition")}; ` +
                `pass --replace to do so (then \`medallion sync ${ref.path}\` adds them back)`,
            );
          }
          if (existing && opts.replace) {
            const what =
              `drop ${existing.database}.${existing.name} and the ${plural(check.partitions, "partition")} the catalog holds for it, ` +
              `then create it again with partition keys ${keyList(ref.partitionKeys)}`;
            if (!(await confirmChange(opts.yes, what))) {
              process.stdout.write("nothing changed\n");
              return EXIT.ok;
            }
            await cat.deleteTable(existing.database, existing.name);
          }
          const registration = await sync.registerTable(lake.store, cat, ref);
          const replaced = existing !== undefined && opts.replace === true;
          if (opts.json) {
            printJson({
              ...registration.table,
              created: registration.created,
              replaced,
              partitionsDropped: replaced ? check.partitions : 0,
              sample: registration.sample,
              samples: registration.samples,
            });
            return EXIT.ok;
          }
          const t = registration.table;
          const keys =
            t.partitionKeys.length > 0
              ? `partition keys ${t.partitionKeys.map((k) => k.name).join(", ")}`
              : "no partition keys";
          const verb = replaced ? "replaced" : registration.created ? "created" : "updated";
          const dropped = replaced
            ? `; dropped ${plural(check.partitions, "partition")}: \`medallion sync ${ref.path}\` adds them back`
            : "";
          process.stdout.write(
            `${verb} ${t.database}.${t.name} (${t.format}, ${t.columns.length} column${t.columns.length === 1 ? "" : "s"}, ${keys}) from ${registration.samples.join(" and ")}${dropped}\n` +
              t.columns.map((c) => `  ${c.name} ${c.type}`).join("\n") +
              "\n",
          );
        } finally {
          await lake.close();
        }
      }),
    );
}

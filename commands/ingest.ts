import type { Command } from "commander";
import { action, configFor, EXIT, printJson } from "./context.js";

const EXAMPLES = `
Examples:
  medallion ingest raw/orders/ bronze/sales/orders              every raw file in the folder (recursively)
  medallion ingest s3://landing/orders/2024-01-15.csv.gz bronze/sales/orders --dry-run
  medallion ingest raw/orders/ bronze/sales/orders --force --json   ingest files the table holds again
Exit codes: 0 done (files already ingested are left out and named), 2 error (nothing written).`;

interface IngestFlags {
  dryRun?: boolean;
  force?: boolean;
  yes?: boolean;
  json?: boolean;
  memoryLimit?: string;
}

export function register(program: Command): void {
  program
    .command("ingest")
    .addHelpText("after", EXAMPLES)
    .description(
      "Land raw files (CSV, JSON lines, Parquet; gzip) in a bronze table as delivered, plus _ingestion_timestamp " +
        "and _source_file: partitions from the files' paths or a date column (the table's ingest: spec), staged then " +
        "committed under a run journal (`medallion runs`), new partitions registered in the catalog",
    )
    .argument("<source>", "a raw file or a folder of them, local or s3://")
    .argument("<table>", "the bronze table (bronze/sales/orders), declared in medallion.yaml")
    .option("--dry-run", "read every file and count its rows per partition, write nothing")
    .option(
      "--force",
      "ingest files the table already holds again: their earlier rows are replaced, never doubled",
    )
    .option(
      "--memory-limit <size>",
      "DuckDB memory limit while reading (e.g. 2GB); it spills to disk beyond it",
      "512MB",
    )
    .option("--yes", "accepted for scripts: an ingest never asks (use --dry-run to look first)")
    .option("--json", "print the result as one JSON document")
    .action(
      action(async (source: string, table: string, opts: IngestFlags, cmd: Command) => {
        const [{ openLake }, ingestion] = await Promise.all([
          import("../src/lake/index.js"),
          import("../src/ingest/index.js"),
        ]);
        const lake = openLake(configFor(cmd));
        const live = process.stderr.isTTY && !opts.json;
        const status = (text: string) => {
          if (live) process.stderr.write(`\r\x1b[K${text}`);
        };
        try {
          const result = await ingestion.ingest(lake, source, table, {
            dryRun: opts.dryRun,
            force: opts.force,
            memoryLimit: opts.memoryLimit,
            onProgress: status,
          });
          status("");
          if (opts.json) printJson(ingestion.ingestJson(result));
          else process.stdout.write(`${ingestion.ingestLines(result).join("\n")}\n`);
          return EXIT.ok;
        } finally {
          status("");
          await lake.close();
        }
      }),
    );
}

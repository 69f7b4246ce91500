import type { Command } from "commander";
import { MedallionError } from "../src/errors.js";
import { action } from "./context.js";

export function register(program: Command): void {
  program
    .command("ingest")
    .description(
      "Not yet built: land raw files (CSV, JSON lines, Parquet) in a bronze table with _ingestion_timestamp and _source_file",
    )
    .argument("<source>", "a file or folder, local or s3://")
    .argument("<table>", "the bronze table (bronze/sales/orders)")
    .action(
      action(async () => {
        throw new MedallionError(
          "not-yet",
          "medallion ingest is not yet built: copy the files into the bronze table's partition folders and run `medallion sync`",
        );
      }),
    );
}

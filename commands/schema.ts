import type { Command } from "commander";
import { action, globalFlags, printJson } from "./context.js";
import { terminalWidth } from "./preview.js";

const EXAMPLES = `
Examples:
  medallion schema bronze/sales/payments           schema tree of the table's first file
  medallion schema ./any/file.parquet --stats      plus row groups and column-chunk statistics
  medallion schema s3://bucket/key.parquet --json`;

interface SchemaOptions {
  stats?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("schema")
    .addHelpText("after", EXAMPLES)
    .description(
      "Show the schema of a Parquet, JSON lines or CSV object as a tree (nested and logical types), with " +
        "Parquet key-value metadata and writer; --stats adds row groups and per column chunk codec, encodings, sizes, min/max and nulls.",
    )
    .argument("<path>", "lake path, s3://bucket/key, or a local file or folder")
    .option("--stats", "add row groups and column-chunk statistics")
    .option("--json", "print one JSON document")
    .action(
      action(async (location: string, opts: SchemaOptions, cmd: Command) => {
        const { openPreview, fileFacts, keyValueLines, rowGroupLines, schemaLines } = await import(
          "../src/preview/index.js"
        );
        const { resolvePreviewTarget } = await import("../src/preview/target.js");
        const target = await resolvePreviewTarget(location, globalFlags(cmd));
        const preview = await openPreview(target.store, target.key);
        if (opts.json) {
          printJson({
            location: target.uri,
            format: preview.format,
            compression: preview.compression ?? null,
            size: preview.size,
            totalRows: preview.totalRows ?? null,
            createdBy: preview.parquet?.createdBy ?? null,
            formatVersion: preview.parquet?.formatVersion ?? null,
            keyValue: preview.parquet?.keyValue ?? [],
            rowGroupCount: preview.parquet?.rowGroups.length ?? null,
            schema: preview.schema,
            notes: preview.notes,
            ...(opts.stats ? { rowGroups: preview.parquet?.rowGroups ?? [] } : {}),
            fetched: preview.fetched,
          });
          return;
        }
        const width = terminalWidth();
        const { cutEnd } = await import("../src/render/text.js");
        const out = [`${target.uri}  ${fileFacts(preview)}`];
        if (preview.parquet?.createdBy) out.push(`created by ${preview.parquet.createdBy}`);
        out.push("", ...schemaLines(preview.schema, width).map((l) => l.text));
        if (preview.format !== "parquet") out.push("", "types inferred from the rows read");
        const kv = keyValueLines(preview);
        if (kv.length > 0) out.push("", "key-value metadata:", ...kv.map((l) => cutEnd(l.text, width)));
        // Parquet notes repeat what the tree says next to each field.
        if (preview.format !== "parquet") for (const note of preview.notes) out.push(`note: ${note}`);
        if (opts.stats) out.push("", ...rowGroupLines(preview, width).map((l) => l.text));
        process.stdout.write(`${out.join("\n")}\n`);
      }),
    );
}

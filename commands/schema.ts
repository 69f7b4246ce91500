import type { Command } from "commander";
import type { Preview, SchemaField } from "../src/preview/index.js";
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

function fieldLines(fields: SchemaField[], depth: number, nameWidth: number): string[] {
  return fields.flatMap((f) => {
    const name = `${"  ".repeat(depth)}${f.name}`;
    const flags = [f.nullable ? "" : "not null", f.note ? `(${f.note})` : ""].filter(Boolean).join(" ");
    const line = `${name.padEnd(nameWidth)}  ${f.type}${flags ? `  ${flags}` : ""}`;
    return [line, ...fieldLines(f.children, depth + 1, nameWidth)];
  });
}

function widestName(fields: SchemaField[], depth = 0): number {
  return Math.max(
    0,
    ...fields.map((f) => Math.max(depth * 2 + f.name.length, widestName(f.children, depth + 1))),
  );
}

function table(rows: string[][], right: boolean[]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => (right[i] ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

async function statsLines(preview: Preview, width: number): Promise<string[]> {
  const { humanBytes, humanCount } = await import("../src/lake/human.js");
  const { truncate } = await import("../src/preview/index.js");
  if (!preview.parquet) return ["", `no row groups: ${preview.format} has no column statistics`];
  const out: string[] = [];
  for (const group of preview.parquet.rowGroups) {
    out.push(
      "",
      `row group ${group.index + 1}: rows ${humanCount(group.firstRow + 1)}–${humanCount(group.firstRow + group.rows)} (${humanCount(group.rows)}), ` +
        `${humanBytes(group.compressedBytes)} compressed, ${humanBytes(group.uncompressedBytes)} uncompressed`,
    );
    const rows = [
      ["  column", "codec", "encodings", "compressed", "uncompressed", "nulls", "min", "max"],
      ...group.columns.map((c) => [
        `  ${c.column}`,
        c.codec,
        c.encodings.join(","),
        humanBytes(c.compressedBytes),
        humanBytes(c.uncompressedBytes),
        c.nullCount === undefined ? "" : humanCount(c.nullCount),
        truncate(c.min ?? "", 30),
        truncate(c.max ?? "", 30),
      ]),
    ];
    out.push(
      ...table(rows, [false, false, false, true, true, true, false, false]).map((l) => truncate(l, width)),
    );
  }
  return out;
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
        const [{ openPreview, truncate }, human] = await Promise.all([
          import("../src/preview/index.js"),
          import("../src/lake/human.js"),
        ]);
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
        const facts = [
          preview.compression ? `${preview.format} (${preview.compression})` : preview.format,
          preview.totalRows === undefined ? undefined : human.plural(preview.totalRows, "row"),
          preview.parquet ? human.plural(preview.parquet.rowGroups.length, "row group") : undefined,
          human.humanBytes(preview.size),
        ].filter(Boolean);
        const out = [`${target.uri}  ${facts.join(" · ")}`];
        if (preview.parquet?.createdBy) out.push(`created by ${preview.parquet.createdBy}`);
        out.push("", ...fieldLines(preview.schema, 0, widestName(preview.schema)));
        if (preview.format !== "parquet") out.push("", "types inferred from the rows read");
        const kv = preview.parquet?.keyValue ?? [];
        if (kv.length > 0) {
          out.push("", "key-value metadata:");
          for (const { key, value } of kv)
            out.push(truncate(`  ${key} = ${(value ?? "").replace(/\s+/g, " ")}`, width));
        }
        // Parquet notes repeat what the tree says next to each field.
        if (preview.format !== "parquet") for (const note of preview.notes) out.push(`note: ${note}`);
        if (opts.stats) out.push(...(await statsLines(preview, width)));
        process.stdout.write(`${out.join("\n")}\n`);
      }),
    );
}

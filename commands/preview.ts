import type { Command } from "commander";
import { action, globalFlags, printJson, usageError } from "./context.js";

const EXAMPLES = `
Examples:
  medallion preview bronze/sales/payments                 first rows of the table's first file
  medallion preview bronze/sales/orders/year=2024/month=01/day=15/part-00000.json --rows 50
  medallion preview s3://bucket/lake/silver/sales/orders/year=2024/month=01/part-0.parquet --columns id,amount
  medallion preview ./any/file.parquet --offset 1000 --json`;

interface PreviewOptions {
  rows: string;
  offset: string;
  columns?: string;
  json?: boolean;
}

export function count(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw usageError(`${flag} expects a whole number, got "${value}"`);
  return Number(value);
}

/** The terminal's width, or COLUMNS; piped (no terminal, no COLUMNS), lines are not cut: every column prints. */
export function terminalWidth(): number {
  return process.stdout.columns || Number(process.env.COLUMNS) || Number.POSITIVE_INFINITY;
}

export function register(program: Command): void {
  program
    .command("preview")
    .addHelpText("after", EXAMPLES)
    .description(
      "Show the first rows of a Parquet, JSON lines or CSV (plain or gzip) object, read by byte ranges. " +
        "<path> is a lake path, an s3:// URI or any local file; a table or partition shows its first file.",
    )
    .argument("<path>", "lake path, s3://bucket/key, or a local file or folder")
    .option("--rows <n>", "rows to show", "20")
    .option("--offset <n>", "rows to skip before the first shown (rows are numbered from 1)", "0")
    .option("--columns <a,b>", "columns to show, in this order (default: those that fit the terminal)")
    .option("--json", "print one JSON document: columns, rows as objects, notes, bytes fetched")
    .action(
      action(async (location: string, opts: PreviewOptions, cmd: Command) => {
        const limit = count(opts.rows, "--rows");
        const offset = count(opts.offset, "--offset");
        const asked = opts.columns
          ?.split(",")
          .map((c) => c.trim())
          .filter(Boolean);
        const [{ openPreview, columnsThatFit, fileFacts, pageLines, pagePosition }, human] =
          await Promise.all([import("../src/preview/index.js"), import("../src/lake/human.js")]);
        const { resolvePreviewTarget } = await import("../src/preview/target.js");
        const target = await resolvePreviewTarget(location, globalFlags(cmd));
        const preview = await openPreview(target.store, target.key);
        const width = terminalWidth();
        const indexWidth = human.humanCount(offset + limit + 1).length;
        // Parquet reads only the column chunks shown: pick the columns that fit before reading any row.
        const columns =
          asked ??
          (opts.json || preview.format !== "parquet"
            ? undefined
            : columnsThatFit(preview, width, indexWidth));
        const page = await preview.rows({ offset, limit, columns });
        if (opts.json) {
          printJson({
            location: target.uri,
            format: preview.format,
            compression: preview.compression ?? null,
            size: preview.size,
            totalRows: preview.totalRows ?? null,
            offset: page.offset,
            columns: page.columns,
            rows: page.rows.map((r) => Object.fromEntries(page.columns.map((c, i) => [c.name, r.values[i]]))),
            rowNotes: page.rows.filter((r) => r.note).map((r) => ({ row: r.index, note: r.note })),
            hasMore: page.hasMore,
            notes: page.notes,
            fetched: preview.fetched,
          });
          return;
        }
        const out = [`${target.uri}  ${fileFacts(preview)}`, ""];
        out.push(...pageLines(page, width));
        const cols =
          page.columns.length < preview.columns.length
            ? ` · ${page.columns.length} of ${preview.columns.length} columns (--columns to pick)`
            : "";
        out.push(
          "",
          `${pagePosition(preview, page)}${cols} · fetched ${human.humanBytes(preview.fetched.bytes)} in ${human.plural(preview.fetched.requests, "request")}`,
        );
        for (const note of page.notes) out.push(`note: ${note}`);
        for (const row of page.rows)
          if (row.note) out.push(`row ${human.humanCount(row.index + 1)}: ${row.note}`);
        process.stdout.write(`${out.join("\n")}\n`);
      }),
    );
}

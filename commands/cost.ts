import type { Command } from "commander";
import { MedallionError } from "../src/errors.js";
import { action, configFor, printJson, usageError } from "./context.js";

const EXAMPLES = `
Examples:
  medallion cost                                   the whole lake: by layer, storage class, top tables, small files
  medallion cost bronze --by table                 one layer, a row per table
  medallion cost --by tenant                       a row per tenant (<layer>/tenant=<id>/), the rest as (no tenant)
  medallion cost --inventory s3://inv/lake/cfg/2026-12-01T01-00Z/manifest.json
                                                   from an S3 Inventory report instead of listing (large buckets)
  medallion cost --json                            one JSON document (rows per layer × table × class)
  medallion cost --history                         growth between the snapshots earlier scans kept`;

const BY = ["layer", "table", "class", "tenant"] as const;

interface CostOptions {
  json?: boolean;
  by?: string;
  inventory?: string;
  history?: boolean;
  limit: string;
}

/** Lines of a table laid out in the terminal's width (or 160 columns when piped). */
async function tableText(table: import("../src/render/index.js").Table): Promise<string[]> {
  const { tableLines } = await import("../src/render/index.js");
  const width = process.stdout.isTTY ? (process.stdout.columns ?? 120) : 160;
  return tableLines(table, width).lines;
}

export function register(program: Command): void {
  program
    .command("cost")
    .addHelpText("after", EXAMPLES)
    .description(
      "What the lake costs per month, by layer, table and storage class: billable sizes (128 KiB minimums, " +
        "Glacier overhead), small files, incomplete multipart uploads and noncurrent versions. Each scan keeps a small " +
        "snapshot under _medallion/ for --history.",
    )
    .argument("[path]", "a layer, domain or table (silver/sales/orders); the whole lake when left out")
    .option("--by <what>", "one breakdown only: layer, table, class or tenant")
    .option(
      "--inventory <manifest>",
      "read an S3 Inventory report (its manifest.json) instead of listing the lake",
    )
    .option("--history", "print storage growth from the snapshots of earlier scans")
    .option("--limit <n>", "tables listed in the human output", "15")
    .option("--json", "print one JSON document")
    .action(
      action(async (location: string | undefined, opts: CostOptions, cmd: Command) => {
        if (opts.by !== undefined && !(BY as readonly string[]).includes(opts.by)) {
          throw usageError(`--by ${opts.by}: expected one of ${BY.join(", ")}`);
        }
        const [{ openLake }, cost, { lineText }] = await Promise.all([
          import("../src/lake/index.js"),
          import("../src/cost/index.js"),
          import("../src/render/index.js"),
        ]);
        const config = configFor(cmd);
        const lake = openLake(config);
        try {
          if (opts.history) return await printHistory(lake, location, opts.json === true);
          const live = process.stderr.isTTY && !opts.json;
          const report = await cost.costReport(lake, {
            location,
            inventory: opts.inventory,
            services: true,
            onProgress: (p) => {
              if (live)
                process.stderr.write(
                  `\r\x1b[K${p.source === "listing" ? "listed" : "read"} ${p.objects.toLocaleString("en-US")} objects (${p.prefixesDone}/${p.prefixes} ${p.source === "listing" ? "prefixes" : "report files"})`,
                );
            },
          });
          if (live) process.stderr.write("\r\x1b[K");
          const { scan, breakdown: result, snapshot } = report;
          if (opts.json) {
            printJson({
              lake: lake.location,
              scope: scan.prefix,
              source: scan.source,
              scannedAt: scan.scannedAt,
              snapshot: snapshot ?? null,
              versioning: scan.versioning ?? null,
              notes: scan.notes,
              services: report.services ?? [],
              ...result,
              byLayer: cost.rollup(result.rows, "layer"),
              byClass: cost.rollup(result.rows, "class"),
              byTable: cost.rollup(
                result.rows.filter((r) => r.table !== undefined),
                "table",
              ),
              byTenant: cost.rollup(result.rows, "tenant"),
            });
            return;
          }
          const scope = scan.prefix === "" ? lake.location : scan.prefix.replace(/\/$/, "");
          const out: string[] = cost
            .summaryLines(result, scope, scan.source === "listing" ? "a listing" : "an S3 Inventory report")
            .map(lineText);
          const section = async (by: (typeof BY)[number], limit?: number) => {
            const rows = cost.rollup(
              by === "table" ? result.rows.filter((r) => r.table !== undefined) : result.rows,
              by,
            );
            const shown = limit === undefined ? rows : rows.slice(0, limit);
            out.push("", ...(await tableText(cost.rollupTable(shown, by, result.total.monthly))));
            if (shown.length < rows.length) out.push(`… ${rows.length - shown.length} more (--by ${by})`);
          };
          if (result.total.objects === 0 && location !== undefined) {
            throw new MedallionError(
              "not-found",
              `\`${location}\` names nothing in ${lake.location}: check the path with \`medallion ls\``,
            );
          }
          if (result.total.objects === 0) {
            out.push("", "no objects in the lake yet");
          } else if (opts.by) {
            await section(opts.by as (typeof BY)[number]);
          } else {
            await section("layer");
            // A multi-tenant lake (seen whole): what each tenant's data costs.
            if (!lake.tenant && result.rows.some((r) => r.tenant !== undefined)) await section("tenant");
            await section("class");
            await section("table", Number(opts.limit) || 15);
            if (result.smallFiles.length > 0) {
              out.push("", cost.SMALL_FILES_HEADING);
              out.push(
                ...(await tableText(
                  cost.smallFilesTable({ ...result, smallFiles: result.smallFiles.slice(0, 10) }),
                )),
              );
            }
          }
          const hidden = [...cost.hiddenCostLines(result), ...cost.serviceLines(report.services ?? [])].map(
            lineText,
          );
          if (hidden.length > 0) out.push("", ...hidden);
          for (const note of scan.notes) out.push(`note: ${note}`);
          process.stdout.write(`${out.join("\n")}\n`);
        } finally {
          await lake.close();
        }
      }),
    );
}

/** Growth between the snapshots earlier scans of the same scope kept. */
async function printHistory(
  lake: import("../src/lake/index.js").Lake,
  location: string | undefined,
  json: boolean,
) {
  const [cost, { lineText }] = await Promise.all([
    import("../src/cost/index.js"),
    import("../src/render/index.js"),
  ]);
  const scope = cost.scanPrefix(lake, location);
  const snapshots = await cost.loadHistory(lake.store, scope);
  if (json) {
    printJson({ scope, snapshots: snapshots.map(({ rows, ...totals }) => totals) });
    return;
  }
  const where = scope === "" ? lake.location : scope.replace(/\/$/, "");
  if (snapshots.length === 0) {
    process.stdout.write(`no cost snapshots of ${where} yet: each \`medallion cost\` run keeps one\n`);
    return;
  }
  const out = [
    `${where}: ${snapshots.length} snapshot${snapshots.length === 1 ? "" : "s"}`,
    lineText(cost.growthLine(snapshots)),
    ...(await tableText(cost.historyTable(snapshots))),
  ];
  const first = snapshots[0];
  const last = snapshots.at(-1);
  if (first && last && snapshots.length > 1) {
    const days = Math.round((Date.parse(last.scannedAt) - Date.parse(first.scannedAt)) / 86_400_000);
    out.push("", "Growth by layer:", ...cost.growthLines(cost.layerGrowth(first, last), days).map(lineText));
  }
  process.stdout.write(`${out.join("\n")}\n`);
}

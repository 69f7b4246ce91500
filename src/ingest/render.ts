import { humanBytes, humanDuration, plural } from "../lake/human.js";
import { cell, type Line, lineText } from "../render/cell.js";
import type { IngestResult } from "./ingest.js";

/** The words of an ingest, once: the CLI prints them (a UI would lay out the same cells). */

const fileName = (uri: string) => uri.slice(uri.lastIndexOf("/") + 1);

export function ingestCells(result: IngestResult): Line[] {
  const ingested = result.files.filter((f) => !f.alreadyIn);
  const skipped = result.files.length - ingested.length;
  const head =
    ingested.length === 0
      ? cell(
          `nothing to ingest into ${result.table}: ${plural(skipped, "file")} of ${result.source} already in it (--force ingests them again, replacing their rows)`,
          "ok",
        )
      : result.dryRun
        ? cell(`dry run: ${result.source} → ${result.table}, nothing written`, "accent")
        : cell(
            `ingested ${plural(ingested.length, "file")} from ${result.source} → ${result.table} in ${humanDuration(result.ms)}${result.run ? ` (run ${result.run.id})` : ""}`,
            "ok",
          );
  const lines: Line[] = [[head]];
  for (const f of result.files) {
    if (f.alreadyIn) {
      lines.push([
        cell(
          `  ${fileName(f.source)}: already ingested (${f.alreadyIn.join(", ") || "table folder"}), left out`,
          "dim",
        ),
      ]);
      continue;
    }
    const where = f.partitions.map((p) => p.path || "table folder");
    const shown = where.length > 3 ? [...where.slice(0, 3), `… ${where.length - 3} more`] : where;
    const bytes = f.partitions.reduce((sum, p) => sum + p.bytes, 0);
    lines.push([
      cell(
        `  ${fileName(f.source)}: ${plural(f.rows, "row")} → ${shown.join(", ") || "no rows, nothing written"} (${humanBytes(bytes)})${f.replaced ? ", replacing its earlier rows" : ""}`,
      ),
    ]);
    if (f.undated > 0)
      lines.push([
        cell(
          `    ${plural(f.undated, "row")} with no date in the partitionFrom column: in __HIVE_DEFAULT_PARTITION__`,
          "warn",
        ),
      ]);
  }
  if (ingested.length > 0) {
    const partitioned = ingested.some((f) => f.partitions.some((p) => p.path !== ""));
    const catalog = partitioned
      ? `${plural(result.partitionsAdded, "new partition")} ${result.dryRun ? "to register" : "registered"} in the catalog`
      : `the table ${result.dryRun ? "to register" : "registered"} in the catalog`;
    lines.push([
      cell(`  ${plural(result.rows, "row")} with _ingestion_timestamp and _source_file; ${catalog}`),
    ]);
  }
  if (result.otherFiles.length > 0)
    lines.push([
      cell(
        `  left out ${plural(result.otherFiles.length, "file")} that is not CSV, JSON lines or Parquet: ${result.otherFiles.map(fileName).slice(0, 3).join(", ")}`,
        "dim",
      ),
    ]);
  return lines;
}

export function ingestLines(result: IngestResult): string[] {
  return ingestCells(result).map(lineText);
}

/** The stable JSON of a result. */
export function ingestJson(result: IngestResult) {
  return {
    id: result.run?.id ?? null,
    dryRun: result.dryRun,
    table: result.table,
    source: result.source,
    rows: result.rows,
    partitionsAdded: result.partitionsAdded,
    files: result.files.map((f) => ({
      source: f.source,
      ingested: !f.alreadyIn,
      ...(f.alreadyIn ? { alreadyIn: f.alreadyIn } : {}),
      rows: f.rows,
      undated: f.undated,
      replaced: f.replaced,
      partitions: f.partitions,
    })),
    otherFiles: result.otherFiles,
  };
}

import type { Command } from "commander";
import { NotFoundError } from "../src/errors.js";
import type { LakeEntry } from "../src/lake/entry.js";
import { humanBytes, plural, storageClassMix } from "../src/lake/human.js";
import { entryCells, entryColumns, listingShape } from "../src/lake/render.js";
import { tableLines } from "../src/render/table.js";
import { action, configFor, printJson } from "./context.js";
import { terminalWidth } from "./preview.js";

const EXAMPLES = `
Examples:
  medallion ls                                   layers of the lake
  medallion ls bronze/sales                      tables of a domain
  medallion ls bronze/sales/orders               partitions, with objects, bytes and storage classes
  medallion ls bronze/sales/orders/year=2024/month=01/day=15
  medallion ls s3://bucket/lake/silver --json    one JSON document for scripts

Rows below a table are its partitions at full depth (year=…/month=…/day=…); what does not fit the
lake model (a folder without =, keys out of order, a stray file, …) is flagged in the row with "!".
JSON fields: lake, path, entries[] {kind, name, path, partition[] {key, value}, objects, bytes,
storageClasses {CLASS: bytes}, lastModified, anomalies[] {kind, segment, message}}, total.`;

interface LsOptions {
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("ls")
    .description(
      "List layers, domains, tables, partitions or files with object counts, sizes and storage classes",
    )
    .argument(
      "[path]",
      "lake path (bronze/sales/orders), s3:// URI or folder path under the lake; default: the lake root",
      "",
    )
    .option("--json", "print one JSON document with stable field names")
    .configureHelp({ showGlobalOptions: true })
    .addHelpText("after", EXAMPLES)
    .action(
      action(async (location: string | undefined, opts: LsOptions, command: Command) => {
        const config = configFor(command);
        const [{ openLake }, { listEntries }, { nothingAt, nothingAtRoot }] = await Promise.all([
          import("../src/lake/index.js"),
          import("../src/lake/entries.js"),
          import("../src/lake/not-found.js"),
        ]);
        const lake = openLake(config);
        const key = lake.resolve(location ?? "");
        const path = key.replace(/\/+$/, "");
        const entries = new Map<string, LakeEntry>();
        const live = process.stderr.isTTY === true;
        let shown = 0;
        try {
          for await (const batch of listEntries(lake, key)) {
            for (const entry of batch) entries.set(entry.path, entry);
            if (live && entries.size - shown >= 1000) {
              shown = entries.size;
              process.stderr.write(`\rlisting… ${shown} rows`);
            }
          }
        } catch (err) {
          // The listing's own "nothing at <path>" (not a missing lake folder): look for what was meant.
          if (err instanceof NotFoundError && err.location === path.replace(/^\/+/, ""))
            throw await nothingAt(lake.store, err.location);
          throw err;
        }
        if (live && shown > 0) process.stderr.write("\r\x1b[K");
        // A local lake folder exists (or its store said so); an S3 prefix with nothing under it is a typo.
        if (entries.size === 0 && path === "" && config.root.kind === "s3") throw await nothingAtRoot(config);
        const rows = [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        if (opts.json) printJson(toJson(lake.location, path, rows));
        else process.stdout.write(render(lake.location, path, rows));
      }),
    );
}

// The text and JSON forms, from the rows listEntries streams.

function totals(rows: LakeEntry[]) {
  const storageClasses: Record<string, number> = {};
  let objects = 0;
  let bytes = 0;
  for (const row of rows) {
    objects += row.objects;
    bytes += row.bytes;
    for (const [name, n] of Object.entries(row.storageClasses))
      storageClasses[name] = (storageClasses[name] ?? 0) + n;
  }
  return { entries: rows.length, objects, bytes, storageClasses };
}

/** The JSON document: field names are part of the CLI's contract. */
export function toJson(lake: string, path: string, rows: LakeEntry[]) {
  return {
    lake,
    path,
    entries: rows.map((row) => ({
      kind: row.kind,
      name: row.name,
      path: row.path,
      ...(row.partition ? { partition: row.partition } : {}),
      objects: row.objects,
      bytes: row.bytes,
      storageClasses: row.storageClasses,
      lastModified: row.lastModified?.toISOString() ?? null,
      anomalies: row.anomalies,
    })),
    total: totals(rows),
  };
}

const NOUNS: Record<LakeEntry["kind"], [string, string]> = {
  layer: ["layer", "layers"],
  tenant: ["tenant", "tenants"],
  domain: ["domain", "domains"],
  table: ["table", "tables"],
  partition: ["partition", "partitions"],
  folder: ["folder", "folders"],
  file: ["file", "files"],
};

/** What the rows are: `30 partitions`, `2 tables, 1 file`. */
function describeRows(rows: LakeEntry[]): string {
  const byKind = new Map<LakeEntry["kind"], number>();
  for (const row of rows) byKind.set(row.kind, (byKind.get(row.kind) ?? 0) + 1);
  return [...byKind].map(([kind, n]) => plural(n, NOUNS[kind][0], NOUNS[kind][1])).join(", ");
}

/**
 * The browser's columns and words (src/lake/render.ts), partitions named as stored so they paste back;
 * then a totals line. Cut to the terminal's width (names in the middle); whole when piped.
 */
export function render(lake: string, path: string, rows: LakeEntry[], width = terminalWidth()): string {
  const columns = entryColumns(listingShape(rows), "path");
  const table = { columns, rows: rows.map((row) => entryCells(row, columns, "path")) };
  const t = totals(rows);
  const where = path === "" ? lake : `${path}  (${lake})`;
  const out = [where, ...tableLines(table, width).lines];
  const flagged = rows.filter((r) => r.anomalies.length > 0).length;
  out.push(
    `total: ${describeRows(rows) || "nothing"}; ${plural(t.objects, "object")}, ${humanBytes(t.bytes)}` +
      (t.bytes > 0 ? `, ${storageClassMix(t.storageClasses)}` : "") +
      (flagged > 0 ? `; ${plural(flagged, "row")} flagged (!)` : ""),
  );
  return `${out.join("\n")}\n`;
}

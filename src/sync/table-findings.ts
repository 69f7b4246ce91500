import type { CatalogTable } from "../catalog/catalog.js";
import { normalizeLocation } from "./keys.js";
import type { TableRef } from "./types.js";

/** How a registered table differs from the lake's, as data: diff words it, sync fixes or says why not. */
export interface TableFindings {
  /** The catalog's partition keys, when they differ from the lake's (declared, else seen in storage). */
  keysDiffer?: { catalog: string[]; lake: string[] };
  /** The catalog's format, when it differs from the config's or the files'. */
  formatDiffers?: string;
  /** The catalog's location, when the table lives elsewhere (a local lake moved or copied). */
  movedFrom?: string;
}

export function tableFindings(table: TableRef, catalogTable: CatalogTable | undefined): TableFindings {
  if (!catalogTable) return {};
  const findings: TableFindings = {};
  const catalogKeys = catalogTable.partitionKeys.map((k) => k.name.toLowerCase());
  const lakeKeys = table.partitionKeys.map((k) => k.toLowerCase());
  if (lakeKeys.length > 0 && catalogKeys.join(",") !== lakeKeys.join(",")) {
    findings.keysDiffer = { catalog: catalogKeys, lake: lakeKeys };
  }
  if (catalogTable.format !== table.format) findings.formatDiffers = catalogTable.format;
  if (normalizeLocation(catalogTable.location) !== normalizeLocation(table.location)) {
    findings.movedFrom = catalogTable.location;
  }
  return findings;
}

const keyList = (keys: readonly string[]) => (keys.length > 0 ? keys.join(", ") : "none");

/** Why sync adds nothing to a table whose catalog keys differ, and the command that fixes it. */
export function keysDifferLine(table: TableRef, keys: { catalog: string[]; lake: string[] }): string {
  return (
    `partition keys differ: the catalog has ${keyList(keys.catalog)}, storage has ${keyList(keys.lake)}: ` +
    `run \`medallion catalog register ${table.path} --replace\` to recreate the table with ${keyList(keys.lake)}`
  );
}

/** A format that differs is not sync's to change: re-registering reads it from the files. */
export function formatDiffersLine(table: TableRef, catalogFormat: string): string {
  return (
    `registered as ${catalogFormat}, the config says ${table.format}: ` +
    `run \`medallion catalog register ${table.path}\` to register it again from its files`
  );
}

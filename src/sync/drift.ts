import type { CatalogPartition, CatalogTable, Column, TableFormat } from "../catalog/catalog.js";
import type { StoragePartition } from "./types.js";

/** Columns by lowercased name → lowercased type; Hive and Athena match Parquet columns by name. */
function columnMap(columns: readonly Column[]): Map<string, string> {
  return new Map(columns.map((c) => [c.name.toLowerCase(), c.type.toLowerCase().replaceAll(" ", "")]));
}

/** One short line naming what differs between two column sets, or "" when they match. */
export function columnDifference(table: readonly Column[], partition: readonly Column[]): string {
  const want = columnMap(table);
  const have = columnMap(partition);
  const parts: string[] = [];
  for (const [name, type] of have) {
    const tableType = want.get(name);
    if (tableType === undefined) parts.push(`+${name} ${type}`);
    else if (tableType !== type) parts.push(`${name} ${tableType}→${type}`);
  }
  for (const name of want.keys()) if (!have.has(name)) parts.push(`-${name}`);
  if (parts.length === 0) return "";
  const shown = parts.slice(0, 3).join(", ");
  return parts.length > 3 ? `${shown} (+${parts.length - 3} more)` : shown;
}

/** Why a registered partition's format or schema differs from its table's, or "" when it does not. */
export function catalogDrift(
  partition: CatalogPartition,
  table: CatalogTable | undefined,
  format: TableFormat,
): string {
  if (partition.format !== format) return `registered as ${partition.format}, the table is ${format}`;
  if (partition.columns && table) {
    const diff = columnDifference(table.columns, partition.columns);
    if (diff) return `its schema differs from the table's: ${diff}`;
  }
  return "";
}

/** Why a folder's files do not match the table's format, or "" when they do (or have no known format). */
export function storageDrift(partition: StoragePartition, format: TableFormat): string {
  if (partition.formats.length === 0) return "";
  const other = partition.formats.filter((f) => f !== format);
  if (other.length === 0) return "";
  return `holds ${[...new Set(partition.formats)].join(" and ")} files, the table is ${format}`;
}

import type { Catalog } from "../catalog/catalog.js";
import type { Lake } from "../lake/lake.js";
import { tableRef } from "../sync/table-ref.js";
import { breakingChangeError, type SchemaChange, schemaChanges } from "./evolution.js";
import { listTablePartitions } from "./partitions.js";

/**
 * A silver or gold table's columns after the run (a silver spec's, a gold SELECT's) against its table in
 * the catalog, before anything is written: the changes, or one line naming the first breaking one
 * (column, a partition written before, both types) unless `allowBreaking`.
 */
export async function checkSchema(
  lake: Lake,
  catalog: Catalog,
  table: string,
  columns: { name: string; type: string; nullable: boolean }[],
  allowBreaking: boolean,
): Promise<SchemaChange[]> {
  const ref = tableRef(lake, table);
  const existing = await catalog.getTable(ref.database, ref.name);
  if (!existing) return [];
  const changes = schemaChanges(existing.columns, columns);
  const breaking = changes.find((c) => c.breaking);
  if (breaking && !allowBreaking) {
    const [first] = await listTablePartitions(lake.store, table);
    throw breakingChangeError(table, breaking, first?.path);
  }
  return changes;
}

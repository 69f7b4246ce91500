import type { Catalog } from "../catalog/catalog.js";
import { MedallionError, NotFoundError } from "../errors.js";
import type { Lake } from "../lake/index.js";
import { didYouMean, pathChildren, suggestPath } from "../lake/not-found.js";
import type { SyncScope } from "./scope.js";
import { findTables } from "./tables.js";
import type { PartitionDiff } from "./types.js";

/**
 * Refuses a scope that names nothing, so a typo never reads as "in sync": a table with no files in
 * storage and no catalog table (with the nearest table of its layer as a suggestion), a layer or a lake
 * without a single table on either side.
 */
export async function checkScopeFound(
  lake: Lake,
  catalog: Catalog,
  scope: SyncScope,
  diffs: readonly PartitionDiff[],
): Promise<void> {
  const where = `in storage or in the ${catalog.kind} catalog`;
  if (scope.kind === "table") {
    const diff = diffs[0];
    if (diff === undefined || diff.catalogTable !== undefined || diff.inStorage) return;
    const layer = scope.path.split("/")[0] ?? "";
    const tables = await findTables(lake, catalog, [layer]);
    const near = await suggestPath(scope.path, pathChildren(tables.map((t) => t.path)));
    throw new NotFoundError(
      scope.path,
      `nothing at ${scope.path}: no such table ${where}${didYouMean(near)}`,
    );
  }
  if (diffs.length > 0) return;
  if (scope.kind === "layer") {
    throw new NotFoundError(scope.layer, `nothing at ${scope.layer}: no tables ${where}`);
  }
  throw new MedallionError("not-found", `nothing to compare: ${lake.location} has no tables ${where}`);
}

// The cost screen's drill-down, pure: by layer → a layer's tables → a table's storage classes.
import {
  type BreakdownBy,
  type BreakdownRow,
  type RollupRow,
  rollup,
  tableName,
} from "../../src/cost/index.js";
import { parseLakePath, tablePath } from "../../src/lake/lake-path.js";

export interface CostLevel {
  by: BreakdownBy;
  /** The layer (tables of it) or table (classes of it) drilled into; undefined: every scanned row. */
  within?: string;
}

/** Only the place in the path matters: layer names and declared keys do not change it. */
const ANY_LAYOUT = { layers: [], partitionKeys: {} };

/** Where `c` on a path starts: the lake by layer, a layer or domain by table, a table by storage class. */
export function startLevel(path: string): CostLevel {
  const clean = path.replace(/\/+$/, "");
  if (clean === "") return { by: "layer" };
  if (tablePath(parseLakePath(`${clean}/`, ANY_LAYOUT)) !== undefined) return { by: "class" };
  return { by: "table" };
}

/** The level below a row of `level` (named `name`), or undefined at the storage classes. */
export function deeper(level: CostLevel, name: string): CostLevel | undefined {
  if (level.by === "layer") return { by: "table", within: name };
  if (level.by === "table") return { by: "class", within: name };
  return undefined;
}

/** The rows of a level, summed and most expensive first. */
export function levelRows(rows: readonly BreakdownRow[], level: CostLevel): RollupRow[] {
  const { within } = level;
  const inside =
    within === undefined
      ? rows
      : level.by === "table"
        ? rows.filter((r) => r.layer === within)
        : rows.filter((r) => tableName(r) === within);
  return rollup([...inside], level.by);
}

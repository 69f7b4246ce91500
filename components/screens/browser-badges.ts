import type { LakeEntry } from "../../src/lake/entry.js";
import type { RowBadgeColumn } from "../render/entry-row.js";
import type { GridCell } from "../widgets/grid.js";

/**
 * A column a feature adds to the browser's rows, e.g. the catalog status of each partition. `useCells`
 * is a React hook (it may load data with useEffect); the browser calls every registered badge's hook
 * on every render, in this list's order, so add badges at module load and never remove them.
 */
export interface BrowserBadge {
  id: string;
  title: string;
  width: number;
  /** The cell for each row of the listing at `path`, or undefined to hide the column at this level. */
  useCells(
    path: string,
    entries: readonly LakeEntry[],
  ): ((entry: LakeEntry) => GridCell | undefined) | undefined;
}

/** The badges the browser shows; features push theirs here (see components/README.md). */
export const browserBadges: BrowserBadge[] = [];

/** Runs every badge's hook and keeps the columns that apply at this level. */
export function useBadgeColumns(
  path: string,
  entries: readonly LakeEntry[],
  badges: readonly BrowserBadge[] = browserBadges,
): RowBadgeColumn[] {
  const columns: RowBadgeColumn[] = [];
  for (const badge of badges) {
    // biome-ignore lint/correctness/useHookAtTopLevel: the list is fixed at module load, so the order never changes
    const cell = badge.useCells(path, entries);
    if (cell) columns.push({ id: badge.id, title: badge.title, width: badge.width, cell });
  }
  return columns;
}

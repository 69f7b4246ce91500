import type { LakeEntry } from "../../src/lake/entry.js";
import type { RowBadgeColumn } from "../render/entry-row.js";
import type { GridCell } from "../widgets/grid.js";

/**
 * A badge's cell for each row at one level. `rows` (optional) adds rows the listing cannot show, e.g.
 * partitions only the catalog knows (stale): rows whose path the listing already has are left out.
 */
export type BadgeCells = ((entry: LakeEntry) => GridCell | undefined) & { rows?: readonly LakeEntry[] };

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
  useCells(path: string, entries: readonly LakeEntry[]): BadgeCells | undefined;
}

/** The badges the browser shows; features push theirs here (see components/README.md). */
export const browserBadges: BrowserBadge[] = [];

const NO_ROWS: readonly LakeEntry[] = [];

/** Runs every badge's hook: the columns that apply at this level, and the rows badges add to it. */
export function useBadges(
  path: string,
  entries: readonly LakeEntry[],
  badges: readonly BrowserBadge[] = browserBadges,
): { columns: RowBadgeColumn[]; rows: readonly LakeEntry[] } {
  const columns: RowBadgeColumn[] = [];
  const added: (readonly LakeEntry[])[] = [];
  for (const badge of badges) {
    // biome-ignore lint/correctness/useHookAtTopLevel: the list is fixed at module load, so the order never changes
    const cell = badge.useCells(path, entries);
    if (!cell) continue;
    columns.push({ id: badge.id, title: badge.title, width: badge.width, cell });
    if (cell.rows && cell.rows.length > 0) added.push(cell.rows);
  }
  // The same array from render to render while nothing changes, so the browser does not sort again.
  const rows =
    added.length === 0 ? NO_ROWS : added.length === 1 ? (added[0] as readonly LakeEntry[]) : added.flat();
  return { columns, rows };
}

/** The columns of every badge that applies at this level. */
export function useBadgeColumns(
  path: string,
  entries: readonly LakeEntry[],
  badges: readonly BrowserBadge[] = browserBadges,
): RowBadgeColumn[] {
  return useBadges(path, entries, badges).columns;
}

/** The listing's rows plus those badges add whose path the listing does not have. */
export function withBadgeRows(entries: LakeEntry[], added: readonly LakeEntry[]): LakeEntry[] {
  if (added.length === 0) return entries;
  const listed = new Set(entries.map((e) => e.path));
  return [...entries, ...added.filter((e) => !listed.has(e.path))];
}

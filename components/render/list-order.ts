import type { LakeEntry } from "../../src/lake/entry.js";

/** `o` cycles through these, in this order. */
export const SORTS = ["name", "size", "modified", "count"] as const;
export type SortKey = (typeof SORTS)[number];

export function nextSort(sort: SortKey): SortKey {
  return SORTS[(SORTS.indexOf(sort) + 1) % SORTS.length] as SortKey;
}

/** How a sort is kept in the settings file: `size`, or `-size` turned round by `O`. */
export function sortSetting(sort: SortKey, reversed: boolean): string {
  return `${reversed ? "-" : ""}${sort}`;
}

/** A kept sort read back; undefined for anything else (an older or hand-edited file). */
export function sortFromSetting(
  setting: string | undefined,
): { sort: SortKey; reversed: boolean } | undefined {
  const reversed = setting?.startsWith("-") === true;
  const name = reversed ? setting?.slice(1) : setting;
  const sort = SORTS.find((s) => s === name);
  return sort && { sort, reversed };
}

// Plain code-unit order: partition names (year=2024/month=01) already sort right, and it is fast
// enough for 100,000 rows, unlike a locale-aware collator.
function byName(a: LakeEntry, b: LakeEntry): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

const comparators: Record<SortKey, (a: LakeEntry, b: LakeEntry) => number> = {
  name: byName,
  // Biggest, newest, fullest first: that is what one looks for.
  size: (a, b) => b.bytes - a.bytes || byName(a, b),
  modified: (a, b) => (b.lastModified?.getTime() ?? 0) - (a.lastModified?.getTime() ?? 0) || byName(a, b),
  count: (a, b) => b.objects - a.objects || byName(a, b),
};

/** `sort name ↑`, `sort size ↓` (biggest first), the arrow turned by `O`. */
export function sortLabel(sort: SortKey, reversed: boolean): string {
  const ascending = (sort === "name") !== reversed;
  return `sort ${sort} ${ascending ? "↑" : "↓"}`;
}

/** The rows sorted (`reversed` turns the order round). */
export function sortEntries(entries: readonly LakeEntry[], sort: SortKey, reversed = false): LakeEntry[] {
  const compare = comparators[sort];
  return [...entries].sort(reversed ? (a, b) => compare(b, a) : compare);
}

/** The rows whose text as shown (`shown(entry)`) contains `filter`, case-insensitively; all when empty. */
export function filterEntries(
  entries: LakeEntry[],
  filter: string,
  shown: (entry: LakeEntry) => string,
): LakeEntry[] {
  const needle = filter.trim().toLowerCase();
  return needle ? entries.filter((e) => shown(e).toLowerCase().includes(needle)) : entries;
}

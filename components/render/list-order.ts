import type { LakeEntry } from "../../src/lake/entry.js";

/** `o` cycles through these, in this order. */
export const SORTS = ["name", "size", "modified", "count"] as const;
export type SortKey = (typeof SORTS)[number];

export function nextSort(sort: SortKey): SortKey {
  return SORTS[(SORTS.indexOf(sort) + 1) % SORTS.length] as SortKey;
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

/** What the filter matches: the name and, for partitions, the values (`2024 01 15`). */
function haystack(entry: LakeEntry): string {
  const values = entry.partition?.map((p) => `${p.key} ${p.value ?? ""}`).join(" ") ?? "";
  return `${entry.name} ${values}`.toLowerCase();
}

/** The rows to show: those matching `filter` (case-insensitive substring), sorted. */
export function orderEntries(entries: readonly LakeEntry[], sort: SortKey, filter: string): LakeEntry[] {
  const needle = filter.trim().toLowerCase();
  const kept = needle ? entries.filter((e) => haystack(e).includes(needle)) : [...entries];
  return kept.sort(comparators[sort]);
}

import { useMemo } from "react";
import { useLake } from "../context.js";
import type { BrowserBadge } from "../screens/browser-badges.js";
import { statusCell } from "./render.js";
import { useSync } from "./source.js";
import { useTableDiff } from "./use-table-diff.js";

/** The table a listing shows partitions of, when it does (rows of kind `partition`). */
function tableOfListing(path: string, kinds: readonly string[]): string | undefined {
  return kinds.includes("partition") ? path : undefined;
}

/** The browser's `catalog` column: each partition row's status against the catalog (✓ + - ~ ≠ !). */
export const catalogBadge: BrowserBadge = {
  id: "catalog",
  title: "catalog",
  width: 10,
  useCells(path, entries) {
    const { theme } = useLake();
    const sync = useSync();
    const table = sync ? tableOfListing(path, entries.length > 0 ? [entries[0]?.kind ?? ""] : []) : undefined;
    const loaded = useTableDiff(table);
    const diff = loaded.diff;
    const byPath = useMemo(
      () => new Map(diff?.entries.map((e) => [`${diff.table.path}/${e.name}`, e.status]) ?? []),
      [diff],
    );
    if (!table) return undefined;
    if (loaded.status !== "done" || !diff) {
      const text = loaded.status === "error" ? "? error" : "…";
      return () => ({ text, color: theme.muted });
    }
    return (entry) => {
      const status = byPath.get(entry.path);
      return status ? statusCell(status, theme) : undefined;
    };
  },
};

import { useMemo } from "react";
import type { LakeEntry } from "../../src/lake/entry.js";
import { partitionValuesOf } from "../../src/lake/lake-path.js";
import type { PartitionDiff } from "../../src/sync/index.js";
import { statusCell, tableStateCell } from "../../src/sync/render.js";
import type { BadgeCells, BrowserBadge } from "../screens/browser-badges.js";
import { useSync } from "./source.js";
import { useTableDiff } from "./use-table-diff.js";
import { useTableStates } from "./use-table-states.js";

/** The table a listing shows partitions of, when it does (rows of kind `partition`). */
function tableOfListing(path: string, kinds: readonly string[]): string | undefined {
  return kinds.includes("partition") ? path : undefined;
}

/**
 * Partitions of the listed table that only the catalog holds (stale): rows with no objects, so the
 * browser shows them among the partitions, marked stale in the catalog column.
 */
export function staleRows(diff: PartitionDiff | undefined, path: string): LakeEntry[] {
  if (!diff || diff.table.path !== path) return [];
  const rows: LakeEntry[] = [];
  for (const e of diff.entries) {
    if (e.status !== "drop" || (e.storage?.objects ?? 0) > 0) continue;
    const partition = partitionValuesOf(e.name);
    rows.push({
      kind: "partition",
      name: e.name,
      path: `${path}/${e.name}`,
      partition,
      objects: 0,
      bytes: 0,
      storageClasses: {},
      anomalies: [],
    });
  }
  return rows;
}

/**
 * The browser's `catalog` column: each partition row's status against the catalog (✓ + - ~ ≠ !), and at
 * a level of tables each table's state (`✓ in sync`, `+ 3 to add`, `- 2 stale`, `unregistered`).
 */
export const catalogBadge: BrowserBadge = {
  id: "catalog",
  title: "catalog",
  width: 12,
  useCells(path, entries) {
    const sync = useSync();
    const table = sync ? tableOfListing(path, entries.length > 0 ? [entries[0]?.kind ?? ""] : []) : undefined;
    const tables = useMemo(
      () => (sync ? entries.filter((e) => e.kind === "table").map((e) => e.path) : []),
      [sync, entries],
    );
    const states = useTableStates(tables);
    const loaded = useTableDiff(table);
    const diff = loaded.diff;
    const byPath = useMemo(
      () => new Map(diff?.entries.map((e) => [`${diff.table.path}/${e.name}`, e.status]) ?? []),
      [diff],
    );
    const stale = useMemo(() => staleRows(diff, path), [diff, path]);
    if (!table) {
      if (tables.length === 0) return undefined;
      return (entry) => {
        if (entry.kind !== "table") return undefined;
        const state = states.get(entry.path);
        if (!state) return { text: "…", tone: "dim" };
        return state.diff ? tableStateCell(state.diff) : { text: "? error", tone: "error" };
      };
    }
    if (loaded.status !== "done" || !diff) {
      const text = loaded.status === "error" ? "? error" : "…";
      return () => ({ text, tone: "dim" });
    }
    const cells: BadgeCells = (entry) => {
      const status = byPath.get(entry.path);
      return status ? statusCell(status) : undefined;
    };
    cells.rows = stale;
    return cells;
  },
};

import { useEffect, useState } from "react";
import { errorLine } from "../../src/errors.js";
import type { PartitionDiff } from "../../src/sync/index.js";
import { useSync } from "./source.js";

/** Per table path: its diff, or why it could not be read. Missing: not read yet. */
export type TableStates = ReadonlyMap<string, { diff?: PartitionDiff; error?: string }>;

const NONE: TableStates = new Map();

/**
 * The catalog diffs of the tables listed, read lazily: one table at a time, cached diffs first (shared
 * with the diff screen and the partition column), so a level of tables shows each one's state without
 * opening it. Leaving the level stops the reads.
 */
export function useTableStates(tables: readonly string[]): TableStates {
  const sync = useSync();
  const key = tables.join("\u0000");
  const [states, setStates] = useState<TableStates>(NONE);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the list of tables
  useEffect(() => {
    if (!sync || tables.length === 0) return setStates(NONE);
    const abort = new AbortController();
    const found = new Map<string, { diff?: PartitionDiff; error?: string }>();
    for (const path of tables) {
      const cached = sync.cache.get(path);
      if (cached) found.set(path, { diff: cached });
    }
    setStates(new Map(found));
    (async () => {
      for (const path of tables) {
        if (abort.signal.aborted) return;
        if (found.has(path)) continue;
        try {
          const diff = await sync.source.diffTable(path, { signal: abort.signal });
          sync.cache.set(path, diff);
          found.set(path, { diff });
        } catch (err) {
          found.set(path, { error: errorLine(err) });
        }
        if (!abort.signal.aborted) setStates(new Map(found));
      }
    })();
    return () => abort.abort();
  }, [sync, key]);
  return states;
}

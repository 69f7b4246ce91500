import { useEffect, useState } from "react";
import { errorLine } from "../../src/errors.js";
import type { PartitionDiff } from "../../src/sync/index.js";
import { useSync } from "./source.js";

export interface TableDiffState {
  status: "loading" | "done" | "error";
  diff?: PartitionDiff;
  error?: string;
  /** Partitions read so far while loading. */
  found: { storage: number; catalog: number };
}

/**
 * The diff of one table: start → complete(diff | error). A cached diff shows at once; `reload` (a
 * counter) or `fresh` reads both sides again. Leaving the screen aborts the walk.
 */
export function useTableDiff(path: string | undefined, reload = 0, fresh = false): TableDiffState {
  const sync = useSync();
  const cached = path ? sync?.cache.get(path) : undefined;
  const [state, setState] = useState<TableDiffState>(() =>
    cached && !fresh
      ? { status: "done", diff: cached, found: { storage: 0, catalog: 0 } }
      : { status: "loading", found: { storage: 0, catalog: 0 } },
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: cached/fresh are read once per load on purpose
  useEffect(() => {
    if (!sync || !path) return;
    if (reload === 0 && cached && !fresh) {
      setState({ status: "done", diff: cached, found: { storage: 0, catalog: 0 } });
      return;
    }
    const abort = new AbortController();
    setState((s) => ({ ...s, status: "loading", error: undefined, found: { storage: 0, catalog: 0 } }));
    sync.source
      .diffTable(path, {
        signal: abort.signal,
        onProgress: (found) => {
          if (!abort.signal.aborted) setState((s) => ({ ...s, found }));
        },
      })
      .then(
        (diff) => {
          if (abort.signal.aborted) return;
          sync.cache.set(path, diff);
          setState({ status: "done", diff, found: { storage: 0, catalog: 0 } });
        },
        (err: unknown) => {
          if (!abort.signal.aborted) setState((s) => ({ ...s, status: "error", error: errorLine(err) }));
        },
      );
    return () => abort.abort();
  }, [sync, path, reload]);
  return state;
}

import { useEffect, useReducer, useState } from "react";
import { errorLine } from "../../src/errors.js";
import type { LakeEntry } from "../../src/lake/entry.js";
import { useLake } from "../context.js";

/** A listing is a load: start → batches → complete | fail (with the one-line reason). */
export type EntriesEvent =
  | { type: "start" }
  | { type: "batch"; entries: LakeEntry[] }
  | { type: "complete" }
  | { type: "fail"; error: string };

export interface EntriesState {
  status: "loading" | "done" | "error";
  /** Rows so far, in arrival order; a later entry with the same path replaced the earlier one. */
  entries: LakeEntry[];
  error?: string;
}

export function entriesReducer(state: EntriesState, event: EntriesEvent): EntriesState {
  switch (event.type) {
    case "start":
      return { status: "loading", entries: [] };
    case "batch":
      return { ...state, entries: event.entries };
    case "complete":
      return { ...state, status: "done" };
    case "fail":
      return { ...state, status: "error", error: event.error };
  }
}

/** How often streamed rows reach the screen: the first batch at once, then at most every 100 ms. */
const FLUSH_MS = 100;

/**
 * The rows beneath a lake path, streamed: the first rows appear while the rest load. Reloads when
 * `reload` changes; a completed listing is cached for the session.
 */
export function useEntries(path: string, reload = 0): EntriesState {
  const { source, cache } = useLake();
  const cached = reload === 0 ? cache.get(path) : undefined;
  const [state, dispatch] = useReducer(
    entriesReducer,
    cached ? { status: "done", entries: cached } : { status: "loading", entries: [] },
  );
  // The first render already shows a cached listing; only a miss or a reload starts a load.
  const [skipFirst] = useState(() => cached !== undefined);
  useEffect(() => {
    if (skipFirst && reload === 0) return;
    const controller = new AbortController();
    const byPath = new Map<string, LakeEntry>();
    let timer: NodeJS.Timeout | undefined;
    let shown = false;
    const flush = () => {
      timer = undefined;
      if (!controller.signal.aborted) dispatch({ type: "batch", entries: [...byPath.values()] });
    };
    dispatch({ type: "start" });
    (async () => {
      try {
        for await (const batch of source.listEntries(path, { signal: controller.signal })) {
          if (controller.signal.aborted) return;
          for (const entry of batch) byPath.set(entry.path, entry);
          if (!shown) {
            shown = true;
            flush();
          } else timer ??= setTimeout(flush, FLUSH_MS);
        }
        if (controller.signal.aborted) return;
        if (timer) clearTimeout(timer);
        flush();
        cache.set(path, [...byPath.values()]);
        dispatch({ type: "complete" });
      } catch (err) {
        if (controller.signal.aborted) return;
        if (timer) clearTimeout(timer);
        flush();
        dispatch({ type: "fail", error: errorLine(err) });
      }
    })();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [source, cache, path, reload, skipFirst]);
  return state;
}

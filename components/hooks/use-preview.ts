import { useEffect, useReducer } from "react";
import { errorLine, NotFoundError } from "../../src/errors.js";
import type { CellCache } from "../../src/preview/cell-cache.js";
import type { Preview } from "../../src/preview/grid.js";
import { useLake } from "../context.js";

/** Any async load: start → complete(value) | fail(one-line reason). */
export type Load<T> =
  | { status: "loading" }
  | { status: "done"; value: T }
  | { status: "error"; error: string };
type LoadEvent<T> = { type: "start" } | { type: "complete"; value: T } | { type: "fail"; error: string };

export function loadReducer<T>(_state: Load<T>, event: LoadEvent<T>): Load<T> {
  if (event.type === "start") return { status: "loading" };
  if (event.type === "complete") return { status: "done", value: event.value };
  return { status: "error", error: event.error };
}

/** Runs `load` whenever `deps` change; a newer run or unmounting abandons the older one. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): Load<T> {
  const [state, dispatch] = useReducer(loadReducer<T>, { status: "loading" });
  useEffect(() => {
    const controller = new AbortController();
    dispatch({ type: "start" });
    load(controller.signal).then(
      (value) => controller.signal.aborted || dispatch({ type: "complete", value }),
      (err) => controller.signal.aborted || dispatch({ type: "fail", error: errorLine(err) }),
    );
    return () => controller.abort();
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what the load depends on
  }, deps);
  return state;
}

export interface OpenedPreview {
  /** The file shown: `path` itself, or the first file beneath it. */
  path: string;
  preview: Preview;
}

/** Opens a file for preview; with `first`, the first file beneath a table or partition. */
export function usePreview(path: string, first: boolean): Load<OpenedPreview> {
  const { source } = useLake();
  return useLoad(
    async (signal) => {
      const file = first ? await source.firstFile(path, { signal }) : path;
      if (file === undefined) throw new NotFoundError(path, `no files under ${path} to preview`);
      return { path: file, preview: await source.openPreview(file, { signal }) };
    },
    [source, path, first],
  );
}

/**
 * Reads what rows `[offset, offset + limit)` of `columns` lack into `cache` (only those column chunks);
 * the screen draws `cache.window(…)` meanwhile, so what is held shows at once and the rest as it arrives.
 */
export function useCellWindow(
  cache: CellCache | undefined,
  offset: number,
  limit: number,
  columns: string[],
): Load<void> {
  return useLoad(
    async (signal) => {
      if (!cache) return new Promise<void>(() => {}); // waits for the file to open
      await cache.load(offset, limit, columns, signal);
    },
    [cache, offset, limit, columns.join("\u0000")],
  );
}

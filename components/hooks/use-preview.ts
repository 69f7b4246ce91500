import { useEffect, useReducer } from "react";
import { errorLine, NotFoundError } from "../../src/errors.js";
import type { GridPage, Preview, RowsRequest } from "../../src/preview/grid.js";
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

/** One page of rows; only the column chunks of those rows (and those columns) are read. */
export function useRows(preview: Preview | undefined, request: RowsRequest): Load<GridPage> {
  const columns = request.columns?.join("\u0000");
  return useLoad(async () => {
    if (!preview) return new Promise<GridPage>(() => {}); // waits for the file to open
    return preview.rows(request);
  }, [preview, request.offset, request.limit, columns]);
}

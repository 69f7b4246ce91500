import { NotFoundError } from "../../src/errors.js";
import type { CellCache } from "../../src/preview/cell-cache.js";
import type { Preview } from "../../src/preview/grid.js";
import { useLake } from "../context.js";
import { type Load, useLoad } from "./use-load.js";

// The one async-load hook of every screen lives in use-load.ts; screens written against this file keep working.
export { type Load, loadReducer, useLoad } from "./use-load.js";

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

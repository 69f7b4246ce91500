import { createContext, useContext } from "react";
import type { Lake } from "../../src/lake/index.js";
import type { PartitionDiff, SyncPlan, SyncProgress, SyncResult } from "../../src/sync/index.js";
// Plans are pure and small (no I/O): loaded with the screen so the confirmation draws at once.
import { planSync } from "../../src/sync/plan.js";

/** What the sync screens need from the core; the app passes the real one, built from the lake. */
export interface SyncSource {
  catalogKind: "glue" | "local";
  readOnly: boolean;
  /** Diffs one table (storage walk and catalog read, concurrently). */
  diffTable(
    path: string,
    options: { signal: AbortSignal; onProgress?: (found: { storage: number; catalog: number }) => void },
  ): Promise<PartitionDiff>;
  /** Diffs every table of the lake; `onTable` gets each diff as it completes. */
  diffLake(options: {
    signal: AbortSignal;
    onTable?: (diff: PartitionDiff) => void;
  }): Promise<PartitionDiff[]>;
  plan(diff: PartitionDiff, dropStale: boolean): SyncPlan;
  /** Applies a plan to the catalog (registering the table first when needed); storage is never written. */
  apply(plan: SyncPlan, onProgress: (progress: SyncProgress) => void): Promise<SyncResult>;
}

/** The real source: discovery, plans and apply from src/sync over the lake's store and guarded catalog. */
export function syncSourceFor(lake: Lake): SyncSource {
  const sync = () => import("../../src/sync/index.js");
  return {
    catalogKind: lake.config.catalog,
    readOnly: lake.readOnly,
    async diffTable(path, { signal, onProgress }) {
      const { diffTable } = await sync();
      return diffTable(lake, await lake.catalog(), path, {
        signal,
        onProgress: (p) => onProgress?.({ storage: p.storage, catalog: p.catalog }),
      });
    },
    async diffLake({ signal, onTable }) {
      const { diffScope } = await sync();
      return diffScope(lake, await lake.catalog(), { kind: "lake" }, { signal, onTable });
    },
    plan(diff, dropStale) {
      return planSync(diff, { catalogKind: lake.config.catalog, dropStale });
    },
    async apply(plan, onProgress) {
      const { syncTables } = await sync();
      const [result] = await syncTables(lake.store, await lake.catalog(), [plan], (_t, p) => onProgress(p));
      return result as SyncResult;
    },
  };
}

/** Diffs seen last, by table path: the browser's catalog column and the diff screen share them. */
export type DiffCache = Map<string, PartitionDiff>;

export interface SyncContextValue {
  source: SyncSource;
  cache: DiffCache;
}

export const SyncContext = createContext<SyncContextValue | undefined>(undefined);

/** The sync source, or undefined when the app was started without one (the screens then say so). */
export function useSync(): SyncContextValue | undefined {
  return useContext(SyncContext);
}

import { createContext, useContext, useMemo } from "react";
import type { Lake } from "../../src/lake/index.js";
import type { PartitionDiff, SyncPlan, SyncProgress, SyncResult } from "../../src/sync/index.js";
// Plans are pure and small (no I/O): loaded with the screen so the confirmation draws at once.
import { planSync } from "../../src/sync/plan.js";
import { useLake } from "../context.js";
import type { LakeSource } from "../source.js";

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

/**
 * The real source: discovery, plans and apply from src/sync over the lake's store and guarded catalog.
 * The lake is opened (and src/sync imported) on first use, so the UI's first frame does not wait.
 */
export function syncSource(
  openLake: () => Promise<Lake>,
  info: { catalogKind: "glue" | "local"; readOnly: boolean },
): SyncSource {
  const core = async () => {
    const [lake, sync] = await Promise.all([openLake(), import("../../src/sync/index.js")]);
    return { lake, sync, catalog: await lake.catalog() };
  };
  return {
    ...info,
    async diffTable(path, { signal, onProgress }) {
      const { lake, sync, catalog } = await core();
      return sync.diffTable(lake, catalog, path, {
        signal,
        onProgress: (p) => onProgress?.({ storage: p.storage, catalog: p.catalog }),
      });
    },
    async diffLake({ signal, onTable }) {
      const { lake, sync, catalog } = await core();
      return sync.diffScope(lake, catalog, { kind: "lake" }, { signal, onTable });
    },
    plan(diff, dropStale) {
      return planSync(diff, { catalogKind: info.catalogKind, dropStale });
    },
    async apply(plan, onProgress) {
      const { lake, sync, catalog } = await core();
      const [result] = await sync.syncTables(lake.store, catalog, [plan], (_t, p) => onProgress(p));
      return result as SyncResult;
    },
  };
}

/** The source over an opened lake (tests, scripts). */
export function syncSourceFor(lake: Lake): SyncSource {
  return syncSource(async () => lake, { catalogKind: lake.config.catalog, readOnly: lake.readOnly });
}

/** Diffs seen last, by table path: the browser's catalog column and the diff screen share them. */
export type DiffCache = Map<string, PartitionDiff>;

export interface SyncContextValue {
  source: SyncSource;
  cache: DiffCache;
}

export const SyncContext = createContext<SyncContextValue | undefined>(undefined);

/** One sync source and cache per lake source, shared by every screen of the app. */
const fromLakeSource = new WeakMap<LakeSource, SyncContextValue>();

function contextFor(source: LakeSource): SyncContextValue | undefined {
  const lake = source.lake?.bind(source);
  if (!lake) return undefined;
  let value = fromLakeSource.get(source);
  if (!value) {
    const info = { catalogKind: source.header.catalog, readOnly: source.header.readOnly };
    value = { source: syncSource(lake, info), cache: new Map() };
    fromLakeSource.set(source, value);
  }
  return value;
}

/**
 * The sync source: the one a SyncProvider gives, else one built from the app's lake source; undefined
 * when neither can reach a catalog (the screens then say so).
 */
export function useSync(): SyncContextValue | undefined {
  const given = useContext(SyncContext);
  const { source } = useLake();
  return useMemo(() => given ?? contextFor(source), [given, source]);
}

import { type ReactNode, useMemo } from "react";
import { SyncContext, type SyncSource } from "./source.js";

/** Makes the sync source (and a shared diff cache) available to the sync screens and the browser badge. */
export function SyncProvider({ source, children }: { source: SyncSource; children: ReactNode }) {
  const value = useMemo(() => ({ source, cache: new Map() }), [source]);
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}

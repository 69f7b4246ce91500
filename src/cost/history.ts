// Storage history: each cost scan keeps a small snapshot (totals per layer, table and class) under
// _medallion/cost/history/, so growth shows without S3 Storage Lens.
import type { ObjectStore } from "../storage/object-store.js";
import type { Breakdown } from "./breakdown.js";
import { tableName } from "./breakdown.js";
import type { AccessTier } from "./price-model.js";

export const HISTORY_PREFIX = "_medallion/cost/history/";

export interface SnapshotRow {
  table: string;
  storageClass: string;
  /** INTELLIGENT_TIERING's access tier, where the scan knew it (one row per tier). */
  tier?: AccessTier;
  objects: number;
  bytes: number;
  monthly: number;
}

export interface CostSnapshot {
  scannedAt: string;
  /** The lake prefix scanned (empty: the whole lake). */
  scope: string;
  source: string;
  objects: number;
  bytes: number;
  monthly: number;
  rows: SnapshotRow[];
}

export function snapshotOf(b: Breakdown, scope: string, source: string, scannedAt: string): CostSnapshot {
  return {
    scannedAt,
    scope,
    source,
    objects: b.total.objects,
    bytes: b.total.bytes,
    monthly: b.total.monthly,
    rows: b.rows.map((r) => ({
      table: tableName(r),
      storageClass: r.storageClass,
      ...(r.tier ? { tier: r.tier } : {}),
      objects: r.objects,
      bytes: r.bytes,
      monthly: r.monthly,
    })),
  };
}

/** `2026-12-02T04-10-00.123Z.json`: sorts in time order, no `:` (a local lake on any file system). */
function snapshotKey(s: CostSnapshot): string {
  return `${HISTORY_PREFIX}${s.scannedAt.slice(0, 23).replaceAll(":", "-")}Z.json`;
}

export async function saveSnapshot(store: ObjectStore, snapshot: CostSnapshot): Promise<string> {
  const key = snapshotKey(snapshot);
  await store.put(key, JSON.stringify(snapshot), { contentType: "application/json" });
  return key;
}

/** The snapshots of one scope, oldest first; unreadable ones are skipped. */
export async function loadHistory(store: ObjectStore, scope: string): Promise<CostSnapshot[]> {
  const keys: string[] = [];
  for await (const page of store.list(HISTORY_PREFIX)) {
    for (const o of page.objects) if (o.key.endsWith(".json")) keys.push(o.key);
  }
  keys.sort();
  const out: CostSnapshot[] = [];
  for (const key of keys) {
    try {
      const s = JSON.parse(Buffer.from(await store.read(key)).toString("utf8")) as CostSnapshot;
      if (s.scope === scope && typeof s.bytes === "number") out.push(s);
    } catch {
      // a snapshot cut short or hand-edited: left out of the history
    }
  }
  return out;
}

export interface Growth {
  layer: string;
  fromBytes: number;
  toBytes: number;
  fromMonthly: number;
  toMonthly: number;
}

/** Per layer, the first snapshot against the last. */
export function layerGrowth(first: CostSnapshot, last: CostSnapshot): Growth[] {
  const byLayer = new Map<string, Growth>();
  const at = (layer: string) => {
    let g = byLayer.get(layer);
    if (!g) {
      g = { layer, fromBytes: 0, toBytes: 0, fromMonthly: 0, toMonthly: 0 };
      byLayer.set(layer, g);
    }
    return g;
  };
  for (const r of first.rows) {
    const g = at(r.table.split("/")[0] ?? "");
    g.fromBytes += r.bytes;
    g.fromMonthly += r.monthly;
  }
  for (const r of last.rows) {
    const g = at(r.table.split("/")[0] ?? "");
    g.toBytes += r.bytes;
    g.toMonthly += r.monthly;
  }
  return [...byLayer.values()].sort((a, b) => b.toMonthly - a.toMonthly);
}

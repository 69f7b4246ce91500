import type { CatalogTable } from "../catalog/catalog.js";
import type { EngineKind, EngineUsage } from "../engine/engine.js";
import type { SchemaChange } from "./evolution.js";

export type PromotionLayer = "silver" | "gold";

/** running: started, not yet committed (resume or roll back); the others are final. */
export type RunState = "running" | "committed" | "rolled-back";

/** One journal entry: a step started, then done. A step started and not done is redone on resume. */
export interface JournalStep {
  step: string;
  state: "started" | "done";
  at: string;
}

/** An input partition as it was read, with the fingerprint of its objects (keys, sizes, etags). */
export interface InputPartition {
  table: string;
  /** Below the table, Hive-escaped: `year=2024/month=01/day=15` (empty for an unpartitioned table). */
  path: string;
  fingerprint: string;
  objects: number;
  bytes: number;
}

/** One partition a run writes: its staged copy, and what it replaces at the Hive path. */
export interface OutputPartition {
  path: string;
  values: (string | null)[];
  /** The new version under `_medallion/staging/<run>/new/…` (empty: the partition is emptied). */
  stagedKeys: string[];
  /** The objects at the Hive path before the run. */
  oldKeys: string[];
  /** Whether the catalog held the partition before the run, and where it pointed. */
  oldLocation?: string;
  /**
   * Ingest: the catalog holds the partition at its Hive folder and the run only adds (or replaces) files
   * in it, so the commit neither re-points nor adds it.
   */
  registered?: boolean;
  rows: number;
  bytes: number;
  /** Rows read from the run's inputs, carried over from the old version, and dropped as duplicates. */
  fresh?: number;
  kept?: number;
  deduplicated?: number;
}

/** A table a run writes: the target, or the target's `__rejects` table. */
export interface OutputTable {
  path: string;
  role: "target" | "rejects";
  /** The catalog table after the run, and before it (undefined: it did not exist). */
  table: CatalogTable;
  previous?: CatalogTable;
  partitions: OutputPartition[];
}

export interface RunCounts {
  rowsIn: number;
  rejected: number;
  deduplicated: number;
  rowsOut: number;
  /** Rejected rows by rule (`type:amount`, `required:order_id`, `rule:positive_amount`), most first. */
  byRule: [string, number][];
}

/** A promotion run as its journal (`_medallion/runs/<id>.json`) records it. */
export interface PromotionRun {
  id: string;
  /** bronze: an ingest of raw files (src/ingest), committed the same way. */
  layer: PromotionLayer | "bronze";
  /** The table written (`silver/sales/orders`) and the tables read. */
  target: string;
  sources: string[];
  engine: EngineKind;
  state: RunState;
  createdAt: string;
  finishedAt?: string;
  /** The `--partitions` selection, when one was given. */
  selection?: string[];
  inputs: InputPartition[];
  outputs: OutputTable[];
  counts?: RunCounts;
  /** Seconds the replaced version stays in the run's staging after the commit (`promote.gracePeriod`). */
  gracePeriod?: number;
  /** When the run's staging may be deleted (committed with a grace period), and when it was. */
  sweepAfter?: string;
  sweptAt?: string;
  /** How the spec changes the table's columns (additive, or breaking under --allow-breaking). */
  schemaChanges?: SchemaChange[];
  /** Athena: the queries the run sent, the bytes they scanned and what that cost (a resumed run adds up). */
  usage?: EngineUsage;
  steps: JournalStep[];
}

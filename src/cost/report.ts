// One cost report of a lake (or part of it): the scan, its breakdown, and the lifecycle what-if of the
// proposed policy, priced from one table. What the cost screen shows; `medallion cost` and
// `medallion lifecycle plan` print parts of the same.
import type { Lake } from "../lake/lake.js";
import { type Breakdown, breakdown } from "./breakdown.js";
import { type CostSnapshot, loadHistory, saveSnapshot, snapshotOf } from "./history.js";
import {
  fromS3Rule,
  type PolicyRule,
  proposedPolicy,
  type S3LifecycleRule,
  validatePolicy,
} from "./lifecycle.js";
import { priceTable } from "./price-table.js";
import { type CostScan, type CostScanOptions, lakeAdmin, scanCost, unsupportedNote } from "./scan.js";
import { type ServiceCost, serviceCosts } from "./services.js";
import { simulateOver, type WhatIf } from "./whatif.js";

export interface CostReport {
  scan: Omit<CostScan, "aggregate">;
  breakdown: Breakdown;
  /** The proposed medallion policy (medallion.yaml `lifecycle:`, else the defaults). */
  policy: PolicyRule[];
  /** The bucket's lifecycle rules now (empty on a local lake or a bucket without any). */
  existingRules: PolicyRule[];
  /** Why the policy cannot be simulated (S3 would refuse it); the what-if is then absent. */
  policyErrors: string[];
  whatIf?: WhatIf;
  /** Where the snapshot for `cost --history` went; undefined in read-only mode. */
  snapshot?: string;
  /** Glue and Athena, when asked for. */
  services?: ServiceCost[];
  /** The snapshots of this scope, oldest first (this scan's included when kept), when asked for. */
  history?: CostSnapshot[];
}

/** The lake root's prefix in its bucket: lifecycle rules' prefixes are bucket-relative. */
export function rootPrefixOf(lake: Lake): string {
  return lake.config.root.kind === "s3" ? lake.config.root.prefix : "";
}

/** The lake's proposed lifecycle policy: medallion.yaml `lifecycle:` (else the defaults), at its prices. */
export function lakePolicy(lake: Lake): PolicyRule[] {
  const { layers, lifecycle, region, prices } = lake.config;
  return proposedPolicy(layers, lifecycle, rootPrefixOf(lake), priceTable(region, prices));
}

export interface CostReportOptions extends CostScanOptions {
  /** Keep a snapshot for `cost --history` (default true; never in read-only mode). */
  snapshot?: boolean;
  /** Also count Glue's catalog objects and Athena's bytes scanned (a catalog walk, the query history). */
  services?: boolean;
  /** Also read the earlier scans' snapshots of the same scope (growth). */
  history?: boolean;
}

/**
 * The bucket's lifecycle rules and small-object default, or none (a local lake, or an endpoint lacking the
 * call: noted).
 */
async function bucketRules(
  lake: Lake,
  notes: string[],
): Promise<{ rules: S3LifecycleRule[]; smallObjects?: string }> {
  // Reading is safe under a tenant: the bucket's rules apply to the tenant's objects too.
  const admin = await lakeAdmin(lake, true);
  if (!admin) return { rules: [] };
  try {
    const { rules, smallObjects } = await admin.lifecycle();
    return { rules: rules as S3LifecycleRule[], smallObjects };
  } catch (err) {
    notes.push(unsupportedNote(err, "the bucket's lifecycle rules"));
    return { rules: [] };
  }
}

export async function costReport(lake: Lake, options: CostReportOptions = {}): Promise<CostReport> {
  const { aggregate, ...scan } = await scanCost(lake, options);
  const { rules: existing, smallObjects } = await bucketRules(lake, scan.notes);
  const prices = priceTable(lake.config.region, lake.config.prices);
  const result = breakdown(aggregate, prices);
  const rootPrefix = rootPrefixOf(lake);
  const policy = lakePolicy(lake);
  const policyErrors = validatePolicy(policy);
  const whatIf =
    policyErrors.length === 0
      ? simulateOver(aggregate, existing, policy, prices, rootPrefix, smallObjects)
      : undefined;
  // Each scan keeps a snapshot for `cost --history` (not in read-only mode: nothing is written then).
  let snapshot: string | undefined;
  if (options.snapshot !== false) {
    if (lake.readOnly) scan.notes.push("read-only: no snapshot kept for --history");
    else
      snapshot = await saveSnapshot(lake.store, snapshotOf(result, scan.prefix, scan.source, scan.scannedAt));
  }
  const services = options.services ? await serviceCosts(lake, prices) : undefined;
  const history = options.history ? await loadHistory(lake.store, scan.prefix) : undefined;
  return {
    history,
    scan,
    breakdown: result,
    services,
    policy,
    existingRules: existing.map(fromS3Rule),
    policyErrors,
    whatIf,
    snapshot,
  };
}

// One cost report of a lake (or part of it): the scan, its breakdown, and the lifecycle what-if of the
// proposed policy, priced from one table. What the cost screen shows; `medallion cost` and
// `medallion lifecycle plan` print parts of the same.
import type { Lake } from "../lake/lake.js";
import { type Breakdown, breakdown } from "./breakdown.js";
import { saveSnapshot, snapshotOf } from "./history.js";
import { type PolicyRule, proposedPolicy, validatePolicy } from "./lifecycle.js";
import { priceTable } from "./price-table.js";
import { type CostScan, type CostScanOptions, scanCost } from "./scan.js";
import { simulate, type WhatIf } from "./whatif.js";

export interface CostReport {
  scan: Omit<CostScan, "aggregate">;
  breakdown: Breakdown;
  /** The proposed medallion policy (medallion.yaml `lifecycle:`, else the defaults). */
  policy: PolicyRule[];
  /** Why the policy cannot be simulated (S3 would refuse it); the what-if is then absent. */
  policyErrors: string[];
  whatIf?: WhatIf;
  /** Where the snapshot for `cost --history` went; undefined in read-only mode. */
  snapshot?: string;
}

/** The lake root's prefix in its bucket: lifecycle rules' prefixes are bucket-relative. */
export function rootPrefixOf(lake: Lake): string {
  return lake.config.root.kind === "s3" ? lake.config.root.prefix : "";
}

export async function costReport(lake: Lake, options: CostScanOptions = {}): Promise<CostReport> {
  const { aggregate, ...scan } = await scanCost(lake, options);
  const prices = priceTable(lake.config.region, lake.config.prices);
  const result = breakdown(aggregate, prices);
  const rootPrefix = rootPrefixOf(lake);
  const policy = proposedPolicy(lake.config.layers, lake.config.lifecycle, rootPrefix);
  const policyErrors = validatePolicy(policy);
  const whatIf = policyErrors.length === 0 ? simulate(aggregate, policy, prices, rootPrefix) : undefined;
  // Each scan keeps a snapshot for `cost --history` (not in read-only mode: nothing is written then).
  const snapshot = lake.readOnly
    ? undefined
    : await saveSnapshot(lake.store, snapshotOf(result, scan.prefix, scan.source, scan.scannedAt));
  if (!snapshot) scan.notes.push("read-only: no snapshot kept for --history");
  return { scan, breakdown: result, policy, policyErrors, whatIf, snapshot };
}

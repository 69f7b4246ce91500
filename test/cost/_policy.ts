// What the lifecycle tests share: us-east-1's prices, byte and day units, the default layer names, and the
// rules the default policy writes under a lake at `lake/` as a bucket reads them back (ID, prefix).
import type { LifecycleRule } from "@aws-sdk/client-s3";
import { priceTable } from "../../src/cost/index.js";

export const us = priceTable("us-east-1");
export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const DAY = 86_400_000;
export const layers = { bronze: "bronze", silver: "silver", gold: "gold" };

/** Bronze's transitions carry a size filter (prefix inside And), its expiry a rule of its own. */
export const DEFAULT_RULES_UNDER_LAKE = [
  ["medallion-bronze", "lake/bronze/"],
  ["medallion-bronze-expiry", "lake/bronze/"],
  ["medallion-silver", "lake/silver/"],
  ["medallion-gold", "lake/gold/"],
  ["medallion-abort-incomplete-uploads", "lake/"],
];

/** Each rule's ID and prefix, wherever its filter holds the prefix. */
export function rulePrefixes(rules: LifecycleRule[]): (string | undefined)[][] {
  return rules.map((r) => [r.ID, r.Filter?.Prefix ?? r.Filter?.And?.Prefix]);
}

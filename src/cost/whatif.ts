// Lifecycle what-if: the monthly storage cost of the objects as they are, against the same objects
// (by age and size) under a policy, with the one-off transition requests and early-deletion charges of
// applying it, and the steady state's monthly transition requests and minimum-duration charges.
import type { AgeBin, CostAggregate, Count, GroupTotals } from "./aggregate.js";
import { tableName } from "./breakdown.js";
import { canTransition, fromS3Rule, mergeRules, type PolicyRule, type S3LifecycleRule } from "./lifecycle.js";
import {
  type AccessTier,
  type ClassUsage,
  earlyDeletionCost,
  monthlyStorageCosts,
  objectBilling,
  pricedClass,
  transitionCost,
} from "./price-model.js";
import { GiB, MIN_BILLABLE_BYTES, type PriceTable, type StorageClass } from "./prices.js";

/** A transition would pay for its request within this many months of storage savings, or is not worth it. */
export const PAYBACK_MONTHS = 12;

export interface Move {
  layer: string;
  from: StorageClass;
  to: StorageClass;
  objects: number;
  bytes: number;
  /** Monthly storage dollars saved by these objects moving (their current cost less the new). */
  monthlySaving: number;
}

export interface LayerWhatIf {
  layer: string;
  current: number;
  proposed: number;
}

export interface WhatIf {
  /** Monthly storage dollars of the objects as they are. */
  current: number;
  /** Monthly storage dollars under the policy, in steady state. */
  proposed: number;
  /** Recurring monthly charges of the policy: transitions of each month's new objects, minimum durations. */
  recurring: { transitions: number; minimumDuration: number };
  /** current − proposed − recurring. */
  savings: number;
  savingsPercent: number;
  /** Charges of applying the policy once, to the objects there today. */
  oneOff: { transitions: number; objects: number; earlyDeletion: number; paybackMonths: number | undefined };
  layers: LayerWhatIf[];
  /** Where the savings come from: objects by layer moving from one class to another. */
  moves: Move[];
  /** Objects the policy leaves where they are, and why. */
  staying: { small: Count; slowPayback: Count; noRule: Count };
  expired: Count;
  /** Minimum-duration and rule notes, one line each. */
  warnings: string[];
  /**
   * The bucket's own lifecycle rules, simulated the same way: what the objects cost a month in their
   * steady state (recurring charges included), and what the policy saves beyond them. Absent when the
   * bucket has none (or is not S3).
   */
  existing?: { rules: number; notSimulated: number; monthly: number; savings: number };
}

const DAY_MONTH = 30;

/** Cheapest last: when several rules' transitions are due at once, S3 moves the object to the cheapest. */
const CHEAPNESS: StorageClass[] = [
  "STANDARD",
  "INTELLIGENT_TIERING",
  "STANDARD_IA",
  "ONEZONE_IA",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
];
const cheapness = (c: StorageClass) => CHEAPNESS.indexOf(c);

/**
 * What happens to a table's objects: every enabled rule whose prefix the table's prefix starts with
 * applies, as S3 applies them together — the earliest expiration wins over any transition, and of the
 * transitions due at an age, the cheapest class. One rule is returned as it is; several as one schedule.
 */
function ruleFor(rules: PolicyRule[], tablePrefix: string): PolicyRule | undefined {
  const matching = rules.filter(
    (r) =>
      r.enabled &&
      !r.filterNote &&
      (r.transitions.length > 0 || r.expirationDays !== undefined) &&
      tablePrefix.startsWith(r.prefix),
  );
  if (matching.length <= 1) return matching[0];
  const due = matching
    .flatMap((r) => r.transitions)
    .sort((a, b) => a.days - b.days || cheapness(b.storageClass) - cheapness(a.storageClass));
  const transitions: PolicyRule["transitions"] = [];
  for (const t of due) {
    const last = transitions.at(-1);
    if (!last || cheapness(t.storageClass) > cheapness(last.storageClass)) transitions.push(t);
  }
  const expirations = matching.flatMap((r) => (r.expirationDays === undefined ? [] : [r.expirationDays]));
  return {
    id: matching.map((r) => r.id).join(" + "),
    prefix: tablePrefix,
    enabled: true,
    transitions,
    expirationDays: expirations.length > 0 ? Math.min(...expirations) : undefined,
  };
}

/** How `objects` objects of `bytes` in a class are billed, when all are under 128 KiB (`small`) or none are. */
function billing(
  storageClass: StorageClass,
  objects: number,
  bytes: number,
  small: boolean,
  /** INTELLIGENT_TIERING objects staying where they are keep their access tier. */
  tier?: AccessTier,
): ClassUsage {
  // objectBilling of an empty object gives the per-object floor (128 KiB) or overhead (32 KiB + 8 KiB).
  const floor = objectBilling(storageClass, 0, tier);
  const minimum = floor.classBytes === MIN_BILLABLE_BYTES;
  return {
    storageClass,
    ...(tier ? { tier } : {}),
    objects,
    classBytes: minimum ? (small ? objects * MIN_BILLABLE_BYTES : bytes) : bytes + objects * floor.classBytes,
    standardBytes: objects * floor.standardBytes,
    monitoredObjects: storageClass === "INTELLIGENT_TIERING" && !small ? objects : 0,
  };
}

/** Rough per-GiB rate of a class, for payback and the "where from" split (STANDARD at its first band). */
function rate(prices: PriceTable, c: StorageClass): number {
  if (c === "STANDARD" || c === "INTELLIGENT_TIERING") return prices.standardBands[0]?.perGiBMonth ?? 0;
  return prices.storage[c];
}

/** Monthly dollars of `objects` of `bytes` in a class at its plain rate (overheads included). */
function plainCost(prices: PriceTable, c: StorageClass, objects: number, bytes: number): number {
  const u = billing(c, objects, bytes, false);
  const monitoring = (u.monitoredObjects / 1000) * prices.intelligentTiering.monitoringPer1000;
  return (
    (u.classBytes / GiB) * rate(prices, c) + (u.standardBytes / GiB) * rate(prices, "STANDARD") + monitoring
  );
}

export function simulate(
  aggregate: CostAggregate,
  rules: PolicyRule[],
  prices: PriceTable,
  /** The lake root's prefix in its bucket (rules' prefixes are bucket-relative). */
  rootPrefix: string,
): WhatIf {
  const before: ClassUsage[] = [];
  const after: ClassUsage[] = [];
  const beforeLayer: string[] = [];
  const afterLayer: string[] = [];
  const moves = new Map<string, Move>();
  const staying = { small: zero(), slowPayback: zero(), noRule: zero() };
  const expired = zero();
  const oneOff = { transitions: 0, objects: 0, earlyDeletion: 0 };
  const recurring = { transitions: 0, minimumDuration: 0 };
  const warnings = new Set<string>();

  for (const g of aggregate.groups.values()) {
    const current = pricedClass(g.storageClass);
    for (const bin of g.ages.values()) {
      for (const small of [true, false]) {
        const objects = small ? bin.smallObjects : bin.objects - bin.smallObjects;
        const bytes = small ? bin.smallBytes : bin.bytes - bin.smallBytes;
        if (objects === 0) continue;
        before.push(billing(current, objects, bytes, small, g.tier));
        beforeLayer.push(g.layer);
      }
    }
    const rule = ruleFor(rules, `${rootPrefix}${tableName(g)}/`);
    if (!rule) {
      add(staying.noRule, g.objects, g.bytes);
      for (const [, bin] of g.ages) pushAsIs(after, afterLayer, g, current, bin);
      continue;
    }
    for (const [age, bin] of g.ages) {
      if (rule.expirationDays !== undefined && age >= rule.expirationDays) {
        add(expired, bin.objects, bin.bytes);
        oneOff.earlyDeletion += earlyDeletionCost(prices, current, bin.bytes, age);
        continue;
      }
      // Under 128 KiB: S3 does not transition them (without a size filter saying otherwise).
      if (bin.smallObjects > 0) {
        add(staying.small, bin.smallObjects, bin.smallBytes);
        after.push(billing(current, bin.smallObjects, bin.smallBytes, true, g.tier));
        afterLayer.push(g.layer);
      }
      const objects = bin.objects - bin.smallObjects;
      const bytes = bin.bytes - bin.smallBytes;
      if (objects === 0) continue;
      const target = [...rule.transitions].reverse().find((t) => t.days <= age)?.storageClass;
      if (target === undefined || target === current || !canTransition(current, target)) {
        after.push(billing(current, objects, bytes, false, g.tier));
        afterLayer.push(g.layer);
        continue;
      }
      // Not worth it: the request costs more than a year of what the move saves.
      const saving = plainCost(prices, current, objects, bytes) - plainCost(prices, target, objects, bytes);
      const request = transitionCost(prices, target, objects);
      if (saving <= 0 || request / saving > PAYBACK_MONTHS) {
        add(staying.slowPayback, objects, bytes);
        after.push(billing(current, objects, bytes, false, g.tier));
        afterLayer.push(g.layer);
        continue;
      }
      after.push(billing(target, objects, bytes, false));
      afterLayer.push(g.layer);
      oneOff.transitions += request;
      oneOff.objects += objects;
      oneOff.earlyDeletion += earlyDeletionCost(prices, current, bytes, age);
      const id = `${g.layer}\u0000${current}\u0000${target}`;
      const m = moves.get(id) ?? {
        layer: g.layer,
        from: current,
        to: target,
        objects: 0,
        bytes: 0,
        monthlySaving: 0,
      };
      m.objects += objects;
      m.bytes += bytes;
      m.monthlySaving += saving;
      moves.set(id, m);
    }
    steadyState(g, rule, prices, recurring, warnings);
  }

  const beforeCosts = monthlyStorageCosts(before, prices);
  const afterCosts = monthlyStorageCosts(after, prices);
  const layers = new Map<string, LayerWhatIf>();
  const layerOf = (name: string) => {
    let l = layers.get(name);
    if (!l) {
      l = { layer: name, current: 0, proposed: 0 };
      layers.set(name, l);
    }
    return l;
  };
  beforeCosts.forEach((c, i) => {
    layerOf(beforeLayer[i] ?? "").current += c;
  });
  afterCosts.forEach((c, i) => {
    layerOf(afterLayer[i] ?? "").proposed += c;
  });
  const current = sum(beforeCosts);
  const proposed = sum(afterCosts);
  const savings = current - proposed - recurring.transitions - recurring.minimumDuration;
  const oneOffTotal = oneOff.transitions + oneOff.earlyDeletion;
  return {
    current,
    proposed,
    recurring,
    savings,
    savingsPercent: current > 0 ? (savings / current) * 100 : 0,
    oneOff: { ...oneOff, paybackMonths: savings > 0 ? oneOffTotal / savings : undefined },
    layers: [...layers.values()].sort((a, b) => b.current - a.current),
    moves: [...moves.values()].sort((a, b) => b.monthlySaving - a.monthlySaving),
    staying,
    expired,
    warnings: [...warnings],
  };
}

/** Monthly dollars in a what-if's steady state: storage, and each month's transitions and minimum durations. */
export function steadyMonthly(w: WhatIf): number {
  return w.proposed + w.recurring.transitions + w.recurring.minimumDuration;
}

/**
 * The policy's what-if on a bucket with rules of its own: applying keeps them (and replaces any
 * medallion-* ones), so the policy is simulated together with them; and the bucket's rules alone are
 * simulated too, so the savings show against what they would do anyway, not only against today.
 */
export function simulateOver(
  aggregate: CostAggregate,
  existing: S3LifecycleRule[],
  policy: PolicyRule[],
  prices: PriceTable,
  rootPrefix: string,
): WhatIf {
  if (existing.length === 0) return simulate(aggregate, policy, prices, rootPrefix);
  const merged = mergeRules(existing, policy).map(fromS3Rule);
  const w = simulate(aggregate, merged, prices, rootPrefix);
  const own = existing.map(fromS3Rule);
  const monthly = steadyMonthly(simulate(aggregate, own, prices, rootPrefix));
  w.existing = {
    rules: own.length,
    notSimulated: own.filter((r) => r.filterNote !== undefined).length,
    monthly,
    savings: monthly - steadyMonthly(w),
  };
  return w;
}

function pushAsIs(after: ClassUsage[], layers: string[], g: GroupTotals, c: StorageClass, bin: AgeBin): void {
  if (bin.smallObjects > 0) {
    after.push(billing(c, bin.smallObjects, bin.smallBytes, true, g.tier));
    layers.push(g.layer);
  }
  if (bin.objects > bin.smallObjects) {
    after.push(billing(c, bin.objects - bin.smallObjects, bin.bytes - bin.smallBytes, false, g.tier));
    layers.push(g.layer);
  }
}

/**
 * Each month's new objects (those under 30 days old, over 128 KiB, and worth moving: their requests paid
 * back within a year) go through every transition once: their requests, and the rest of a class's
 * minimum duration when the next step comes earlier.
 */
function steadyState(
  g: GroupTotals,
  rule: PolicyRule,
  prices: PriceTable,
  recurring: WhatIf["recurring"],
  warnings: Set<string>,
): void {
  const steps = rule.transitions;
  const final = steps.at(-1)?.storageClass;
  if (final === undefined) return;
  let objects = 0;
  let bytes = 0;
  for (const [age, bin] of g.ages) {
    const n = bin.objects - bin.smallObjects;
    const b = bin.bytes - bin.smallBytes;
    if (age >= DAY_MONTH || n === 0) continue;
    const saving = plainCost(prices, "STANDARD", n, b) - plainCost(prices, final, n, b);
    const requests = steps.reduce((sum, t) => sum + transitionCost(prices, t.storageClass, n), 0);
    if (saving <= 0 || requests / saving > PAYBACK_MONTHS) continue;
    objects += n;
    bytes += b;
  }
  steps.forEach((t, i) => {
    recurring.transitions += transitionCost(prices, t.storageClass, objects);
    const next = steps[i + 1]?.days ?? rule.expirationDays;
    if (next === undefined) return;
    const stay = next - t.days;
    if (stay < prices.minDays[t.storageClass]) {
      recurring.minimumDuration += earlyDeletionCost(prices, t.storageClass, bytes, stay);
      warnings.add(
        `rule ${rule.id}: ${stay} days in ${t.storageClass} is under its ${prices.minDays[t.storageClass]}-day minimum: the rest is charged`,
      );
    }
  });
}

function zero(): Count {
  return { objects: 0, bytes: 0 };
}

function add(c: Count, objects: number, bytes: number): void {
  c.objects += objects;
  c.bytes += bytes;
}

function sum(values: number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

// Lifecycle what-if: the monthly storage cost of the objects as they are, against the same objects
// (by age and size) under a policy, with the one-off transition requests and early-deletion charges of
// applying it, and the steady state's monthly transition requests and minimum-duration charges.
import type { AgeBin, CostAggregate, Count, GroupTotals } from "./aggregate.js";
import { classRate } from "./break-even.js";
import { tableName } from "./breakdown.js";
import { canTransition, fromS3Rule, mergeRules, type PolicyRule, type S3LifecycleRule } from "./lifecycle.js";
import {
  type AccessTier,
  type ClassUsage,
  earlyDeletionCost,
  isArchiveClass,
  monthlyStorageCosts,
  objectBilling,
  pricedClass,
  transitionCost,
} from "./price-model.js";
import { GiB, MIN_BILLABLE_BYTES, type PriceTable, type StorageClass } from "./prices.js";
import { stepIndex } from "./size-steps.js";

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
  /**
   * Objects the policy leaves where they are, and why: under 128 KiB (S3 transitions none of them by
   * default), at or under a rule's size filter (moving them would not pay back within a year), under no rule.
   */
  staying: { small: Count; underSizeFilter: Count; noRule: Count };
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

/** Objects of one age bin under 128 KiB (`step` -1), or of one size step. */
interface Slice {
  objects: number;
  bytes: number;
  small: boolean;
  step: number;
}

function slices(bin: AgeBin): Slice[] {
  const out: Slice[] = [];
  if (bin.smallObjects > 0)
    out.push({ objects: bin.smallObjects, bytes: bin.smallBytes, small: true, step: -1 });
  for (const [step, c] of bin.steps) out.push({ objects: c.objects, bytes: c.bytes, small: false, step });
  return out;
}

/** Whether a rule's size filter lets a slice through (a filter is always a size step, see fromS3Rule). */
function reaches(rule: PolicyRule, s: Slice): boolean {
  if (rule.minSize === undefined) return true;
  const j = stepIndex(rule.minSize);
  return !s.small && j !== undefined && s.step > j;
}

/** What S3 does with objects several rules reach. */
interface Schedule {
  id: string;
  transitions: PolicyRule["transitions"];
  expirationDays?: number;
}

/**
 * The rules reaching some objects, applied together as S3 applies them: the earliest expiration wins over
 * any transition, and of the transitions due at an age, the cheapest class. Objects under 128 KiB get no
 * transition (S3's default; our filters never go below it), except to GLACIER and DEEP_ARCHIVE by a rule
 * without a size filter in a bucket whose default allows it (`smallToArchive`).
 */
function scheduleOf(rules: PolicyRule[], small: boolean, smallToArchive: boolean): Schedule {
  const due = rules
    .filter((r) => !small || (smallToArchive && r.minSize === undefined))
    .flatMap((r) => r.transitions)
    .filter((t) => !small || isArchiveClass(t.storageClass))
    .sort((a, b) => a.days - b.days || cheapness(b.storageClass) - cheapness(a.storageClass));
  const transitions: PolicyRule["transitions"] = [];
  for (const t of due) {
    const last = transitions.at(-1);
    if (!last || cheapness(t.storageClass) > cheapness(last.storageClass)) transitions.push(t);
  }
  const expirations = rules.flatMap((r) => (r.expirationDays === undefined ? [] : [r.expirationDays]));
  return {
    id: rules.map((r) => r.id).join(" + "),
    transitions,
    expirationDays: expirations.length > 0 ? Math.min(...expirations) : undefined,
  };
}

/**
 * How a slice's objects are billed in a class: the 128 KiB minimum of objects under it, the archive
 * overhead, and INTELLIGENT_TIERING's monitoring of objects over 128 KiB (step 0 is exactly 128 KiB).
 */
function billing(
  storageClass: StorageClass,
  s: Slice,
  /** INTELLIGENT_TIERING objects staying where they are keep their access tier. */
  tier?: AccessTier,
): ClassUsage {
  // objectBilling of an empty object gives the per-object floor (128 KiB) or overhead (32 KiB + 8 KiB).
  const floor = objectBilling(storageClass, 0, tier);
  const minimum = floor.classBytes === MIN_BILLABLE_BYTES;
  const { objects, bytes } = s;
  return {
    storageClass,
    ...(tier ? { tier } : {}),
    objects,
    classBytes: minimum
      ? s.small
        ? objects * MIN_BILLABLE_BYTES
        : bytes
      : bytes + objects * floor.classBytes,
    standardBytes: objects * floor.standardBytes,
    monitoredObjects: storageClass === "INTELLIGENT_TIERING" && s.step > 0 ? objects : 0,
  };
}

/** Usage summed per layer, class, tier and size kind: what the monthly costs are taken from. */
class Usages {
  private readonly byKey = new Map<string, { layer: string; usage: ClassUsage }>();

  add(layer: string, c: StorageClass, s: Slice, tier?: AccessTier): void {
    const u = billing(c, s, tier);
    const key = `${layer}\u0000${c}\u0000${tier ?? ""}\u0000${s.small}`;
    const had = this.byKey.get(key);
    if (!had) {
      this.byKey.set(key, { layer, usage: u });
      return;
    }
    had.usage.objects += u.objects;
    had.usage.classBytes += u.classBytes;
    had.usage.standardBytes += u.standardBytes;
    had.usage.monitoredObjects += u.monitoredObjects;
  }

  /** Monthly dollars per layer (STANDARD's bands shared across all), and in all. */
  costs(prices: PriceTable): { layer: string; monthly: number }[] {
    const entries = [...this.byKey.values()];
    const monthly = monthlyStorageCosts(
      entries.map((e) => e.usage),
      prices,
    );
    return entries.map((e, i) => ({ layer: e.layer, monthly: monthly[i] ?? 0 }));
  }
}

/** Monthly dollars of a slice in a class at its plain rate (overheads included). */
function plainCost(prices: PriceTable, c: StorageClass, s: Slice): number {
  const u = billing(c, s);
  const monitoring = (u.monitoredObjects / 1000) * prices.intelligentTiering.monitoringPer1000;
  return (
    (u.classBytes / GiB) * classRate(prices, c) +
    (u.standardBytes / GiB) * classRate(prices, "STANDARD") +
    monitoring
  );
}

/**
 * The what-if of `rules` on the objects: each object (by age and size step) goes where the rules that
 * reach it take it, exactly as S3 would, size filters included.
 */
export function simulate(
  aggregate: CostAggregate,
  rules: PolicyRule[],
  prices: PriceTable,
  /** The lake root's prefix in its bucket (rules' prefixes are bucket-relative). */
  rootPrefix: string,
  /** The bucket's TransitionDefaultMinimumObjectSize (`varies_by_storage_class` lets small objects archive). */
  smallObjects?: string,
): WhatIf {
  const smallToArchive = smallObjects === "varies_by_storage_class";
  const before = new Usages();
  const after = new Usages();
  const moves = new Map<string, Move>();
  const staying = { small: zero(), underSizeFilter: zero(), noRule: zero() };
  const expired = zero();
  const oneOff = { transitions: 0, objects: 0, earlyDeletion: 0 };
  const recurring = { transitions: 0, minimumDuration: 0 };
  const warnings = new Set<string>();

  for (const g of aggregate.groups.values()) {
    const current = pricedClass(g.storageClass);
    const tablePrefix = `${rootPrefix}${tableName(g)}/`;
    const matching = rules.filter(
      (r) =>
        r.enabled &&
        !r.filterNote &&
        (r.transitions.length > 0 || r.expirationDays !== undefined) &&
        tablePrefix.startsWith(r.prefix),
    );
    const moving = matching.filter((r) => r.transitions.length > 0);
    if (matching.length === 0) add(staying.noRule, g.objects, g.bytes);
    for (const [age, bin] of g.ages) {
      for (const slice of slices(bin)) {
        before.add(g.layer, current, slice, g.tier);
        const reaching = matching.filter((r) => reaches(r, slice));
        const plan = scheduleOf(reaching, slice.small, smallToArchive);
        if (plan.expirationDays !== undefined && age >= plan.expirationDays) {
          add(expired, slice.objects, slice.bytes);
          oneOff.earlyDeletion += earlyDeletionCost(prices, current, slice.bytes, age);
          continue;
        }
        if (moving.length > 0 && plan.transitions.length === 0) {
          add(slice.small ? staying.small : staying.underSizeFilter, slice.objects, slice.bytes);
        }
        const target = [...plan.transitions].reverse().find((t) => t.days <= age)?.storageClass;
        if (target === undefined || target === current || !canTransition(current, target)) {
          after.add(g.layer, current, slice, g.tier);
          continue;
        }
        after.add(g.layer, target, slice);
        if (slice.small) {
          warnings.add(
            "the bucket's TransitionDefaultMinimumObjectSize (varies_by_storage_class) lets rules without a size filter move objects under 128 KiB to GLACIER and DEEP_ARCHIVE",
          );
        }
        oneOff.transitions += transitionCost(prices, target, slice.objects);
        oneOff.objects += slice.objects;
        oneOff.earlyDeletion += earlyDeletionCost(prices, current, slice.bytes, age);
        const id = `${g.layer}\u0000${current}\u0000${target}`;
        const m = moves.get(id) ?? {
          layer: g.layer,
          from: current,
          to: target,
          objects: 0,
          bytes: 0,
          monthlySaving: 0,
        };
        m.objects += slice.objects;
        m.bytes += slice.bytes;
        m.monthlySaving += plainCost(prices, current, slice) - plainCost(prices, target, slice);
        moves.set(id, m);
      }
    }
    steadyState(g, matching, prices, recurring, warnings, smallToArchive);
  }

  const layers = new Map<string, LayerWhatIf>();
  const layerOf = (name: string) => {
    let l = layers.get(name);
    if (!l) {
      l = { layer: name, current: 0, proposed: 0 };
      layers.set(name, l);
    }
    return l;
  };
  let current = 0;
  let proposed = 0;
  for (const c of before.costs(prices)) {
    layerOf(c.layer).current += c.monthly;
    current += c.monthly;
  }
  for (const c of after.costs(prices)) {
    layerOf(c.layer).proposed += c.monthly;
    proposed += c.monthly;
  }
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
  /** The bucket's TransitionDefaultMinimumObjectSize, kept when the policy is applied. */
  smallObjects?: string,
): WhatIf {
  if (existing.length === 0) return simulate(aggregate, policy, prices, rootPrefix, smallObjects);
  const merged = mergeRules(existing, policy).map(fromS3Rule);
  const w = simulate(aggregate, merged, prices, rootPrefix, smallObjects);
  const own = existing.map(fromS3Rule);
  const monthly = steadyMonthly(simulate(aggregate, own, prices, rootPrefix, smallObjects));
  w.existing = {
    rules: own.length,
    notSimulated: own.filter((r) => r.filterNote !== undefined).length,
    monthly,
    savings: monthly - steadyMonthly(w),
  };
  return w;
}

/**
 * Each month's new objects (those under 30 days old) go through the transitions of the rules that reach
 * them once: their requests, and the rest of a class's minimum duration when the next step (or the
 * expiry) comes earlier.
 */
function steadyState(
  g: GroupTotals,
  matching: PolicyRule[],
  prices: PriceTable,
  recurring: WhatIf["recurring"],
  warnings: Set<string>,
  smallToArchive: boolean,
): void {
  for (const [age, bin] of g.ages) {
    if (age >= DAY_MONTH) continue;
    for (const slice of slices(bin)) {
      const plan = scheduleOf(
        matching.filter((r) => reaches(r, slice)),
        slice.small,
        smallToArchive,
      );
      let from = pricedClass(g.storageClass);
      const steps = plan.transitions.filter((t) => {
        const ok = canTransition(from, t.storageClass);
        if (ok) from = t.storageClass;
        return ok;
      });
      steps.forEach((t, i) => {
        recurring.transitions += transitionCost(prices, t.storageClass, slice.objects);
        const next = steps[i + 1]?.days ?? plan.expirationDays;
        if (next === undefined) return;
        const stay = next - t.days;
        if (stay < prices.minDays[t.storageClass]) {
          recurring.minimumDuration += earlyDeletionCost(prices, t.storageClass, slice.bytes, stay);
          warnings.add(
            `rule ${plan.id}: ${stay} days in ${t.storageClass} is under its ${prices.minDays[t.storageClass]}-day minimum: the rest is charged`,
          );
        }
      });
    }
  }
}

function zero(): Count {
  return { objects: 0, bytes: 0 };
}

function add(c: Count, objects: number, bytes: number): void {
  c.objects += objects;
  c.bytes += bytes;
}

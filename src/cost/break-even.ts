// Which objects are worth a lifecycle transition: those whose transition requests are paid back by a year
// of the storage they save. The proposed rules carry it as their size filter (ObjectSizeGreaterThan), and
// the what-if moves exactly the objects that filter lets through, so S3 does what the what-if says.
import { isArchiveClass, objectBilling, transitionCost } from "./price-model.js";
import { GiB, type PriceTable, type StorageClass, TRANSITION_MIN_BYTES } from "./prices.js";
import { SIZE_STEPS } from "./size-steps.js";

/** A transition must pay for its requests within this many months of storage savings. */
export const PAYBACK_MONTHS = 12;

/** Rough per-GiB rate of a class: STANDARD (and INTELLIGENT_TIERING's frequent tier) at its first band. */
export function classRate(prices: PriceTable, c: StorageClass): number {
  if (c === "STANDARD" || c === "INTELLIGENT_TIERING") return prices.standardBands[0]?.perGiBMonth ?? 0;
  return prices.storage[c];
}

/**
 * Monthly dollars of one object of `size` bytes in a class: its minimum size or archive overhead, and
 * INTELLIGENT_TIERING's monitoring (at the frequent tier: a listing cannot tell which objects go unread).
 */
export function objectMonthly(prices: PriceTable, c: StorageClass, size: number): number {
  const b = objectBilling(c, size);
  return (
    (b.classBytes / GiB) * classRate(prices, c) +
    (b.standardBytes / GiB) * classRate(prices, "STANDARD") +
    (b.monitored ? prices.intelligentTiering.monitoringPer1000 / 1000 : 0)
  );
}

/**
 * The smallest size step above which a new object moving from STANDARD through `transitions` pays its
 * requests back within PAYBACK_MONTHS of what its last class saves; undefined when no size does
 * (INTELLIGENT_TIERING at its frequent tier only adds monitoring).
 */
export function breakEvenSize(
  prices: PriceTable,
  transitions: { storageClass: StorageClass }[],
): number | undefined {
  const last = transitions.at(-1)?.storageClass;
  if (last === undefined) return undefined;
  const requests = transitions.reduce((sum, t) => sum + transitionCost(prices, t.storageClass, 1), 0);
  return SIZE_STEPS.find((size) => {
    const saving = objectMonthly(prices, "STANDARD", size) - objectMonthly(prices, last, size);
    return saving > 0 && requests <= saving * PAYBACK_MONTHS;
  });
}

/**
 * The ObjectSizeGreaterThan a rule needs, or undefined when S3's default is the same: S3 moves nothing
 * under 128 KiB to the other classes by default, but a bucket may let small objects into GLACIER and
 * DEEP_ARCHIVE (TransitionDefaultMinimumObjectSize), so a rule reaching them always says its size.
 * Where no size pays back, the rule moves what S3 would by default and the what-if prices that.
 */
export function sizeFilter(
  prices: PriceTable,
  transitions: { storageClass: StorageClass }[],
): number | undefined {
  if (transitions.length === 0) return undefined;
  const size = breakEvenSize(prices, transitions) ?? TRANSITION_MIN_BYTES;
  if (size > TRANSITION_MIN_BYTES || transitions.some((t) => isArchiveClass(t.storageClass))) return size;
  return undefined;
}

// Object sizes in steps, for lifecycle size filters: the aggregate counts objects per step, and a rule's
// ObjectSizeGreaterThan is always a step, so the what-if moves exactly the objects S3 would.
// Steps are 1, 1.25, 1.5 and 1.75 × each power of two from 128 KiB to 4 TiB (never more than a quarter
// apart, and round numbers in a rule: 320 KiB, 1.5 MiB).
import { KiB } from "./prices.js";

function steps(): number[] {
  const out: number[] = [];
  for (let base = 128 * KiB; base <= 2 ** 42; base *= 2) {
    for (const f of [4, 5, 6, 7]) out.push((base * f) / 4);
  }
  return out;
}

/** Ascending sizes in bytes; the first is 128 KiB, below which S3 transitions nothing by default. */
export const SIZE_STEPS: readonly number[] = steps();

/**
 * The step of an object of `size` bytes: how many steps it is larger than. An ObjectSizeGreaterThan of
 * `SIZE_STEPS[j]` lets through exactly the objects whose step is above `j`.
 */
export function sizeStep(size: number): number {
  let lo = 0;
  let hi = SIZE_STEPS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((SIZE_STEPS[mid] as number) < size) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of a size that is a step, or undefined (a bucket's own filter at some other size). */
export function stepIndex(bytes: number): number | undefined {
  const i = SIZE_STEPS.indexOf(bytes);
  return i < 0 ? undefined : i;
}

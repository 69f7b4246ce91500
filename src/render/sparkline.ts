const TICKS = "▁▂▃▄▅▆▇█";

/**
 * The last `width` values as one line of eighth-height bars, from the smallest shown (▁) to the largest
 * (█), so growth shows even when it is small against the whole; equal values draw a flat ▁ line.
 */
export function sparkline(values: number[], width: number): string {
  const shown = values.slice(-Math.max(1, width));
  const low = Math.min(...shown);
  const span = Math.max(...shown) - low;
  return shown
    .map((v) => TICKS[span > 0 ? Math.round(((v - low) / span) * (TICKS.length - 1)) : 0] ?? "")
    .join("");
}

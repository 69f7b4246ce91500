// The first screen's listing, started before Ink has loaded (commands/tui.ts): a small lake is listed
// by the time the app mounts, so Ink's first frame already has the rows; a large one hands the screen the
// listing in flight, never a second one.
import type { LakeEntry } from "../src/lake/entry.js";
import type { ListingCache } from "./context.js";
import type { LakeSource } from "./source.js";

/**
 * Starts listing `path` now. Once complete, the rows go into `cache` (as a screen's own completed
 * listing would), and the screen draws them at once. While it runs, the first `listEntries(path)` joins
 * it: the batches so far, then the rest as they come. Any later call (a reload), a call after it ended
 * (it failed: the screen lists again and shows its own error), or another path goes to `source`.
 * `settled` resolves (never rejects) when the listing has ended, either way; `failure()` then gives the
 * error it ended with, if any (the UI does not open on a lake it cannot list).
 */
export function prefetchListing(
  source: LakeSource,
  path: string,
  cache: ListingCache,
): { source: LakeSource; settled: Promise<void>; failure: () => unknown } {
  const controller = new AbortController();
  const batches: LakeEntry[][] = [];
  let outcome: { done: true } | { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let claimed = false;
  const changed = () => {
    wake?.();
    wake = undefined;
  };

  const settled = (async () => {
    try {
      for await (const batch of source.listEntries(path, { signal: controller.signal })) {
        batches.push(batch);
        changed();
      }
      outcome = { done: true };
      const byPath = new Map<string, LakeEntry>();
      for (const batch of batches) for (const entry of batch) byPath.set(entry.path, entry);
      if (!claimed) cache.set(path, [...byPath.values()]);
    } catch (error) {
      outcome = { error };
    }
    changed();
  })();

  async function* joined(signal: AbortSignal): AsyncGenerator<LakeEntry[]> {
    const stop = () => controller.abort(signal.reason);
    if (signal.aborted) stop();
    signal.addEventListener("abort", stop, { once: true });
    try {
      let next = 0;
      for (;;) {
        while (next < batches.length) yield batches[next++] as LakeEntry[];
        if (outcome && "error" in outcome) throw outcome.error;
        if (outcome) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      signal.removeEventListener("abort", stop);
    }
  }

  // Everything else is the source's own (through the prototype, so a class-based source works too).
  const prefetching: LakeSource = Object.create(source);
  prefetching.listEntries = (listed, options) => {
    if (listed !== path || claimed || outcome) return source.listEntries(listed, options);
    claimed = true;
    return { [Symbol.asyncIterator]: () => joined(options.signal) };
  };
  // A listing the screen gave up (the user moved on) did not fail.
  const failure = () =>
    outcome && "error" in outcome && !controller.signal.aborted ? outcome.error : undefined;
  return { source: prefetching, settled, failure };
}

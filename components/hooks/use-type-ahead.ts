import type { Key } from "ink";
import { useLayoutEffect, useMemo, useRef, useState } from "react";

/** How long keys typed ahead wait for a loading screen's rows before they act on what is there. */
export const TYPE_AHEAD_WAIT_MS = 2000;

export interface TypeAhead {
  /** Queues key presses, to be handled one by one. */
  push(presses: { input: string; key: Key }[]): void;
  /** Keys are waiting. */
  pending(): boolean;
  /** The screen has its rows now: waiting keys go on. */
  screenReady(): void;
}

/**
 * Keys are handled one at a time, each once React has committed what the one before it did, so it sees
 * the screen the previous key left (G then p previews the row G moved to), even when keys come faster
 * than the screen redraws: typed quickly, pasted, or delivered in one read by a slow SSH link. Keys typed
 * ahead wait while `loading()` says the screen is still loading its rows (Enter Enter: the second opens
 * a row of the listing the first opened), for at most TYPE_AHEAD_WAIT_MS; then they act on what is there.
 */
export function useTypeAhead(
  handle: (input: string, key: Key) => void,
  loading: () => boolean,
  holding: () => boolean = () => false,
): TypeAhead {
  const latest = useRef({ handle, loading, holding });
  latest.current = { handle, loading, holding };
  const queue = useRef<{ input: string; key: Key; at: number }[]>([]);
  // A key was handled and the commit with what it did has not happened yet.
  const committing = useRef(false);
  // Bumped with each key handled: the commit that carries what the key did runs the effect below.
  const [turn, setTurn] = useState(0);
  const handleNow = (input: string, key: Key) => {
    committing.current = true;
    latest.current.handle(input, key);
    setTurn((t) => t + 1);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per turn; the rest is read from refs
  useLayoutEffect(() => {
    committing.current = false;
    const head = queue.current[0];
    if (!head) return;
    const waited = Date.now() - head.at;
    if (latest.current.loading() && waited < TYPE_AHEAD_WAIT_MS) {
      const timer = setTimeout(() => setTurn((t) => t + 1), TYPE_AHEAD_WAIT_MS - waited);
      return () => clearTimeout(timer);
    }
    // Outside the commit, so a key that changes screens is an update of its own, not a nested one.
    const immediate = setImmediate(() => {
      queue.current.shift();
      handleNow(head.input, head.key);
    });
    return () => clearImmediate(immediate);
  }, [turn]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: one queue for the app's life; handleNow reads refs
  return useMemo(
    () => ({
      push(presses) {
        const at = Date.now();
        const [first, ...rest] = presses;
        if (!first) return;
        // The usual case, a key with nothing before it still in flight, acts at once, on a screen still
        // loading too (Esc leaves a slow listing); keys typed ahead of it wait their turn. A screen whose
        // code is still loading (`holding`) has no keys yet: then it waits too.
        if (queue.current.length === 0 && !committing.current && !latest.current.holding()) {
          handleNow(first.input, first.key);
          queue.current.push(...rest.map((press) => ({ ...press, at })));
          return;
        }
        queue.current.push(...presses.map((press) => ({ ...press, at })));
        if (!committing.current) setTurn((t) => t + 1);
      },
      pending: () => queue.current.length > 0,
      screenReady: () => {
        if (queue.current.length > 0) setTurn((t) => t + 1);
      },
    }),
    [],
  );
}

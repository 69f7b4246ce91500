/**
 * Virtual scrolling: which slice of a long list is on screen. Only that slice is rendered, so a
 * list of 100,000 rows costs the same as one of 20.
 */
export interface ListWindow {
  /** Index of the first visible row. */
  top: number;
  /** Index of the row under the cursor. */
  cursor: number;
}

export function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

/** Moves the cursor to `cursor` (clamped) and scrolls as little as needed to keep it visible. */
export function moveTo(win: ListWindow, cursor: number, count: number, height: number): ListWindow {
  if (count === 0) return { top: 0, cursor: 0 };
  const c = clamp(cursor, 0, count - 1);
  const h = Math.max(1, height);
  let top = clamp(win.top, 0, Math.max(0, count - h));
  if (c < top) top = c;
  else if (c >= top + h) top = c - h + 1;
  return { top, cursor: c };
}

export type Motion = "up" | "down" | "pageUp" | "pageDown" | "first" | "last";

export function move(win: ListWindow, motion: Motion, count: number, height: number): ListWindow {
  const page = Math.max(1, height - 1);
  const target = {
    up: win.cursor - 1,
    down: win.cursor + 1,
    pageUp: win.cursor - page,
    pageDown: win.cursor + page,
    first: 0,
    last: count - 1,
  }[motion];
  return moveTo(win, target, count, height);
}

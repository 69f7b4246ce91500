import { confirm, usageError } from "./context.js";

export { confirm };

/**
 * A change that needs a yes: `--yes` gives it; on a terminal the user is asked; off a terminal without
 * `--yes` it is refused (exit 2), naming what would have been done.
 */
export async function confirmChange(yes: boolean | undefined, what: string): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw usageError(`not on a terminal, so not asking: pass --yes to ${what}`);
  }
  return confirm(`${what[0]?.toUpperCase()}${what.slice(1)}?`);
}

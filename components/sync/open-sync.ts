import type { LakeEntry } from "../../src/lake/entry.js";
import { tablePath } from "../../src/lake/lake-path.js";
import { folderOf } from "../render/lake-paths.js";
import type { Navigator } from "../screens/registry.js";

/** The table a lake path is in or names: `layer/domain/table`, or `layer/tenant=…/domain/table`. */
export function tableOfPath(path: string): string | undefined {
  if (path === "") return undefined;
  return tablePath(folderOf(path));
}

/**
 * The browser's `d` (diff) and `s` (sync): the table under the cursor, or the one being browsed. Says
 * so in the status line when the cursor is above table level.
 */
export function openSync(nav: Navigator, path: string, current: LakeEntry | undefined, sync: boolean): void {
  const table = tableOfPath(path) ?? (current?.kind === "table" ? current.path : undefined);
  if (!table) {
    nav.notify(`${sync ? "sync" : "diff"} works on a table: move to one (or into it) first`, "error");
    return;
  }
  nav.open("diff", sync ? { path: table, sync: "yes" } : { path: table });
}

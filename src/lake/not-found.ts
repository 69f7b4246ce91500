import type { Config } from "../config/index.js";
import { NotFoundError } from "../errors.js";
import { openStore } from "../storage/index.js";
import type { ObjectStore } from "../storage/object-store.js";
import { rootLocation } from "./resolve.js";

/** Edit distance with adjacent swaps (`oredrs` → `orders` is 1), capped work: names are short. */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (rows[i - 2]?.[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return rows[a.length]?.[b.length] as number;
}

/** The candidate a typo most likely meant: the nearest within 40% of the name's length (at least 1 edit). */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  const limit = Math.max(1, Math.floor(name.length * 0.4));
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0.5 : distance(name, candidate);
    if (d <= limit && (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best))) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean silver/sales/orders?)`, or nothing. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? "" : ` (did you mean ${suggestion}?)`;
}

/** Names of what lies directly under a folder (`""` is the top), for suggestions: one page is enough. */
export type ChildNames = (folder: string) => Promise<string[]>;

/** Child names of a folder in a store: one delimiter listing page (up to 1,000 names). */
export function storeChildren(store: ObjectStore): ChildNames {
  return async (folder) => {
    const prefix = folder === "" ? "" : `${folder}/`;
    for await (const page of store.list(prefix, { delimiter: "/" })) {
      return [
        ...page.prefixes.map((p) => p.slice(prefix.length).replace(/\/$/, "")),
        ...page.objects.map((o) => o.key.slice(prefix.length)),
      ];
    }
    return [];
  };
}

/** Child names from a list of known paths (e.g. the tables found in storage and the catalog). */
export function pathChildren(paths: readonly string[]): ChildNames {
  return async (folder) => {
    const prefix = folder === "" ? "" : `${folder}/`;
    const names = paths
      .filter((p) => p.startsWith(prefix))
      .map((p) => p.slice(prefix.length).split("/")[0] ?? "");
    return [...new Set(names)];
  };
}

/**
 * The path a user probably meant: each segment that names nothing is replaced by its closest sibling,
 * from the top down; undefined when a segment has no close sibling or nothing needed replacing.
 * One listing per segment.
 */
export async function suggestPath(path: string, children: ChildNames): Promise<string | undefined> {
  const fixed: string[] = [];
  let changed = false;
  for (const segment of path.split("/").filter(Boolean)) {
    const names = await children(fixed.join("/"));
    if (names.includes(segment)) {
      fixed.push(segment);
      continue;
    }
    const near = closest(segment, names);
    if (near === undefined) return undefined;
    fixed.push(near);
    changed = true;
  }
  return changed ? fixed.join("/") : undefined;
}

/** "nothing at bronze/sales/ordrs (did you mean bronze/sales/orders?)": a lake path that names nothing. */
export async function nothingAt(store: ObjectStore, path: string): Promise<NotFoundError> {
  const suggestion = await suggestPath(path, storeChildren(store)).catch(() => undefined);
  return new NotFoundError(path, `nothing at ${path}${didYouMean(suggestion)}`);
}

/**
 * An S3 lake root with nothing under it: an empty lake or, as often, a mistyped prefix, so the bucket's
 * folders are searched for the one meant.
 */
export async function nothingAtRoot(config: Config): Promise<NotFoundError> {
  const at = rootLocation(config.root);
  if (config.tenant !== undefined) {
    return new NotFoundError(
      at,
      `nothing of tenant ${config.tenant} in ${at}: \`medallion tenant add ${config.tenant}\` creates its prefixes`,
    );
  }
  if (config.root.kind !== "s3") return new NotFoundError(at, `nothing at ${at}: the lake is empty`);
  const { bucket, prefix } = config.root;
  const bucketStore = openStore({ ...config, root: { kind: "s3", bucket, prefix: "" } });
  const suggestion = await suggestPath(prefix, storeChildren(bucketStore)).catch(() => undefined);
  const meant = suggestion === undefined ? undefined : `s3://${bucket}/${suggestion}`;
  return new NotFoundError(
    at,
    `nothing at ${at}: the lake is empty or its prefix mistyped${didYouMean(meant)}`,
  );
}

// The live source: list the lake through its ObjectStore, tables in parallel, each page folded into the
// aggregate as it arrives (no listing is ever collected whole).
import { mapBounded } from "../catalog/bounded.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { CostAggregate } from "./aggregate.js";

export interface ScanProgress {
  objects: number;
  bytes: number;
  /** Prefixes listed so far, and known so far. */
  prefixesDone: number;
  prefixes: number;
}

export interface ListingOptions {
  /** Prefixes listed at once. */
  concurrency?: number;
  onProgress?: (progress: ScanProgress) => void;
  signal?: AbortSignal;
}

/** Folders above table level (layer/, layer/domain/, layer/tenant=x/domain/) are split further. */
function aboveTable(prefix: string): boolean {
  const parts = prefix.split("/").filter(Boolean);
  const tableDepth = parts[1]?.startsWith("tenant=") ? 4 : 3;
  return parts.length < tableDepth;
}

/** Folds every object under `prefix` (empty or ending in `/`) into `aggregate`. */
export async function scanListing(
  store: ObjectStore,
  aggregate: CostAggregate,
  prefix: string,
  options: ListingOptions = {},
): Promise<void> {
  const concurrency = options.concurrency ?? 8;
  const progress: ScanProgress = { objects: 0, bytes: 0, prefixesDone: 0, prefixes: 1 };
  const report = () => options.onProgress?.({ ...progress });
  const fold = (objects: { key: string; size: number; lastModified: Date; storageClass: string }[]) => {
    for (const o of objects) {
      aggregate.add({
        key: o.key,
        size: o.size,
        lastModified: o.lastModified.getTime(),
        storageClass: o.storageClass,
      });
      progress.objects += 1;
      progress.bytes += o.size;
    }
  };
  const delimited = async (folder: string): Promise<string[]> => {
    const found: string[] = [];
    for await (const page of store.list(folder, { delimiter: "/" })) {
      options.signal?.throwIfAborted();
      fold(page.objects);
      found.push(...page.prefixes);
      report();
    }
    progress.prefixesDone += 1;
    progress.prefixes += found.length;
    report();
    return found;
  };
  const flat = async (folder: string): Promise<void> => {
    for await (const page of store.list(folder)) {
      options.signal?.throwIfAborted();
      fold(page.objects);
      report();
    }
    progress.prefixesDone += 1;
    report();
  };
  // Split down to tables, then further (partition levels) while there are too few prefixes to keep
  // `concurrency` listings busy; whatever is left is listed flat, in parallel.
  let level = [prefix];
  const leaves: string[] = [];
  for (let depth = 0; level.length > 0 && depth < 8; depth++) {
    const few = level.length < concurrency;
    const split = level.filter((p) => few || aboveTable(p));
    if (!few) leaves.push(...level.filter((p) => !aboveTable(p)));
    if (split.length === 0) {
      level = [];
      break;
    }
    level = (await mapBounded(split, concurrency, delimited)).flat();
  }
  leaves.push(...level);
  await mapBounded(leaves, concurrency, flat);
  report();
}

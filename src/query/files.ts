import type { Lake } from "../lake/index.js";
import { isHiddenName } from "../storage/hidden-name.js";

/** The data files under a location: what an engine reading that location reads. */
export interface LocationFiles {
  objectKeys: string[];
  bytes: number;
}

/** Prefixes listed at once. */
const LIST_CONCURRENCY = 8;

/** The key prefix (ending in `/`) of a catalog location (`s3://…` or a folder) in the lake. */
export function locationPrefix(lake: Lake, location: string): string {
  const key = lake.resolve(location.endsWith("/") ? location : `${location}/`);
  return key === "" || key.endsWith("/") ? key : `${key}/`;
}

/** The files under each catalog location (`s3://…` or a folder). */
export function filesAt(lake: Lake, locations: string[]): Promise<LocationFiles> {
  return filesUnder(
    lake,
    locations.map((l) => locationPrefix(lake, l)),
  );
}

/**
 * The files under each key prefix (ending in `/`), subfolders included (Athena reads them too), leaving
 * out names engines skip (`_SUCCESS`, `.crc`, `_temporary/`) and empty files; a few prefixes at a time.
 */
export async function filesUnder(lake: Lake, prefixes: string[]): Promise<LocationFiles> {
  const found: LocationFiles[] = prefixes.map(() => ({ objectKeys: [], bytes: 0 }));
  let next = 0;
  const worker = async () => {
    while (next < prefixes.length) {
      const i = next++;
      const prefix = prefixes[i] as string;
      const into = found[i] as LocationFiles;
      for await (const page of lake.store.list(prefix)) {
        for (const object of page.objects) {
          const below = object.key.slice(prefix.length).split("/");
          if (below.some(isHiddenName) || object.size === 0) continue;
          into.objectKeys.push(object.key);
          into.bytes += object.size;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LIST_CONCURRENCY, prefixes.length) }, worker));
  return {
    objectKeys: found.flatMap((f) => f.objectKeys),
    bytes: found.reduce((n, f) => n + f.bytes, 0),
  };
}

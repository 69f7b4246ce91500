// The real LakeSource: the lake from the config, through src/. Nothing slow is imported until a screen
// first asks for data, so the shell's first frame draws before the AWS SDK, hyparquet or DuckDB load.
import path from "node:path";
import type { Config } from "../src/config/index.js";
import type { LakeEntry } from "../src/lake/entry.js";
import type { Lake } from "../src/lake/lake.js";
import { resolveLocation, rootLocation } from "../src/lake/resolve.js";
import type { Preview } from "../src/preview/grid.js";
import type { LakeHeader, LakeSource } from "./source.js";

/** `profile data · eu-west-1` (what the SDK's default chain will use), or `local folder`. */
export function headerFor(config: Config, env: NodeJS.ProcessEnv = process.env): LakeHeader {
  let where = "local folder";
  if (config.root.kind === "s3") {
    const profile = config.profile ?? env.AWS_PROFILE ?? "default";
    const region = config.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "region from ~/.aws/config";
    const endpoint = config.endpointUrl ? ` · ${config.endpointUrl}` : "";
    where = `profile ${profile} · ${region}${endpoint}`;
  }
  return {
    root: rootLocation(config.root),
    where,
    catalog: config.catalog,
    readOnly: config.readOnly,
    ...(config.tenant !== undefined && { tenant: config.tenant }),
  };
}

/** Spark/Hive markers, hidden files and checksums are not data to preview. */
function isDataFile(key: string, size: number): boolean {
  const name = key.split("/").pop() ?? "";
  return size > 0 && !name.startsWith("_") && !name.startsWith(".") && !name.endsWith(".crc");
}

export interface RealLakeSource extends LakeSource {
  // Always present for the real lake.
  /** The opened lake (store, layout, catalog), for screens that need more than listings and previews. */
  lake(): Promise<Lake>;
}

export function lakeSource(config: Config): RealLakeSource {
  let opened:
    | Promise<{ lake: Lake; listEntries: typeof import("../src/lake/entries.js").listEntries }>
    | undefined;
  const core = () => {
    opened ??= Promise.all([import("../src/lake/lake.js"), import("../src/lake/entries.js")]).then(
      ([{ openLake }, { listEntries }]) => ({ lake: openLake(config), listEntries }),
    );
    return opened;
  };
  let previewModule: Promise<typeof import("../src/preview/index.js")> | undefined;
  const layers = [config.layers.bronze, config.layers.silver, config.layers.gold, "_medallion"];
  const root = rootLocation(config.root);

  return {
    header: headerFor(config),
    lake: async () => (await core()).lake,
    listEntries(lakePath, { signal }) {
      return {
        async *[Symbol.asyncIterator](): AsyncGenerator<LakeEntry[]> {
          const { lake, listEntries } = await core();
          yield* listEntries(lake, lakePath, { signal });
        },
      };
    },
    uri(lakePath) {
      if (config.root.kind === "local") return path.join(config.root.path, ...lakePath.split("/"));
      return lakePath ? `${root}/${lakePath}` : root;
    },
    async firstFile(lakePath, { signal }) {
      const { lake } = await core();
      for await (const page of lake.store.list(lakePath ? `${lakePath}/` : "")) {
        if (signal.aborted) return undefined;
        const found = page.objects.find((o) => isDataFile(o.key, o.size));
        if (found) return found.key;
      }
      return undefined;
    },
    async openPreview(key): Promise<Preview> {
      previewModule ??= import("../src/preview/index.js");
      const [{ lake }, { openPreview }] = await Promise.all([core(), previewModule]);
      return openPreview(lake.store, key);
    },
    toLakePath: (location) => resolveLocation(location, config.root, { layers }),
  };
}

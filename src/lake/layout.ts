import type { Config } from "../config/index.js";
import type { LakeLayout } from "./types.js";

/**
 * What the path model needs from the config: layer folder names (bronze, silver, gold order) and the
 * partition keys of each table that declares some. A table with no keys declared accepts any key=value.
 */
export function layoutFromConfig(config: Pick<Config, "layers" | "tables">): LakeLayout {
  const partitionKeys: Record<string, string[]> = {};
  for (const [table, tableConfig] of Object.entries(config.tables)) {
    if (tableConfig.partitionKeys.length > 0) partitionKeys[table] = [...tableConfig.partitionKeys];
  }
  return { layers: [config.layers.bronze, config.layers.silver, config.layers.gold], partitionKeys };
}

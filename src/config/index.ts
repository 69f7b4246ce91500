export {
  CONFIG_FILE,
  databaseName,
  findConfigFile,
  loadConfig,
  parseLakeRoot,
  readConfigFile,
} from "./load.js";
export type { Config, ConfigFile, ConfigFlags, LakeRoot, Layer, LayerNames, TableConfig } from "./schema.js";
export { ConfigSchema } from "./schema.js";

export {
  CONFIG_FILE,
  databaseName,
  findConfigFile,
  loadConfig,
  parseLakeRoot,
  readConfigFile,
  readOnlyInForce,
} from "./load.js";
export type {
  GoldMeasure,
  GoldSource,
  GoldSpec,
  IngestSpec,
  SilverColumn,
  SilverRule,
  SilverSpec,
} from "./pipeline.js";
export { DATE_PARTS, GOLD_FUNCTIONS } from "./pipeline.js";
export type {
  AthenaSettings,
  Config,
  ConfigFile,
  ConfigFlags,
  LakeRoot,
  Layer,
  LayerNames,
  NetworkSettings,
  TableConfig,
} from "./schema.js";
export { AthenaSchema, ConfigSchema, NetworkSchema, TenantIdSchema } from "./schema.js";

import type { Config } from "../config/index.js";
import { MedallionError } from "../errors.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { AthenaEngineOptions } from "./athena.js";
import type { AthenaQueries } from "./athena-query.js";
import type { DuckDbEngineOptions } from "./duckdb.js";
import type { Engine, EngineKind } from "./engine.js";

export type { AthenaEngineOptions, AthenaInputTable } from "./athena.js";
export type {
  AthenaColumn,
  AthenaQueries,
  AthenaQueryResult,
  AthenaQueryState,
  AthenaRow,
  AthenaRunOptions,
  AthenaStatistics,
} from "./athena-query.js";
export type { DuckDbEngineOptions } from "./duckdb.js";
export type {
  Engine,
  EngineKind,
  EngineUsage,
  InputView,
  Row,
  WriteTarget,
  WrittenPartition,
} from "./engine.js";
export { OBJECT_KEY_COLUMN } from "./engine.js";

/** Runs Athena queries with the lake's `athena:` settings; the Athena SDK is loaded only here, on first use. */
export async function openAthenaQueries(config: Config): Promise<AthenaQueries> {
  const { AthenaQueries } = await import("./athena-query.js");
  return AthenaQueries.fromConfig(config);
}

/** An Athena session's settings: the lake's `athena:` block and how a view finds its catalog table. */
export interface AthenaSessionOptions extends AthenaEngineOptions {
  config: Config;
}

/**
 * Opens an engine session over the lake's store; DuckDB and the Athena SDK are loaded only here, on first
 * use. Athena needs `athena` (src/promote/athena-inputs.ts builds it from the lake and its catalog).
 */
export async function openEngine(
  kind: EngineKind,
  store: ObjectStore,
  options: DuckDbEngineOptions = {},
  athena?: AthenaSessionOptions,
): Promise<Engine> {
  if (kind === "athena") {
    if (!athena)
      throw new MedallionError("usage", "the athena engine needs the lake's catalog to read tables");
    const [{ AthenaEngine }, queries] = await Promise.all([
      import("./athena.js"),
      openAthenaQueries(athena.config),
    ]);
    return new AthenaEngine(queries, store, athena);
  }
  const { DuckDbEngine } = await import("./duckdb.js");
  return DuckDbEngine.open(store, options);
}

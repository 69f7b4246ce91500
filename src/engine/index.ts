import type { Config } from "../config/index.js";
import { MedallionError } from "../errors.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { AthenaQueries } from "./athena-query.js";
import type { DuckDbEngineOptions } from "./duckdb.js";
import type { Engine, EngineKind } from "./engine.js";

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
export type { Engine, EngineKind, InputView, Row, WriteTarget, WrittenPartition } from "./engine.js";
export { OBJECT_KEY_COLUMN } from "./engine.js";

/** Runs Athena queries with the lake's `athena:` settings; the Athena SDK is loaded only here, on first use. */
export async function openAthenaQueries(config: Config): Promise<AthenaQueries> {
  const { AthenaQueries } = await import("./athena-query.js");
  return AthenaQueries.fromConfig(config);
}

/** Opens an engine session over the lake's store; DuckDB is loaded only here, on first use. */
export async function openEngine(
  kind: EngineKind,
  store: ObjectStore,
  options: DuckDbEngineOptions = {},
): Promise<Engine> {
  if (kind === "athena") {
    throw new MedallionError(
      "not-yet",
      "the athena engine is not yet wired into promotions (src/engine/athena.ts is not opened here): use --engine duckdb (it reads S3 lakes too)",
    );
  }
  const { DuckDbEngine } = await import("./duckdb.js");
  return DuckDbEngine.open(store, options);
}

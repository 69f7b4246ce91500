import type { Engine, EngineKind } from "../engine/engine.js";
import { MedallionError } from "../errors.js";

/**
 * The engine as a promotion that can be stopped sees it (Esc in the UI, Ctrl-C): aborting interrupts the
 * statement running now (DuckDB; Athena's session stops its query through the same signal) and refuses
 * the next one, so a stop between statements (inputs being fetched, files being placed) lands too.
 */
export function stoppable(engine: Engine, signal: AbortSignal | undefined): Engine & { release(): void } {
  const onAbort = () => engine.interrupt?.();
  signal?.addEventListener("abort", onAbort, { once: true });
  const guard = <T>(call: () => Promise<T>): Promise<T> => {
    if (signal?.aborted) return Promise.reject(stopped(engine.kind));
    return call();
  };
  return {
    kind: engine.kind,
    get usage() {
      return engine.usage;
    },
    register: (view) => guard(() => engine.register(view)),
    exec: (sql) => guard(() => engine.exec(sql)),
    rows: (sql) => guard(() => engine.rows(sql)),
    write: (sql, target) => guard(() => engine.write(sql, target)),
    close: () => engine.close(),
    release: () => signal?.removeEventListener("abort", onAbort),
  };
}

/** How a stopped stage reads (Athena's own error says more: the query stopped and what it had scanned). */
export const stopped = (kind: EngineKind) =>
  new MedallionError("cancelled", `stopped: ${kind === "duckdb" ? "DuckDB interrupted" : "Athena stopped"}`);

import { useEffect, useRef, useState } from "react";
import { errorLine, MedallionError } from "../../src/errors.js";
import type { PromotionPlan, PromotionResult, PromotionTarget } from "../../src/promote/index.js";
import { useLake } from "../context.js";
import { type Load, useLoad } from "../hooks/use-preview.js";

export interface PlannedPromotion {
  target: PromotionTarget;
  plan: PromotionPlan;
}

/**
 * Where a run is: not started, running (with what it does now; `stopping` once Esc was pressed,
 * `committing` once the commit began, which is never cut halfway), done, or failed with one line
 * (`stopped`: the user stopped it, and the run is left to resume or roll back).
 */
export type RunState =
  | { phase: "idle" }
  | { phase: "running"; dryRun: boolean; status: string; stopping?: boolean; committing?: boolean }
  | { phase: "done"; result: PromotionResult }
  | { phase: "failed"; error: string; stopped?: boolean };

/** The plan of promoting `table` (its spec, else the next layer's table built from it), then the run. */
export function usePromotion(table: string, partitions: string | undefined) {
  const { source } = useLake();
  const [run, setRun] = useState<RunState>({ phase: "idle" });
  const running = useRef<AbortController | undefined>(undefined);
  // Leaving the screen (or the app) stops a run still staging: nothing is left running unseen, on Athena
  // neither; the journal keeps it to resume.
  useEffect(() => () => running.current?.abort(new Error("left the promotion screen")), []);
  const plan: Load<PlannedPromotion> = useLoad(async () => {
    const [lake, promotion] = await Promise.all([source.lake?.(), import("../../src/promote/index.js")]);
    if (!lake)
      throw new MedallionError("not-yet", "not yet: promoting needs an opened lake (this app has none)");
    const target = promotion.promotionTarget(lake.config, table);
    const selection = partitions ? [partitions] : undefined;
    return {
      target,
      plan: await promotion.planPromotion(lake, target, {
        engine: lake.config.engine,
        partitions: selection,
      }),
    };
  }, [source, table, partitions]);

  const start = (dryRun: boolean) => {
    if (plan.status !== "done" || running.current) return;
    const control = new AbortController();
    running.current = control;
    let committing = false;
    const update = (status: string) =>
      setRun({ phase: "running", dryRun, status, stopping: control.signal.aborted, committing });
    update(dryRun ? "counting…" : "starting…");
    (async () => {
      const [lake, promotion] = await Promise.all([source.lake?.(), import("../../src/promote/index.js")]);
      if (!lake) throw new MedallionError("not-yet", "not yet: promoting needs an opened lake");
      return promotion.promote(lake, plan.value.target.target, {
        dryRun,
        partitions: partitions ? [partitions] : undefined,
        signal: control.signal,
        onCommit: () => {
          committing = true;
        },
        onProgress: update,
      });
    })()
      .then(
        (result) => setRun({ phase: "done", result }),
        (err) => setRun({ phase: "failed", error: errorLine(err), stopped: control.signal.aborted }),
      )
      .finally(() => {
        running.current = undefined;
      });
  };

  /** Esc or Ctrl-C while running: stops the stage (Athena's query, DuckDB's statement); false once committing. */
  const stop = (): boolean => {
    if (run.phase !== "running" || run.committing) return false;
    running.current?.abort(new Error("stopped"));
    setRun({ ...run, stopping: true });
    return true;
  };
  return { plan, run, start, stop, reset: () => setRun({ phase: "idle" }) };
}

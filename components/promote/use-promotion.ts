import { useRef, useState } from "react";
import { errorLine, MedallionError } from "../../src/errors.js";
import type { PromotionPlan, PromotionResult, PromotionTarget } from "../../src/promote/index.js";
import { useLake } from "../context.js";
import { type Load, useLoad } from "../hooks/use-preview.js";

export interface PlannedPromotion {
  target: PromotionTarget;
  plan: PromotionPlan;
}

/** Where a run is: not started, running (with what it does now), done, or failed with one line. */
export type RunState =
  | { phase: "idle" }
  | { phase: "running"; dryRun: boolean; status: string }
  | { phase: "done"; result: PromotionResult }
  | { phase: "failed"; error: string };

/** The plan of promoting `table` (its spec, else the next layer's table built from it), then the run. */
export function usePromotion(table: string, partitions: string | undefined) {
  const { source } = useLake();
  const [run, setRun] = useState<RunState>({ phase: "idle" });
  const running = useRef(false);
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
    running.current = true;
    setRun({ phase: "running", dryRun, status: dryRun ? "counting…" : "starting…" });
    (async () => {
      const [lake, promotion] = await Promise.all([source.lake?.(), import("../../src/promote/index.js")]);
      if (!lake) throw new MedallionError("not-yet", "not yet: promoting needs an opened lake");
      return promotion.promote(lake, plan.value.target.target, {
        dryRun,
        partitions: partitions ? [partitions] : undefined,
        onProgress: (status) => setRun({ phase: "running", dryRun, status }),
      });
    })()
      .then(
        (result) => setRun({ phase: "done", result }),
        (err) => setRun({ phase: "failed", error: errorLine(err) }),
      )
      .finally(() => {
        running.current = false;
      });
  };
  return { plan, run, start, reset: () => setRun({ phase: "idle" }) };
}

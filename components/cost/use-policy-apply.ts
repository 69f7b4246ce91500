import { useState } from "react";
import type { PolicyChange } from "../../src/cost/apply.js";
import { policyResult } from "../../src/cost/render.js";
import { errorLine, MedallionError } from "../../src/errors.js";
import { useLake } from "../context.js";
import type { Navigator } from "../screens/registry.js";

/** `a` on the cost screen: read the bucket's rules, show the document and ask, then write. */
export type PolicyApplyState =
  | { step: "idle" }
  | { step: "reading" }
  | { step: "asking"; change: PolicyChange }
  | { step: "writing"; change: PolicyChange };

/**
 * The lifecycle policy applied as `medallion lifecycle apply` does (src/cost/apply.ts: the same read-only
 * guard, merge and call); each outcome is one status line, and `onApplied` runs after a write.
 */
export function usePolicyApply(nav: Navigator, onApplied: () => void) {
  const { source } = useLake();
  const [state, setState] = useState<PolicyApplyState>({ step: "idle" });
  const fail = (err: unknown) => {
    nav.notify(errorLine(err), "error");
    setState({ step: "idle" });
  };
  const lake = async () => {
    const opened = await source.lake?.();
    if (!opened)
      throw new MedallionError("not-yet", "not yet: applying needs an opened lake (this app has none)");
    return opened;
  };
  return {
    state,
    start() {
      if (state.step !== "idle") return;
      setState({ step: "reading" });
      (async () => {
        const { planPolicyChange } = await import("../../src/cost/apply.js");
        const change = await planPolicyChange(await lake());
        if (change.upToDate) {
          nav.notify(policyResult(change));
          return setState({ step: "idle" });
        }
        setState({ step: "asking", change });
      })().catch(fail);
    },
    confirm() {
      if (state.step !== "asking") return;
      const { change } = state;
      setState({ step: "writing", change });
      (async () => {
        const { applyPolicy } = await import("../../src/cost/apply.js");
        await applyPolicy(await lake(), change);
        nav.notify(policyResult(change));
        setState({ step: "idle" });
        onApplied();
      })().catch(fail);
    },
    cancel() {
      if (state.step !== "asking") return;
      nav.notify("nothing changed");
      setState({ step: "idle" });
    },
  };
}

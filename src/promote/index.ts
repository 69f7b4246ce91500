export { commitRun, rollbackRun } from "./commit.js";
export {
  breakingChangeError,
  changeLine,
  REQUIRED_COMMENT,
  type SchemaChange,
  schemaChanges,
  typeChange,
} from "./evolution.js";
export { listRuns, loadRun, RUNS_PREFIX, STAGING_PREFIX } from "./journal.js";
export { type PlanOptions, type PromotionTarget, planPromotion, resolveTarget } from "./plan.js";
export { type PromoteOptions, type PromotionResult, promote, resumeRun, rollback } from "./promote.js";
export { resultJson, resultLines, runLine, runLines } from "./render.js";
export type {
  InputPartition,
  OutputPartition,
  OutputTable,
  PromotionLayer,
  PromotionRun,
  RunCounts,
  RunState,
} from "./types.js";

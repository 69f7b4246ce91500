export { commitRun, rollbackRun, sweepStaging } from "./commit.js";
export {
  breakingChangeError,
  changeLine,
  REQUIRED_COMMENT,
  type SchemaChange,
  schemaChanges,
  typeChange,
} from "./evolution.js";
export { listRuns, loadRun, RUNS_PREFIX, STAGING_PREFIX } from "./journal.js";
export {
  type PlanOptions,
  type PromotionPlan,
  type PromotionTarget,
  planPromotion,
  promotionTarget,
  resolveTarget,
} from "./plan.js";
export { type PromoteOptions, type PromotionResult, promote, resumeRun, rollback } from "./promote.js";
export {
  planCells,
  resultCells,
  resultJson,
  resultLines,
  runCells,
  runLine,
  runLines,
  runsTable,
} from "./render.js";
export type {
  InputPartition,
  OutputPartition,
  OutputTable,
  PromotionLayer,
  PromotionRun,
  RunCounts,
  RunState,
} from "./types.js";

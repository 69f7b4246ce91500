import { reportRetryEvent } from "../aws/retry.js";
import { chunk, mapBounded } from "./bounded.js";
import type { BatchProgress, PartitionFailure } from "./catalog.js";
import { type BackoffOptions, backoffDelay, sleep } from "./glue-call.js";
import { partitionKey } from "./partition-key.js";

/** One entry of a batch response's `Errors` array. */
export interface EntryError {
  values: string[];
  code: string;
  message: string;
}

/** Per-partition codes worth sending again: Glue was busy, not the partition wrong. */
const retryableCodes = new Set([
  "ThrottlingException",
  "InternalServiceException",
  "OperationTimeoutException",
  "ConcurrentModificationException",
]);

export interface BatchPlan<I> {
  /** The Glue operation, for retry progress (`Glue BatchCreatePartition: 3 entries throttled, retry 1/6…`). */
  operation: string;
  /** The real API limit per call: 100 create/update, 25 delete. */
  size: number;
  /** Calls in flight at once. */
  concurrency: number;
  valuesOf: (item: I) => string[];
  /** Codes that mean the partition already is as asked (AlreadyExists on add, EntityNotFound on delete). */
  okCodes: ReadonlySet<string>;
  /** Sends one batch and returns its `Errors` entries. */
  send: (batch: I[]) => Promise<EntryError[]>;
  backoff: BackoffOptions;
  onProgress?: (p: BatchProgress) => void;
  /** Progress counts these as done up front (partitions rejected before any call). */
  alreadyFailed: number;
}

/** Sends items in batches with bounded concurrency; retries retryable entries; collects per-partition failures. */
export async function runBatches<I>(
  items: I[],
  plan: BatchPlan<I>,
): Promise<{ succeeded: number; alreadyDone: number; failed: PartitionFailure[] }> {
  const failed: PartitionFailure[] = [];
  let succeeded = 0;
  let alreadyDone = 0;
  const total = items.length + plan.alreadyFailed;
  await mapBounded(chunk(items, plan.size), plan.concurrency, async (batch) => {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const errors = await plan.send(pending);
      const byKey = new Map(errors.map((e) => [partitionKey(e.values), e]));
      const retry: I[] = [];
      const codes = new Set<string>();
      for (const item of pending) {
        const error = byKey.get(partitionKey(plan.valuesOf(item)));
        if (!error) succeeded++;
        else if (plan.okCodes.has(error.code)) alreadyDone++;
        else if (retryableCodes.has(error.code) && attempt < plan.backoff.retries) {
          retry.push(item);
          codes.add(error.code);
        } else failed.push({ values: plan.valuesOf(item), message: `${error.code}: ${error.message}` });
      }
      pending = retry;
      if (pending.length === 0) {
        if (attempt > 0)
          reportRetryEvent({ kind: "settled", service: "Glue", operation: plan.operation, ok: true });
        continue;
      }
      // The call succeeded but Glue turned some entries away: they are sent again, and the user sees it.
      const throttled = codes.has("ThrottlingException");
      reportRetryEvent({
        kind: "retry",
        service: "Glue",
        operation: plan.operation,
        retry: attempt + 1,
        of: plan.backoff.retries,
        reason: `${pending.length} ${pending.length === 1 ? "entry" : "entries"} ${throttled ? "throttled" : [...codes].join(", ")}`,
        throttled,
      });
      await sleep(backoffDelay(attempt, plan.backoff.baseMs));
    }
    plan.onProgress?.({ done: plan.alreadyFailed + succeeded + alreadyDone + failed.length, total });
  });
  return { succeeded, alreadyDone, failed };
}

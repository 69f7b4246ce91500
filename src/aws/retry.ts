import type { NetworkSettings } from "../config/index.js";
import { failureReason } from "./failure.js";

export type AwsService = "S3" | "Glue" | "Athena";

/** One retry about to happen: shown as progress ("Glue GetTables: throttled, retry 3/6…"). */
export interface AwsRetry {
  kind: "retry";
  service: AwsService;
  operation: string;
  /** 1 for the first retry. */
  retry: number;
  /** The most retries this kind of failure gets. */
  of: number;
  /** What went wrong on the attempt before, in a few words ("throttled", "no answer within 10 s"). */
  reason: string;
  throttled: boolean;
}

export function retryLine(retry: AwsRetry): string {
  return `${retry.service} ${retry.operation}: ${retry.reason}, retry ${retry.retry}/${retry.of}…`;
}

/** A request that was retried has ended, well or not (a progress line about it can go). */
export interface AwsRetrySettled {
  kind: "settled";
  service: AwsService;
  operation: string;
  ok: boolean;
}

export type AwsRetryEvent = AwsRetry | AwsRetrySettled;
type RetryListener = (event: AwsRetryEvent) => void;
const listeners = new Set<RetryListener>();

/**
 * Hears every retry of every AWS client in this process, and the end of each retried request (the CLI
 * prints retries on stderr, the UI in its status line); returns the function that stops listening.
 */
export function onAwsRetry(listener: RetryListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportRetryEvent(event: AwsRetryEvent): void {
  for (const listener of listeners) listener(event);
}

const operations = new WeakMap<object, string>();

/** Which operation an SDK error came from (the retry strategy only sees the error). */
export function rememberOperation(err: unknown, operation: string): void {
  if (typeof err === "object" && err !== null) operations.set(err, operation);
}

export function operationOf(err: unknown): string | undefined {
  return typeof err === "object" && err !== null ? operations.get(err) : undefined;
}

/** The SDK's v2 retry strategy, as far as Medallion touches it. */
export interface RetryStrategyLike {
  mode?: string;
  acquireInitialRetryToken(scope: string): Promise<RetryTokenLike>;
  refreshRetryTokenForRetry(token: RetryTokenLike, info: RetryInfoLike): Promise<RetryTokenLike>;
  recordSuccess(token: RetryTokenLike): void;
}
interface RetryTokenLike {
  getRetryCount(): number;
}
interface RetryInfoLike {
  error?: unknown;
  errorType: string;
}

/**
 * The SDK's strategy with Medallion's caps: timeouts, resets and 5xx get `retries`, throttling gets
 * `throttleRetries`, and each retry is announced before its backoff starts.
 */
export function capRetries(
  strategy: RetryStrategyLike,
  service: AwsService,
  network: NetworkSettings,
): RetryStrategyLike {
  return {
    mode: strategy.mode,
    acquireInitialRetryToken: (scope) => strategy.acquireInitialRetryToken(scope),
    recordSuccess: (token) => strategy.recordSuccess(token),
    async refreshRetryTokenForRetry(token, info) {
      const throttled = info.errorType === "THROTTLING";
      const of = throttled ? network.throttleRetries : network.retries;
      const retry = token.getRetryCount() + 1;
      // The SDK retries only these two kinds; anything else (404, access denied) fails at once.
      if ((!throttled && info.errorType !== "TRANSIENT") || retry > of) throw info.error;
      reportRetryEvent({
        kind: "retry",
        service,
        operation: operationOf(info.error) ?? "request",
        retry,
        of,
        reason: failureReason(info.error, network),
        throttled,
      });
      return strategy.refreshRetryTokenForRetry(token, info);
    },
  };
}

/** The SDK's standard-mode backoff (this SDK version): base × 2^retry with full jitter, capped at 20 s. */
const BACKOFF_BASE_S = 0.05;
const THROTTLING_BACKOFF_BASE_S = 1;
const BACKOFF_CAP_S = 20;
/** The SDK's handler arms an idle timer of 6 s or more 3 s after the request starts. */
const IDLE_TIMER_DEFERRAL_S = 3;

function backoffTotal(base: number, retries: number): number {
  let total = 0;
  for (let i = 0; i < retries; i++) total += Math.min(BACKOFF_CAP_S, base * 2 ** i);
  return total;
}

/**
 * The longest one request can wait, in seconds, with these settings: against an endpoint that never
 * answers (every attempt hits the connect or the idle timeout) and against one that throttles forever
 * (every answer is quick, the backoff is what takes time).
 */
export function longestWait(network: NetworkSettings): { unanswered: number; throttled: number } {
  const deferral = network.readTimeout >= 6 ? IDLE_TIMER_DEFERRAL_S : 0;
  const attempt = network.connectTimeout + network.readTimeout + deferral;
  return {
    unanswered: (1 + network.retries) * attempt + backoffTotal(BACKOFF_BASE_S, network.retries),
    throttled: backoffTotal(THROTTLING_BACKOFF_BASE_S, network.throttleRetries),
  };
}

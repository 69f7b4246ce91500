import type { NetworkSettings } from "../config/index.js";
import { MedallionError } from "../errors.js";

/** The fields of an AWS SDK v3 error (or a Node network error) that say what went wrong. */
interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: { throttling?: boolean };
  cause?: unknown;
  errors?: unknown[];
}

/** How a request failed on the wire or at the service, as far as waiting and retrying go. */
export type FailureKind = "connect-timeout" | "idle-timeout" | "unreachable" | "throttled" | "server";

const THROTTLING = new Set([
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "BandwidthLimitExceeded",
  "ProvisionedThroughputExceededException",
]);
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ECONNRESET",
  "EPIPE",
]);

/** The network error code, looking through `cause` chains and AggregateErrors (the SDK wraps socket errors). */
export function networkCode(error: unknown, depth = 0): string | undefined {
  const err = error as SdkErrorShape | undefined;
  if (!err || typeof err !== "object" || depth > 4) return undefined;
  if (err.code && (UNREACHABLE.has(err.code) || err.code === "ETIMEDOUT")) return err.code;
  for (const inner of err.errors ?? []) {
    const code = networkCode(inner, depth + 1);
    if (code) return code;
  }
  return networkCode(err.cause, depth + 1);
}

export function failureKind(error: unknown): FailureKind | undefined {
  const err = (error ?? {}) as SdkErrorShape;
  const name = err.name ?? err.Code ?? "";
  const status = err.$metadata?.httpStatusCode;
  if (THROTTLING.has(name) || status === 429 || err.$retryable?.throttling) return "throttled";
  if (name === "TimeoutError" || name === "RequestTimeout") {
    return /establish a connection/.test(err.message ?? "") ? "connect-timeout" : "idle-timeout";
  }
  const code = networkCode(err);
  if (code === "ETIMEDOUT") return "connect-timeout";
  if (code || /socket hang up/.test(err.message ?? "")) return "unreachable";
  // A 503 with no code is S3's SlowDown on a HEAD (no body to carry the code).
  if (status !== undefined && status >= 500)
    return status === 503 && errorName(error) === "" ? "throttled" : "server";
  return undefined;
}

function errorName(error: unknown): string {
  const err = (error ?? {}) as SdkErrorShape;
  const name = err.name ?? err.Code ?? "";
  // The SDK names an error it could not parse "Unknown"/"UnknownError": not worth showing, nor are JavaScript's own (a body that did not parse: SyntaxError).
  return /^(Unknown(Error)?|Error|SyntaxError|TypeError|RangeError)$/.test(name) ? "" : name;
}

/** A few words for a progress line: what went wrong on the attempt that will be retried. */
export function failureReason(error: unknown, network: NetworkSettings): string {
  const err = (error ?? {}) as SdkErrorShape;
  switch (failureKind(error)) {
    case "throttled":
      return "throttled";
    case "connect-timeout":
      return `no connection within ${network.connectTimeout} s`;
    case "idle-timeout":
      return `no data for ${network.readTimeout} s`;
    case "unreachable":
      return `cannot connect (${networkCode(err) ?? "socket hang up"})`;
    case "server": {
      const name = errorName(error);
      return `HTTP ${err.$metadata?.httpStatusCode}${name ? ` (${name})` : ""}`;
    }
    default:
      return errorName(error) || (err.message ?? "failed").split("\n")[0] || "failed";
  }
}

export interface FailedCall {
  service: "S3" | "Glue" | "Athena";
  operation: string;
  /** The endpoint URL, or "AWS S3 in eu-west-1"-like words when talking to AWS itself. */
  where: string;
  network: NetworkSettings;
  /** The body of a response that had started (an S3 object read) stalled: no retry happens then. */
  midBody?: boolean;
}

function retried(error: unknown): string {
  const attempts = ((error ?? {}) as SdkErrorShape).$metadata?.attempts ?? 1;
  const n = attempts - 1;
  return n > 0 ? `; retried ${n} time${n === 1 ? "" : "s"}` : "";
}

/**
 * One line for a call that failed on the wire or at the service (timeouts, refused connections,
 * throttling, 5xx): names the service, the operation, the endpoint and the retries. Undefined for
 * anything else, which each service maps in its own words (not found, access denied…).
 */
export function transportError(error: unknown, call: FailedCall): MedallionError | undefined {
  const kind = failureKind(error);
  if (!kind) return undefined;
  const err = (error ?? {}) as SdkErrorShape;
  const what = `${call.service} ${call.operation} failed`;
  const options = { cause: error };
  const flag = call.where.includes("://") ? "--endpoint-url" : "--region";
  switch (kind) {
    case "throttled": {
      const retries = (err.$metadata?.attempts ?? 1) - 1;
      const name = errorName(error);
      const after = retries > 0 ? ` after ${retries} retr${retries === 1 ? "y" : "ies"}` : "";
      return new MedallionError(
        "throttled",
        `${what}: still throttled by ${call.where}${name ? ` (${name})` : ""}${after}: try again later${call.service === "Glue" ? " or lower glue.concurrency in medallion.yaml" : ""}`,
        options,
      );
    }
    case "connect-timeout":
      return new MedallionError(
        "endpoint",
        `${what}: no connection to ${call.where} within ${call.network.connectTimeout} s${retried(error)}: check ${flag} and the network`,
        options,
      );
    case "idle-timeout":
      return new MedallionError(
        "endpoint",
        call.midBody
          ? `${what}: the answer from ${call.where} stalled mid-body (no data for ${call.network.readTimeout} s): try again, or raise --read-timeout (network.readTimeout in medallion.yaml)`
          : `${what}: no answer from ${call.where} (no data for ${call.network.readTimeout} s)${retried(error)}: check ${flag}, or raise --read-timeout (network.readTimeout in medallion.yaml)`,
        options,
      );
    case "unreachable":
      return new MedallionError(
        "endpoint",
        `${what}: cannot reach ${call.where} (${networkCode(err) ?? "socket hang up"})${retried(error)}: check ${flag} and the network`,
        options,
      );
    case "server": {
      const name = errorName(error);
      return new MedallionError(
        "endpoint",
        `${what}: HTTP ${err.$metadata?.httpStatusCode} from ${call.where}${name ? ` (${name})` : ""}${retried(error)}`,
        options,
      );
    }
  }
}

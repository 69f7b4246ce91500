import { DEFAULT_NETWORK } from "../aws/client.js";
import { transportError } from "../aws/failure.js";
import { operationOf } from "../aws/retry.js";
import type { NetworkSettings } from "../config/index.js";
import { MedallionError, NotFoundError } from "../errors.js";

/** What a failed S3 call was about, so the one-line message can name it. */
export interface S3Target {
  bucket: string;
  /** The key or prefix (full, as sent to S3). */
  key?: string;
  prefix?: string;
  /** Custom endpoint, when one is configured. */
  endpoint?: string;
  profile?: string;
  /** The S3 operation (GetObject, ListObjectsV2…); otherwise the one the SDK error came from. */
  operation?: string;
  network?: NetworkSettings;
  /** The error came while reading an object's body, after S3 had answered. */
  midBody?: boolean;
}

/** The fields of an AWS SDK v3 error that say what went wrong. */
interface SdkErrorShape {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

function s3Location(target: S3Target): string {
  const path = target.key ?? target.prefix ?? "";
  return `s3://${target.bucket}/${path}`;
}

/**
 * Maps an AWS SDK error to a MedallionError with one line a user can act on. Called once, at the edge
 * (every S3 call goes through it); anything already mapped passes through unchanged.
 */
export function mapS3Error(error: unknown, target: S3Target): Error {
  if (error instanceof MedallionError) return error;
  const err = (error ?? {}) as SdkErrorShape;
  const name = err.name ?? err.Code ?? "";
  const status = err.$metadata?.httpStatusCode;
  const endpoint = target.endpoint ? `endpoint ${target.endpoint}` : "AWS";
  const options = { cause: error };

  if (name === "CredentialsProviderError" || name === "TokenProviderError") {
    const message = target.profile
      ? `no AWS credentials for profile \`${target.profile}\`: run \`aws configure --profile ${target.profile}\` or \`aws sso login --profile ${target.profile}\``
      : "no AWS credentials found: set AWS_PROFILE or run `aws configure` / `aws sso login --profile …`";
    return new MedallionError("no-credentials", message, options);
  }
  if (name === "NoSuchBucket") {
    return new MedallionError(
      "no-bucket",
      `bucket \`${target.bucket}\` does not exist (${endpoint}): check --lake`,
      options,
    );
  }
  if (name === "NoSuchKey" || name === "NotFound" || (status === 404 && target.key !== undefined)) {
    return new NotFoundError(s3Location(target));
  }
  if (name === "AccessDenied" || name === "Forbidden" || status === 403) {
    const who = target.profile ? ` with profile \`${target.profile}\`` : "";
    return new MedallionError(
      "access-denied",
      `access denied to ${s3Location(target)} (bucket \`${target.bucket}\`)${who}: check the IAM policy for s3:ListBucket/GetObject/PutObject on that prefix`,
      options,
    );
  }
  if (name === "InvalidAccessKeyId" || name === "SignatureDoesNotMatch" || name === "ExpiredToken") {
    return new MedallionError(
      "no-credentials",
      `AWS rejected the credentials (${name}) for bucket \`${target.bucket}\`: refresh them (\`aws sso login\`) or check AWS_PROFILE`,
      options,
    );
  }
  const operation = target.operation ?? operationOf(error) ?? "request";
  const wire = transportError(error, {
    service: "S3",
    operation,
    where: target.endpoint ?? `AWS S3 for bucket \`${target.bucket}\``,
    network: target.network ?? DEFAULT_NETWORK,
    midBody: target.midBody,
  });
  if (wire) return wire;
  if (/region is missing/i.test(err.message ?? "")) {
    return new MedallionError(
      "config",
      "no AWS region: pass --region, set region: in medallion.yaml, or set AWS_REGION",
      options,
    );
  }
  const detail = (err.message ?? String(error)).split("\n")[0];
  return new MedallionError(
    "endpoint",
    `S3 ${operation} for ${s3Location(target)} failed: ${name ? `${name}: ` : ""}${detail}${status ? ` (HTTP ${status})` : ""}`,
    options,
  );
}

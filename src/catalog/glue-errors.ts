import { transportError } from "../aws/failure.js";
import type { NetworkSettings } from "../config/index.js";
import { MedallionError } from "../errors.js";
import { databaseNotFound, tableNotFound } from "./catalog-errors.js";

/** What a Glue call was about, so the error can name it. */
export interface GlueCallContext {
  operation: string;
  database?: string;
  table?: string;
  /** Endpoint URL, or the region when talking to AWS itself. */
  where: string;
  profile?: string;
  network: NetworkSettings;
}

const throttleNames = new Set(["ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded"]);
export function errorName(err: unknown): string {
  return (err as { name?: string }).name ?? "";
}

export function isThrottling(err: unknown): boolean {
  const e = err as { name?: string; $retryable?: { throttling?: boolean } };
  return throttleNames.has(e.name ?? "") || e.$retryable?.throttling === true;
}

export function isNotFound(err: unknown): boolean {
  return errorName(err) === "EntityNotFoundException";
}

export function isAlreadyExists(err: unknown): boolean {
  return errorName(err) === "AlreadyExistsException";
}

export function isAccessDenied(err: unknown): boolean {
  return errorName(err) === "AccessDeniedException";
}

function subject(ctx: GlueCallContext): string {
  if (ctx.database && ctx.table) return ` on ${ctx.database}.${ctx.table}`;
  if (ctx.database) return ` on database ${ctx.database}`;
  return "";
}

/** Maps a Glue SDK error once, at the edge, to one line a user can act on, naming the operation. */
export function mapGlueError(err: unknown, ctx: GlueCallContext): Error {
  if (err instanceof MedallionError) return err;
  const name = errorName(err);
  const message = (err as Error)?.message ?? String(err);
  const profile = ctx.profile ? ` --profile ${ctx.profile}` : "";

  if (name === "CredentialsProviderError" || /could not load credentials/i.test(message)) {
    return new MedallionError(
      "no-credentials",
      `no AWS credentials found${ctx.profile ? ` for profile ${ctx.profile}` : ""}: run \`aws sso login${profile}\`, set AWS_PROFILE, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`,
      { cause: err },
    );
  }
  if (
    name === "ExpiredTokenException" ||
    name === "UnrecognizedClientException" ||
    name === "InvalidSignatureException"
  ) {
    return new MedallionError(
      "no-credentials",
      `Glue rejected the AWS credentials (${name}): refresh them, e.g. \`aws sso login${profile}\``,
      { cause: err },
    );
  }
  if (/region is missing/i.test(message)) {
    return new MedallionError(
      "config",
      "no AWS region: set `region:` in medallion.yaml, pass --region, or set AWS_REGION",
      {
        cause: err,
      },
    );
  }
  const wire = transportError(err, {
    service: "Glue",
    operation: ctx.operation,
    where: ctx.where,
    network: ctx.network,
  });
  if (wire) return wire;
  if (isAccessDenied(err)) {
    return new MedallionError(
      "access-denied",
      `access denied: Glue ${ctx.operation}${subject(ctx)}: your role needs glue:${ctx.operation}`,
      { cause: err },
    );
  }
  if (isNotFound(err) && ctx.database) {
    // Glue says which one is missing: "Database x not found." or "Table x not found."
    if (ctx.table && !/database/i.test(message))
      return tableNotFound(ctx.database, ctx.table, `Glue (${ctx.where})`);
    return databaseNotFound(ctx.database, `Glue (${ctx.where})`);
  }
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const detail = message.split("\n")[0];
  return new MedallionError(
    "endpoint",
    `Glue ${ctx.operation}${subject(ctx)} failed: ${name && name !== "Error" ? `${name}: ` : ""}${detail}${status ? ` (HTTP ${status} from ${ctx.where})` : ""}`,
    { cause: err },
  );
}

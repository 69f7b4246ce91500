import { transportError } from "../aws/failure.js";
import type { NetworkSettings } from "../config/index.js";
import { MedallionError } from "../errors.js";

/** What an Athena call was about, so its error can name it. */
export interface AthenaCallContext {
  operation: string;
  /** Endpoint URL, or "AWS Athena in eu-west-1" when talking to AWS itself. */
  where: string;
  workgroup: string;
  profile?: string;
  network: NetworkSettings;
}

/** Maps an Athena SDK error once, at the edge, to one line a user can act on, naming the operation. */
export function mapAthenaError(err: unknown, ctx: AthenaCallContext): Error {
  if (err instanceof MedallionError) return err;
  const name = (err as { name?: string }).name ?? "";
  const message = ((err as Error)?.message ?? String(err)).split("\n")[0] ?? "";
  const profile = ctx.profile ? ` --profile ${ctx.profile}` : "";
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(message)) {
    return new MedallionError(
      "no-credentials",
      `no AWS credentials found${ctx.profile ? ` for profile ${ctx.profile}` : ""}: run \`aws sso login${profile}\`, set AWS_PROFILE, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`,
      { cause: err },
    );
  }
  if (/region is missing/i.test(message)) {
    return new MedallionError(
      "config",
      "no AWS region: set `region:` in medallion.yaml, pass --region, or set AWS_REGION",
      { cause: err },
    );
  }
  const wire = transportError(err, {
    service: "Athena",
    operation: ctx.operation,
    where: ctx.where,
    network: ctx.network,
  });
  if (wire) return wire;
  if (name === "AccessDeniedException") {
    return new MedallionError(
      "access-denied",
      `access denied: Athena ${ctx.operation} in workgroup ${ctx.workgroup}: your role needs athena:${ctx.operation}`,
      { cause: err },
    );
  }
  // InvalidRequestException: a workgroup that does not exist, no output location, SQL Athena refused at once.
  return new MedallionError(
    name === "InvalidRequestException" ? "usage" : "endpoint",
    `Athena ${ctx.operation} failed in workgroup ${ctx.workgroup}: ${message}`,
    { cause: err },
  );
}

import type { S3ClientConfig } from "@aws-sdk/client-s3";

/**
 * The SDK's own warnings (e.g. "multiple credential sources" when --profile meets env keys) are
 * multi-line notes on stderr a user cannot act on; errors reach the user through our one-line mapping.
 */
export const quietAwsLogger: NonNullable<S3ClientConfig["logger"]> = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** The region to sign with: the flag, else the SDK's AWS_REGION, else the AWS CLI's AWS_DEFAULT_REGION,
 * else us-east-1 for a custom endpoint (which rarely cares, but the signer needs one). */
export function awsRegion(region: string | undefined, endpointUrl: string | undefined): string | undefined {
  if (region) return region;
  if (process.env.AWS_REGION) return undefined;
  if (process.env.AWS_DEFAULT_REGION) return process.env.AWS_DEFAULT_REGION;
  return endpointUrl ? "us-east-1" : undefined;
}

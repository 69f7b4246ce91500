import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { awsRegion, quietAwsLogger } from "./aws-logger.js";
import type { RequestCounts } from "./object-store.js";

export interface S3ConnectionOptions {
  region?: string;
  /** AWS profile; otherwise the SDK's default chain (AWS_PROFILE, env, SSO, instance roles). */
  profile?: string;
  /** Custom endpoint (MinIO, Ceph, a local endpoint): addressed path-style. */
  endpointUrl?: string;
  /** Concurrent sockets; listings and parallel walks are bounded by this too. */
  maxSockets?: number;
  /** Attempts per call, retries included (default 5). */
  maxAttempts?: number;
}

/**
 * One SDK client per store: default credential chain, adaptive retry (backs off on throttling), and a
 * middleware that counts every call by operation name into `requests`.
 */
export function createS3Client(options: S3ConnectionOptions, requests: RequestCounts): S3Client {
  // The SDK warns on stderr that future versions will need Node 22; nothing a Medallion user can act on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const config: S3ClientConfig = {
    retryMode: "adaptive",
    maxAttempts: options.maxAttempts ?? 5,
    logger: quietAwsLogger,
    requestHandler: {
      httpsAgent: { maxSockets: options.maxSockets ?? 64 },
      httpAgent: { maxSockets: options.maxSockets ?? 64 },
    },
  };
  const region = awsRegion(options.region, options.endpointUrl);
  if (region) config.region = region;
  if (options.profile) config.profile = options.profile;
  if (options.endpointUrl) {
    config.endpoint = options.endpointUrl;
    config.forcePathStyle = true;
    // S3-compatible stores often reject the newer default CRC32 trailers; send checksums only when required.
    config.requestChecksumCalculation = "WHEN_REQUIRED";
    config.responseChecksumValidation = "WHEN_REQUIRED";
  }
  const client = new S3Client(config);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? "Unknown").replace(/Command$/, "");
      requests[operation] = (requests[operation] ?? 0) + 1;
      return next(args);
    },
    { step: "initialize", name: "medallionRequestCount" },
  );
  return client;
}

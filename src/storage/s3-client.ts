import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { type AwsSettings, createAwsClient } from "../aws/client.js";
import type { RequestCounts } from "./object-store.js";

/** Region, profile, endpoint and network settings; sockets bound listings and parallel walks too. */
export type S3ConnectionOptions = AwsSettings;

/**
 * One SDK client per store, with the lake's timeouts and capped retries (src/aws/client.ts), path-style
 * addressing for a custom endpoint, and a middleware that counts every call by operation into `requests`.
 */
export function createS3Client(options: S3ConnectionOptions, requests: RequestCounts): S3Client {
  const extra: S3ClientConfig = {};
  if (options.endpointUrl) {
    extra.forcePathStyle = true;
    // S3-compatible stores often reject the newer default CRC32 trailers; send checksums only when required.
    extra.requestChecksumCalculation = "WHEN_REQUIRED";
    extra.responseChecksumValidation = "WHEN_REQUIRED";
  }
  const client = createAwsClient(S3Client, options, "S3", extra);
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

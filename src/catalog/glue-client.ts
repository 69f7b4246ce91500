import { GlueClient } from "@aws-sdk/client-glue";
import { type AwsSettings, createAwsClient } from "../aws/client.js";

export type GlueSettings = AwsSettings;

/**
 * A Glue client from the default credential chain (never stored secrets), with the lake's timeouts and
 * capped retries (src/aws/client.ts); the catalog adds its own backoff only for throttled batch entries.
 */
export function createGlueClient(settings: GlueSettings): GlueClient {
  return createAwsClient(GlueClient, settings, "Glue");
}

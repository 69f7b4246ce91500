import { GlueClient } from "@aws-sdk/client-glue";
import { awsRegion, quietAwsLogger } from "../storage/aws-logger.js";

export interface GlueSettings {
  region?: string;
  profile?: string;
  endpointUrl?: string;
}

/**
 * A Glue client from the default credential chain (never stored secrets). Adaptive retry mode
 * slows the client down when Glue throttles; the catalog adds its own backoff inside batch loops.
 */
export function createGlueClient(settings: GlueSettings): GlueClient {
  // The SDK warns on stderr that future versions will need Node 22; nothing a Medallion user can act on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const region = awsRegion(settings.region, settings.endpointUrl);
  return new GlueClient({
    ...(region ? { region } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.endpointUrl ? { endpoint: settings.endpointUrl } : {}),
    retryMode: "adaptive",
    maxAttempts: 5,
    logger: quietAwsLogger,
  });
}

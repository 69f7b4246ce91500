import { GlueClient } from "@aws-sdk/client-glue";

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
  return new GlueClient({
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.endpointUrl ? { endpoint: settings.endpointUrl } : {}),
    retryMode: "adaptive",
    maxAttempts: 5,
  });
}

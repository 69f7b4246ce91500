import { type Config, NetworkSchema, type NetworkSettings } from "../config/index.js";
import { awsRegion, quietAwsLogger } from "./logger.js";
import {
  type AwsService,
  capRetries,
  type RetryStrategyLike,
  rememberOperation,
  reportRetryEvent,
} from "./retry.js";

export type { AwsService } from "./retry.js";

/** The network settings when no medallion.yaml says otherwise (the schema's defaults). */
export const DEFAULT_NETWORK: NetworkSettings = NetworkSchema.parse({});

/** What every AWS client of a lake is built from: where, who, and how long to wait. */
export interface AwsSettings {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  network?: Partial<NetworkSettings>;
  /** Concurrent sockets per client (default 64). */
  maxSockets?: number;
}

export function awsSettings(config: Config): AwsSettings {
  return {
    region: config.region,
    profile: config.profile,
    endpointUrl: config.endpointUrl,
    network: config.network,
  };
}

export function networkOf(settings: AwsSettings): NetworkSettings {
  return { ...DEFAULT_NETWORK, ...settings.network };
}

/**
 * Constructor options shared by the S3, Glue and Athena clients: default credential chain, connect and
 * idle timeouts on every socket, and the SDK's standard retry mode (its backoff is bounded and
 * predictable, so the longest wait can be computed from the settings; see `longestWait`).
 */
export function awsClientOptions(settings: AwsSettings) {
  // The SDK warns on stderr that future versions will need Node 22; nothing a Medallion user can act on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const network = networkOf(settings);
  const region = awsRegion(settings.region, settings.endpointUrl);
  const maxSockets = settings.maxSockets ?? 64;
  return {
    ...(region ? { region } : {}),
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.endpointUrl ? { endpoint: settings.endpointUrl } : {}),
    retryMode: "standard",
    // capRetries holds timeouts and 5xx to `retries` and lets throttling go up to `throttleRetries`.
    maxAttempts: 1 + Math.max(network.retries, network.throttleRetries),
    logger: quietAwsLogger,
    requestHandler: {
      connectionTimeout: network.connectTimeout * 1000,
      // Idle time on the socket, also while a body streams: a stall mid-body fails too.
      socketTimeout: network.readTimeout * 1000,
      httpAgent: { maxSockets },
      httpsAgent: { maxSockets },
    },
  };
}

/** The parts of any SDK v3 client that Medallion hooks into. */
interface AwsClientLike {
  config: object;
  middlewareStack: {
    add(middleware: unknown, options: unknown): void;
    addRelativeTo(middleware: unknown, options: unknown): void;
  };
}

type Metadata = { $metadata?: { attempts?: number } };

/**
 * An SDK client (S3Client, GlueClient, AthenaClient) with the lake's settings, whose retries are capped
 * and reported through `onAwsRetry` as they happen. `extra` adds service-specific options.
 */
export function createAwsClient<C extends AwsClientLike, O>(
  Client: new (...args: [] | [O]) => C,
  settings: AwsSettings,
  service: AwsService,
  extra: Partial<O> = {},
): C {
  const client = new Client({ ...awsClientOptions(settings), ...extra } as O);
  const config = client.config as { retryStrategy: () => Promise<RetryStrategyLike> | RetryStrategyLike };
  const resolve = config.retryStrategy;
  let capped: Promise<RetryStrategyLike> | undefined;
  config.retryStrategy = () => {
    capped ??= Promise.resolve(resolve()).then((strategy) =>
      capRetries(strategy, service, networkOf(settings)),
    );
    return capped;
  };
  // Runs once per attempt (inside the retry loop): remembers which operation an error came from.
  client.middlewareStack.addRelativeTo(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        try {
          return await next(args);
        } catch (err) {
          rememberOperation(err, (context.commandName ?? "Unknown").replace(/Command$/, ""));
          throw err;
        }
      },
    { relation: "after", toMiddleware: "retryMiddleware", name: "medallionRetryOperation" },
  );
  // Runs once per request (outside the retry loop): says when a retried request has ended.
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<{ output?: Metadata }>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const settled = (result: Metadata | undefined, ok: boolean) => {
          if ((result?.$metadata?.attempts ?? 1) < 2) return;
          const operation = (context.commandName ?? "Unknown").replace(/Command$/, "");
          reportRetryEvent({ kind: "settled", service, operation, ok });
        };
        try {
          const result = await next(args);
          settled(result.output, true);
          return result;
        } catch (err) {
          settled(err as Metadata, false);
          throw err;
        }
      },
    { step: "initialize", name: "medallionRetrySettled" },
  );
  return client;
}

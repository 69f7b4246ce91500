import type { GlueClient } from "@aws-sdk/client-glue";
import { DEFAULT_NETWORK } from "../aws/client.js";
import type { NetworkSettings } from "../config/index.js";
import { type GlueCallContext, mapGlueError } from "./glue-errors.js";

export interface BackoffOptions {
  /** Resends of batch entries Glue reported as throttled (the call itself succeeded). */
  retries: number;
  /** First backoff delay; doubles each time, with full jitter, capped at 20 s. */
  baseMs: number;
}

/** Any Glue SDK command object (`new GetTableCommand(...)`). */
export type GlueCommand = { readonly input: object };

export function backoffDelay(attempt: number, baseMs: number): number {
  const ceiling = Math.min(20_000, baseMs * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends Glue commands: counts each call by operation and maps any failure once into a one-line error.
 * Throttling, timeouts and 5xx are retried (capped, with progress) by the client itself (src/aws/client.ts).
 */
export class GlueCaller {
  readonly calls: Record<string, number> = {};

  constructor(
    private readonly client: GlueClient,
    /** For entries a batch call reports as throttled in its `Errors` (the call itself succeeded). */
    readonly backoff: BackoffOptions,
    private readonly where: string,
    private readonly profile?: string,
    private readonly network: NetworkSettings = DEFAULT_NETWORK,
  ) {}

  context(operation: string, database?: string, table?: string): GlueCallContext {
    return { operation, database, table, where: this.where, profile: this.profile, network: this.network };
  }

  /** One Glue call; `command` is a fresh SDK command (e.g. `new GetTableCommand(...)`). */
  async send<O>(
    operation: string,
    command: GlueCommand,
    target: { database?: string; table?: string } = {},
  ): Promise<O> {
    const { output, error } = await this.attempt<O>(operation, command, target, () => false);
    if (error !== undefined) throw error;
    return output as O;
  }

  /** Like send, but an error that `expected` accepts is returned raw instead of thrown (e.g. "already exists"). */
  async attempt<O>(
    operation: string,
    command: GlueCommand,
    target: { database?: string; table?: string },
    expected: (err: unknown) => boolean,
  ): Promise<{ output?: O; error?: unknown }> {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    try {
      return { output: (await this.client.send(command as never)) as O };
    } catch (err) {
      if (expected(err)) return { error: err };
      throw mapGlueError(err, this.context(operation, target.database, target.table));
    }
  }
}

import type { GlueClient } from "@aws-sdk/client-glue";
import { type GlueCallContext, isThrottling, mapGlueError } from "./glue-errors.js";

export interface BackoffOptions {
  /** Our own retries on throttling, on top of the SDK's adaptive retries. */
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
 * Sends Glue commands: counts each call by operation, retries throttling with backoff,
 * and maps any other failure once into a one-line error.
 */
export class GlueCaller {
  readonly calls: Record<string, number> = {};

  constructor(
    private readonly client: GlueClient,
    readonly backoff: BackoffOptions,
    private readonly where: string,
    private readonly profile?: string,
  ) {}

  context(operation: string, database?: string, table?: string): GlueCallContext {
    return { operation, database, table, where: this.where, profile: this.profile };
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
    for (let attempt = 0; ; attempt++) {
      this.calls[operation] = (this.calls[operation] ?? 0) + 1;
      try {
        return { output: (await this.client.send(command as never)) as O };
      } catch (err) {
        if (expected(err)) return { error: err };
        if (isThrottling(err) && attempt < this.backoff.retries) {
          await sleep(backoffDelay(attempt, this.backoff.baseMs));
          continue;
        }
        throw mapGlueError(err, this.context(operation, target.database, target.table));
      }
    }
  }
}

import { Command } from "commander";
import { type Config, type ConfigFlags, loadConfig } from "../src/config/index.js";
import { errorCode, errorLine, MedallionError } from "../src/errors.js";

/** The flags every subcommand shares, declared once on the root program. */
export function addGlobalOptions(program: Command): Command {
  return program
    .option("--config <file>", "medallion.yaml to use (default: ./medallion.yaml or $MEDALLION_CONFIG)")
    .option("--lake <root>", "lake root: a folder or s3://bucket/prefix (overrides the file)")
    .option("--catalog <kind>", "catalog: local (embedded) or glue")
    .option("--engine <kind>", "engine: duckdb or athena")
    .option("--region <region>", "AWS region")
    .option("--profile <name>", "AWS profile from ~/.aws/config (default chain otherwise)")
    .option("--endpoint-url <url>", "S3/Glue/Athena endpoint, for S3-compatible stores and local endpoints")
    .option("--read-only", "refuse every change to storage, catalog and tables")
    .option("--connect-timeout <seconds>", "seconds to connect to S3/Glue/Athena (default 3)")
    .option(
      "--read-timeout <seconds>",
      "seconds an AWS endpoint may send nothing before the request fails (default 20)",
    )
    .option("--retries <n>", "retries after a timeout, a dropped connection or a 5xx (default 1)")
    .option("--tenant <id>", "scope every operation to one tenant's data (<layer>/tenant=<id>/)");
}

export function globalFlags(command: Command): ConfigFlags {
  const opts = command.optsWithGlobals() as ConfigFlags & Record<string, unknown>;
  return {
    config: opts.config,
    lake: opts.lake,
    catalog: opts.catalog,
    engine: opts.engine,
    region: opts.region,
    profile: opts.profile,
    endpointUrl: opts.endpointUrl,
    readOnly: opts.readOnly === true ? true : undefined,
    network: networkFlags(opts),
    tenant: opts.tenant,
  };
}

/** `--connect-timeout`, `--read-timeout`, `--retries` as numbers (NaN for text: loadConfig names the flag). */
function networkFlags(opts: Record<string, unknown>): ConfigFlags["network"] {
  const out: NonNullable<ConfigFlags["network"]> = {};
  const names = { connectTimeout: opts.connectTimeout, readTimeout: opts.readTimeout, retries: opts.retries };
  for (const [field, value] of Object.entries(names) as [keyof typeof names, unknown][]) {
    if (typeof value === "string") out[field] = value.trim() === "" ? Number.NaN : Number(value);
  }
  return out;
}

export function configFor(command: Command): Config {
  return loadConfig(globalFlags(command));
}

/** Prints one JSON document on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Exit codes: 0 ok, 1 found something (where a command checks), 2 error. */
export const EXIT = { ok: 0, found: 1, error: 2 } as const;

/**
 * Reports an error the way a script and a person both read it: one line on stderr, and under `--json`
 * also one JSON document on stdout, `{"error": {"code", "message"}}` (stable field names).
 */
export function reportError(err: unknown, json: boolean): void {
  const message = errorLine(err);
  process.stderr.write(`medallion: ${message}\n`);
  if (process.env.MEDALLION_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  if (json) printJson({ error: { code: errorCode(err), message } });
}

/** Runs a command's action; any error becomes one line on stderr and exit code 2, never a stack trace. */
export function action<A extends unknown[]>(
  // biome-ignore lint/suspicious/noConfusingVoidType: an action may return an exit code or nothing at all
  run: (...args: A) => Promise<number | undefined | void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await run(...args);
      process.exitCode = typeof code === "number" ? code : EXIT.ok;
    } catch (err) {
      // Commander passes the command last; its options say whether the caller wants JSON.
      const command = args.at(-1);
      reportError(err, command instanceof Command && command.opts().json === true);
      process.exitCode = EXIT.error;
    }
  };
}

export function usageError(message: string): MedallionError {
  return new MedallionError("usage", message);
}

/** Asks on the terminal; true only for an explicit yes. */
export async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Asks before a change unless --yes; off a terminal without --yes, refuses in one line. */
export async function confirmed(question: string, yes: boolean | undefined): Promise<boolean> {
  if (yes) return true;
  if (!process.stdin.isTTY || !process.stderr.isTTY) {
    throw usageError("not on a terminal, so not asking: pass --yes to apply the change above");
  }
  return confirm(question);
}

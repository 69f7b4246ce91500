import type { Command } from "commander";
import { action, configFor, printJson } from "./context.js";

const EXAMPLES = `
Examples:
  medallion init --dry-run               every call and JSON document init would send; nothing changes
  medallion init                         layout, lifecycle policy, versioning, SSE-S3, public access block, databases
  medallion init --kms-key alias/lake    default encryption with SSE-KMS and this key
Running it again changes nothing and says so.`;

interface InitFlags {
  dryRun?: boolean;
  kmsKey?: string;
  json?: boolean;
}

const MARK = { done: "✓", already: "=", would: "→", "not-applicable": "-", unsupported: "!" } as const;

export function register(program: Command): void {
  program
    .command("init")
    .addHelpText("after", EXAMPLES)
    .description(
      "Set a lake up the medallion way: its layer and domain folders (local), the lifecycle policy, versioning, " +
        "default encryption and the public access block (S3), and one catalog database per layer.",
    )
    .option("--dry-run", "print every call and JSON document, change nothing")
    .option(
      "--kms-key <id>",
      "default encryption with SSE-KMS and this key id, alias or ARN (default SSE-S3)",
    )
    .option("--json", "print the steps as one JSON document")
    .action(
      action(async (opts: InitFlags, cmd: Command) => {
        const [{ openLake }, { initLake }] = await Promise.all([
          import("../src/lake/index.js"),
          import("../src/govern/init.js"),
        ]);
        const lake = openLake(configFor(cmd));
        try {
          const steps = await initLake(lake, {
            dryRun: opts.dryRun,
            kmsKeyId: opts.kmsKey,
            onStep: (s) => {
              if (opts.json) return;
              const lines = [`${MARK[s.status]} ${s.step}: ${s.detail}`];
              if (opts.dryRun && s.document !== undefined) {
                lines.push(
                  `  ${s.call}`,
                  ...JSON.stringify(s.document, null, 2)
                    .split("\n")
                    .map((l) => `  ${l}`),
                );
              }
              process.stdout.write(`${lines.join("\n")}\n`);
            },
          });
          if (opts.json) {
            printJson({ lake: lake.location, dryRun: opts.dryRun === true, steps });
            return;
          }
          const changed = steps.filter((s) => s.status === "done" || s.status === "would").length;
          if (changed === 0) process.stdout.write(`${lake.location} is already initialised: nothing to do\n`);
          else if (opts.dryRun) process.stdout.write(`dry run: nothing changed (${changed} steps would)\n`);
        } finally {
          await lake.close();
        }
      }),
    );
}

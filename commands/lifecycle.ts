import type { Command } from "commander";
import { MedallionError } from "../src/errors.js";
import { action, configFor, confirmed, printJson } from "./context.js";

const EXAMPLES = `
Examples:
  medallion lifecycle show              the bucket's rules, and the medallion policy proposed for it
  medallion lifecycle plan              what-if: monthly cost now vs with the policy, and where it saves
  medallion lifecycle plan --inventory s3://inv/…/manifest.json
  medallion lifecycle apply             write the policy to the bucket (asks first; --yes in scripts)
The policy per layer is editable under lifecycle: in medallion.yaml (see README).`;

interface LifecycleOptions {
  json?: boolean;
  yes?: boolean;
  inventory?: string;
}

async function context(cmd: Command) {
  const [{ openLake }, cost, render] = await Promise.all([
    import("../src/lake/index.js"),
    import("../src/cost/index.js"),
    import("../src/render/index.js"),
  ]);
  const config = configFor(cmd);
  const lake = openLake(config);
  const proposed = cost.lakePolicy(lake);
  return { lake, cost, render, config, proposed };
}

export function register(program: Command): void {
  const lifecycle = program
    .command("lifecycle")
    .addHelpText("after", EXAMPLES)
    .description(
      "S3 lifecycle rules for the lake: bronze to GLACIER_IR then DEEP_ARCHIVE, silver to STANDARD_IA, gold to " +
        "INTELLIGENT_TIERING, incomplete uploads aborted after 7 days, each moving only objects large enough to pay " +
        "back their transition within a year (a size filter); a what-if of what they save, and apply.",
    );

  lifecycle
    .command("show")
    .description("The bucket's current lifecycle rules and the proposed medallion policy")
    .option("--json", "print one JSON document")
    .action(
      action(async (opts: LifecycleOptions, cmd: Command) => {
        const { lake, cost, render, proposed } = await context(cmd);
        const admin = await cost.lakeAdmin(lake);
        const current = admin ? (await admin.lifecycleRules()).map((r) => cost.fromS3Rule(r as never)) : [];
        const errors = cost.validatePolicy(proposed);
        if (opts.json) {
          printJson({ current, proposed: proposed.map(cost.toS3Rule), errors });
          return;
        }
        const out: string[] = [];
        if (!admin) out.push("a local lake: lifecycle rules are S3's, none apply here");
        else out.push(current.length === 0 ? "current rules: none" : "current rules:");
        for (const r of current) out.push(`  ${render.lineText(cost.ruleLine(r))}`);
        out.push("proposed (medallion.yaml lifecycle:, else the defaults):");
        for (const r of proposed) out.push(`  ${render.lineText(cost.ruleLine(r))}`);
        for (const e of errors) out.push(`invalid: ${e}`);
        process.stdout.write(`${out.join("\n")}\n`);
        return errors.length > 0 ? 2 : 0;
      }),
    );

  lifecycle
    .command("plan")
    .description(
      "What-if: the monthly cost of the objects now, and under the proposed policy, from their ages and sizes",
    )
    .argument("[path]", "a layer or table; the whole lake when left out")
    .option("--inventory <manifest>", "read an S3 Inventory report instead of listing the lake")
    .option("--json", "print one JSON document")
    .action(
      action(async (location: string | undefined, opts: LifecycleOptions, cmd: Command) => {
        const { lake, cost, render, config, proposed } = await context(cmd);
        cost.assertValidPolicy(proposed);
        const live = process.stderr.isTTY && !opts.json;
        const report = await cost.costReport(lake, {
          location,
          inventory: opts.inventory,
          snapshot: false,
          onProgress: (p) => {
            if (live) process.stderr.write(`\r\x1b[Kread ${p.objects.toLocaleString("en-US")} objects`);
          },
        });
        if (live) process.stderr.write("\r\x1b[K");
        const { scan, existingRules, whatIf } = report;
        if (!whatIf) throw new MedallionError("config", `lifecycle: ${report.policyErrors.join("; ")}`);
        const prices = cost.priceTable(config.region, config.prices);
        if (opts.json) {
          printJson({
            source: scan.source,
            scope: scan.prefix,
            rules: proposed.map(cost.toS3Rule),
            existingRules: existingRules.map(cost.toS3Rule),
            notes: scan.notes,
            ...whatIf,
          });
          return;
        }
        const { tableLines } = render;
        const out = [
          ...cost.whatIfLines(whatIf).map(render.lineText),
          "",
          ...tableLines(cost.whatIfTable(whatIf), process.stdout.columns ?? 120).lines,
          "",
          ...(existingRules.length > 0
            ? [
                "the bucket's rules now:",
                ...existingRules.map((r) => `  ${render.lineText(cost.ruleLine(r))}`),
              ]
            : []),
          "proposed rules:",
          ...proposed.map((r) => `  ${render.lineText(cost.ruleLine(r))}`),
        ];
        if (config.root.kind === "local") {
          out.push(
            "note: a local lake has no storage classes: this is what the same objects would cost on S3",
          );
        }
        out.push(`prices: ${prices.region}, ${prices.source}`);
        for (const note of scan.notes) out.push(`note: ${note}`);
        process.stdout.write(`${out.join("\n")}\n`);
      }),
    );

  lifecycle
    .command("apply")
    .description("Write the proposed policy to the bucket (rules not named medallion-* are kept)")
    .option("--yes", "apply without asking (needed when not on a terminal)")
    .option("--json", "print the rules written as one JSON document")
    .action(
      action(async (opts: LifecycleOptions, cmd: Command) => {
        const { lake, cost } = await context(cmd);
        const change = await cost.planPolicyChange(lake);
        if (change.upToDate) {
          if (opts.json) printJson({ applied: false, rules: change.rules });
          else process.stdout.write(`${cost.policyResult(change)}\n`);
          return;
        }
        process.stderr.write(`${cost.policyDocumentLines(change).join("\n")}\n`);
        if (!(await confirmed(cost.policyQuestion(change), opts.yes))) {
          process.stdout.write("nothing changed\n");
          return;
        }
        await cost.applyPolicy(lake, change);
        if (opts.json) printJson({ applied: true, rules: change.rules });
        else process.stdout.write(`${cost.policyResult(change)}\n`);
      }),
    );
}

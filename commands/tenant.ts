import type { Command } from "commander";
import { loadConfig } from "../src/config/index.js";
import { action, globalFlags, printJson, usageError } from "./context.js";

const EXAMPLES = `
Examples:
  medallion tenant policy acme --account 123456789012          the IAM policy to attach to acme's role
  medallion tenant policy acme --account 123456789012 --json > acme-policy.json
  medallion tenant policy acme --access read --account 123456789012     reading only
  medallion tenant policy acme --bucket s3://lake/prod --account 123456789012   for a lake not on S3 yet
  medallion tenant add acme                                    make room for acme in every layer`;

interface PolicyOptions {
  json?: boolean;
  account?: string;
  bucket?: string;
  workgroup?: string;
  access: string;
}

/** The lake opened for one tenant: the `<id>` argument scopes it, as --tenant would. */
async function tenantLake(cmd: Command, tenant: string) {
  const { openLake } = await import("../src/lake/index.js");
  return openLake(loadConfig({ ...globalFlags(cmd), tenant }));
}

export function register(program: Command): void {
  const tenant = program
    .command("tenant")
    .addHelpText("after", EXAMPLES)
    .description(
      "Multi-tenant lakes (<layer>/tenant=<id>/): a tenant's least-privilege IAM policy, and room for a new tenant. " +
        "Nothing here changes IAM: the printed policy is the contract.",
    );

  tenant
    .command("policy")
    .description(
      "Print the tenant's least-privilege IAM policy: its prefixes in each layer, its Glue tables, its Athena workgroup",
    )
    .argument("<id>", "the tenant id (acme)")
    .option("--account <id>", "the AWS account id of the Glue and Athena ARNs (aws sts get-caller-identity)")
    .option("--bucket <s3-uri>", "s3://bucket/prefix the lake lives at (default: the lake's, when on S3)")
    .option("--workgroup <name>", "the tenant's Athena workgroup (default: athena.workgroup of the config)")
    .option("--access <what>", "write (promote, sync) or read (browse, query)", "write")
    .option("--json", "print the policy document alone (for aws iam create-policy --policy-document)")
    .action(
      action(async (id: string, opts: PolicyOptions, cmd: Command) => {
        if (opts.access !== "write" && opts.access !== "read")
          throw usageError(`--access ${opts.access}: expected write or read`);
        if (opts.account === undefined || !/^\d{12}$/.test(opts.account)) {
          throw usageError(
            `${opts.account === undefined ? "--account is needed" : `--account ${opts.account}: expected 12 digits`} for the Glue and Athena ARNs (aws sts get-caller-identity --query Account)`,
          );
        }
        const lake = await tenantLake(cmd, id);
        const [
          { tenantPolicy, policyLines },
          { tenantTableRefs },
          { parseLakeRoot, databaseName },
          { lineText },
        ] = await Promise.all([
          import("../src/govern/tenant-policy.js"),
          import("../src/govern/tenant-tables.js"),
          import("../src/config/index.js"),
          import("../src/render/index.js"),
        ]);
        const root = opts.bucket ? parseLakeRoot(opts.bucket, process.cwd(), "--bucket") : lake.config.root;
        if (root.kind !== "s3") {
          throw usageError(
            "the policy is for S3 lakes: this one is a local folder; pass --bucket s3://bucket/prefix for where it will live",
          );
        }
        const region = lake.config.region;
        if (region === undefined)
          throw usageError("a region is needed for the Glue and Athena ARNs: pass --region");
        try {
          const scope = lake.tenant as NonNullable<typeof lake.tenant>;
          const { silver, gold } = lake.config.layers;
          const policy = tenantPolicy({
            scope,
            bucket: root.bucket,
            rootPrefix: root.prefix,
            region,
            account: opts.account,
            tables: await tenantTableRefs(lake),
            databases: lake.layout.layers.map((layer) => databaseName(lake.config, layer)),
            workgroup: opts.workgroup ?? lake.config.athena.workgroup,
            writableLayers: [silver, gold],
            readOnly: opts.access === "read",
            kmsKey: lake.config.encryption?.kms,
          });
          if (opts.json) {
            printJson(policy);
            return;
          }
          const out = [
            `Tenant ${id}: ${opts.access} access to s3://${root.bucket}/${root.prefix}<layer>/tenant=${id}/ (bronze read only), its Glue tables, workgroup ${opts.workgroup ?? lake.config.athena.workgroup}`,
            ...policyLines(policy).map(lineText),
            "",
            JSON.stringify(policy, null, 2),
            "",
            "Nothing was changed in IAM: attach this policy to the tenant's role yourself.",
          ];
          process.stdout.write(`${out.join("\n")}\n`);
        } finally {
          await lake.close();
        }
      }),
    );

  tenant
    .command("add")
    .description(
      "Make room for a tenant: on a local lake its folder in each layer and in _medallion/; on S3 nothing is written " +
        "(prefixes appear with their first object) and each prefix is checked. IAM is not touched.",
    )
    .argument("<id>", "the tenant id (lowercase letters, digits, -)")
    .option("--json", "print one JSON document")
    .action(
      action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
        const lake = await tenantLake(cmd, id);
        const { addTenant } = await import("../src/govern/tenant-add.js");
        try {
          const prefixes = await addTenant(lake);
          if (opts.json) {
            printJson({ tenant: id, lake: lake.location, prefixes });
            return;
          }
          const width = Math.max(...prefixes.map((p) => p.prefix.length));
          const out = [
            `Tenant ${id} in ${lake.location}:`,
            ...prefixes.map((p) => `  ${p.prefix.padEnd(width)}  ${p.state}`),
          ];
          if (lake.config.root.kind === "s3")
            out.push("S3 has no folders: nothing was written; each prefix appears with its first object.");
          out.push(
            `IAM: nothing changed. \`medallion tenant policy ${id} --account <id>\` prints the policy to attach.`,
          );
          process.stdout.write(`${out.join("\n")}\n`);
        } finally {
          await lake.close();
        }
      }),
    );
}

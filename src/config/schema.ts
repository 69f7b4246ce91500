// The namespace import, not `{ z }`: esbuild then bundles only the parts used (not every locale),
// which is most of the CLI's start-up that zod costs (70 ms → 20 ms).
import * as z from "zod";
import { CostSchema, LifecycleSchema, PricesSchema } from "./cost-schema.js";
import { GoldSpecSchema, IngestSpecSchema, pipelineIssues, SilverSpecSchema } from "./pipeline.js";

/** A table is named by its path under the lake root: `layer/domain/table` or `layer/tenant=id/domain/table`. */
const tablePath = /^[^/=]+\/(tenant=[^/]+\/)?[^/=]+\/[^/=]+$/;

export const TableConfigSchema = z.strictObject({
  /** Partition keys in folder order, e.g. [year, month, day]. */
  partitionKeys: z.array(z.string().min(1)).default([]),
  /** File format as delivered (bronze) or written (silver/gold: parquet). */
  format: z.enum(["parquet", "json", "csv"]).default("parquet"),
  description: z.string().optional(),
  /** Pipeline specs (src/config/pipeline.ts): how the table is ingested, or built from other tables. */
  ingest: IngestSpecSchema.optional(),
  silver: SilverSpecSchema.optional(),
  gold: GoldSpecSchema.optional(),
});

export const LayerNamesSchema = z.strictObject({
  bronze: z.string().min(1).default("bronze"),
  silver: z.string().min(1).default("silver"),
  gold: z.string().min(1).default("gold"),
});

/** Every S3/Glue/Athena request: seconds to connect, seconds with no byte from the endpoint, and retries. */
export const NetworkSchema = z.strictObject({
  connectTimeout: z.number().positive().max(300).default(3),
  readTimeout: z.number().positive().max(3600).default(20),
  /** Retries after a timeout, a dropped connection or an HTTP 5xx. */
  retries: z.number().int().min(0).max(10).default(1),
  /** Retries while the service throttles (it asks us to slow down; backoff grows to 20 s). */
  throttleRetries: z.number().int().min(0).max(20).default(6),
});

/**
 * `athena:` how Medallion runs Athena queries (promotions with `engine: athena`, `medallion query`).
 * Athena writes every query's result file under the output location, so it must be outside the lake's
 * tables (a live location would read it as data).
 */
export const AthenaSchema = z.strictObject({
  workgroup: z.string().min(1).default("primary"),
  /** Where Athena writes result files; optional when the workgroup sets (or enforces) its own. */
  outputLocation: z
    .string()
    .regex(/^s3:\/\/[^/]+(\/.*)?$/, "an s3:// URI, e.g. s3://my-bucket/athena-results/")
    .optional(),
  /** The Glue database unqualified table names resolve in (QueryExecutionContext); none by default. */
  database: z.string().min(1).optional(),
  /** Seconds between two polls of a running query at most (the first poll comes after 0.2 s, then doubles). */
  pollInterval: z.number().positive().max(60).default(2),
  /** Seconds a query may run (queued included) before Medallion stops it and fails; Athena's own DML limit is 30 min. */
  queryTimeout: z
    .number()
    .positive()
    .max(24 * 3600)
    .default(1800),
});

/**
 * `promote:` how promotion runs commit. `gracePeriod`: seconds the previous version of the partitions a
 * run replaced (and the staged copy catalog readers were pointed at during its commit) stay under
 * `_medallion/staging/<run>/` after the commit, for queries that were reading them; outside every table
 * folder, so a glob of the table never sees them. The next promotion, or `medallion runs sweep`, deletes
 * them once the period has passed. 0: deleted as the commit ends. Unset: 3600 with the Glue catalog
 * (Athena's readers), 0 with the embedded one (src/promote/plan.ts `gracePeriod`).
 */
export const PromoteSchema = z.strictObject({
  gracePeriod: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 3600)
    .optional(),
});

/** Lowercase letters, digits and `-`: one Glue name part (`acme-eu` → `acme_eu_…`), never two tenants'. */
export const TenantIdSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    "a tenant id like acme or acme-eu (lowercase letters, digits, -)",
  );

export const ConfigSchema = z.strictObject({
  /** The lake root: a folder (relative to this file) or `s3://bucket/prefix`. */
  lake: z.string().min(1),
  catalog: z.enum(["local", "glue"]).default("local"),
  engine: z.enum(["duckdb", "athena"]).default("duckdb"),
  region: z.string().min(1).optional(),
  profile: z.string().min(1).optional(),
  endpointUrl: z.url().optional(),
  readOnly: z.boolean().default(false),
  /** Scopes every operation to `<layer>/tenant=<id>/` (src/govern/tenant-scope.ts). */
  tenant: TenantIdSchema.optional(),
  /**
   * What every write to an S3 lake asks for: SSE-KMS with this key (id, ARN or `alias/…`). Without it,
   * writes ask for nothing (the bucket's default applies), except under a tenant: SSE-S3 (AES256).
   */
  encryption: z.strictObject({ kms: z.string().min(1) }).optional(),
  layers: LayerNamesSchema.default({ bronze: "bronze", silver: "silver", gold: "gold" }),
  /** Glue tuning: parallel GetPartitions segments (1-10) and batch calls in flight. */
  glue: z
    .strictObject({
      segments: z.number().int().min(1).max(10).default(10),
      concurrency: z.number().int().min(1).max(20).default(5),
    })
    .default({ segments: 10, concurrency: 5 }),
  network: NetworkSchema.prefault({}),
  athena: AthenaSchema.prefault({}),
  promote: PromoteSchema.optional(),
  /** Glue database name per layer; `{layer}` is replaced by the layer name, e.g. `acme_{layer}`. */
  database: z.string().min(1).default("{layer}"),
  tables: z
    .record(
      z.string().regex(tablePath, "a table path like bronze/sales/orders (layer/domain/table)"),
      TableConfigSchema,
    )
    .default({})
    .superRefine((tables, ctx) => {
      for (const [path, table] of Object.entries(tables)) {
        for (const issue of pipelineIssues(path, table, tables)) {
          ctx.addIssue({ code: "custom", path: [path, ...issue.path], message: issue.message });
        }
      }
    }),
  /** Cost scan, lifecycle policy and price overrides (src/config/cost-schema.ts). */
  cost: CostSchema.default({ concurrency: 8 }),
  lifecycle: LifecycleSchema.optional(),
  prices: PricesSchema.optional(),
});

export type TableConfig = z.infer<typeof TableConfigSchema>;
export type LayerNames = z.infer<typeof LayerNamesSchema>;
export type NetworkSettings = z.infer<typeof NetworkSchema>;
export type AthenaSettings = z.infer<typeof AthenaSchema>;
export type ConfigFile = z.infer<typeof ConfigSchema>;
export type Layer = keyof LayerNames;

/** Where the lake lives, parsed from `lake`. */
export type LakeRoot = { kind: "local"; path: string } | { kind: "s3"; bucket: string; prefix: string };

/** The config in force: the file (if any) with flags applied and the lake root resolved. */
export interface Config extends ConfigFile {
  /** The file this came from, for messages; undefined when built from flags alone. */
  source?: string;
  root: LakeRoot;
}

/** Command-line flags that override the file. */
export interface ConfigFlags {
  config?: string;
  lake?: string;
  catalog?: string;
  engine?: string;
  region?: string;
  profile?: string;
  endpointUrl?: string;
  readOnly?: boolean;
  /** `--connect-timeout`, `--read-timeout`, `--retries`: each overrides its one field of `network`. */
  network?: Partial<Pick<NetworkSettings, "connectTimeout" | "readTimeout" | "retries">>;
  tenant?: string;
}

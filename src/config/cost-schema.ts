import * as z from "zod";

/** The S3 storage classes Medallion prices and lifecycle rules may name. */
export const STORAGE_CLASSES = [
  "STANDARD",
  "INTELLIGENT_TIERING",
  "STANDARD_IA",
  "ONEZONE_IA",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
] as const;

const storageClass = z.enum(STORAGE_CLASSES);
const price = z.number().nonnegative();

/** `prices:` overrides the region's table figure by figure ($ per GiB-month, per 1,000 requests). */
export const PricesSchema = z.strictObject({
  /** Whose table to start from (default: the lake's region, else us-east-1). */
  region: z.string().min(1).optional(),
  /** STANDARD $/GiB-month: first 50 TiB, next 450 TiB, over 500 TiB. */
  standard: z.tuple([price, price, price]).optional(),
  storage: z.partialRecord(storageClass.exclude(["STANDARD"]), price).optional(),
  requests: z.partialRecord(storageClass, z.strictObject({ put: price, get: price })).optional(),
  transitions: z.partialRecord(storageClass.exclude(["STANDARD"]), price).optional(),
  monitoringPer1000: price.optional(),
  athenaPerTB: price.optional(),
});

const LayerLifecycleSchema = z.strictObject({
  /** Move objects this many days after creation, in order. */
  transitions: z
    .array(
      z.strictObject({ days: z.number().int().min(0), storageClass: storageClass.exclude(["STANDARD"]) }),
    )
    .default([]),
  /** Delete current objects this many days after creation. */
  expirationDays: z.number().int().min(1).optional(),
  /** Delete noncurrent versions this many days after they become noncurrent. */
  noncurrentDays: z.number().int().min(1).optional(),
});

/** `lifecycle:` the medallion policy per layer (bronze, silver, gold), replacing the default per layer given. */
export const LifecycleSchema = z.strictObject({
  bronze: LayerLifecycleSchema.optional(),
  silver: LayerLifecycleSchema.optional(),
  gold: LayerLifecycleSchema.optional(),
  abortIncompleteMultipartDays: z.number().int().min(1).default(7),
});

/** `cost:` where the cost scan reads objects from. */
export const CostSchema = z.strictObject({
  /** An S3 Inventory report's manifest.json (s3://… or a downloaded copy); the scan lists the lake when unset. */
  inventory: z
    .string()
    .regex(/manifest\.json$/, "an S3 Inventory report's manifest.json")
    .optional(),
  /** Prefixes listed at once by a live scan. */
  concurrency: z.number().int().min(1).max(64).default(8),
});

export type PricesConfig = z.infer<typeof PricesSchema>;
export type LayerLifecycle = z.infer<typeof LayerLifecycleSchema>;
export type LifecycleConfig = z.infer<typeof LifecycleSchema>;
export type CostConfig = z.infer<typeof CostSchema>;

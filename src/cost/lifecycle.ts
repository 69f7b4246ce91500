// The medallion lifecycle policy: one rule per layer (editable in medallion.yaml) plus aborting
// incomplete multipart uploads, as S3 LifecycleRule documents, and validated against S3's constraints.
import type { LayerLifecycle, LifecycleConfig } from "../config/cost-schema.js";
import type { LayerNames } from "../config/schema.js";
import { MedallionError } from "../errors.js";
import { sizeFilter } from "./break-even.js";
import type { PriceTable, StorageClass } from "./prices.js";
import { stepIndex } from "./size-steps.js";

export interface Transition {
  days: number;
  storageClass: StorageClass;
}

/** One lifecycle rule in the words the simulation needs; `prefix` is bucket-relative. */
export interface PolicyRule {
  id: string;
  prefix: string;
  enabled: boolean;
  transitions: Transition[];
  expirationDays?: number;
  noncurrentDays?: number;
  abortMultipartDays?: number;
  /**
   * S3's ObjectSizeGreaterThan: the rule applies only to objects larger than this many bytes (a size
   * step, see size-steps.ts); without it, S3 transitions nothing under 128 KiB.
   */
  minSize?: number;
  /** Rules filtered by tag, or by a size the simulation cannot tell: not simulated, shown as they are. */
  filterNote?: string;
}

/** S3's LifecycleRule, as sent to PutBucketLifecycleConfiguration (and printed by --dry-run). */
export interface S3LifecycleRule {
  ID?: string;
  Status?: string;
  Filter?: {
    Prefix?: string;
    Tag?: unknown;
    ObjectSizeGreaterThan?: number;
    ObjectSizeLessThan?: number;
    And?: { Prefix?: string; Tags?: unknown[]; ObjectSizeGreaterThan?: number; ObjectSizeLessThan?: number };
  };
  Prefix?: string;
  Transitions?: { Days?: number; Date?: Date | string; StorageClass?: string }[];
  Expiration?: { Days?: number; Date?: Date | string; ExpiredObjectDeleteMarker?: boolean };
  NoncurrentVersionExpiration?: { NoncurrentDays?: number };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation?: number };
}

export const RULE_PREFIX = "medallion-";

/** The default per layer: bronze is only read again to rebuild silver; gold is small and hot. */
export const DEFAULT_POLICY: Record<keyof LayerNames, LayerLifecycle> = {
  bronze: {
    transitions: [
      { days: 30, storageClass: "GLACIER_IR" },
      // 90 days in GLACIER_IR: its minimum, so no early-deletion charge.
      { days: 120, storageClass: "DEEP_ARCHIVE" },
    ],
    noncurrentDays: 30,
  },
  silver: { transitions: [{ days: 30, storageClass: "STANDARD_IA" }], noncurrentDays: 30 },
  gold: { transitions: [{ days: 0, storageClass: "INTELLIGENT_TIERING" }], noncurrentDays: 30 },
};

/**
 * The proposed rules for a lake whose root is `rootPrefix` in its bucket (empty or ending in `/`). A
 * layer's transitions carry the size filter its break-even needs (objects not worth moving stay); its
 * expirations then go in a rule of their own, `medallion-<layer>-expiry`, so they reach every size.
 */
export function proposedPolicy(
  layers: LayerNames,
  config: LifecycleConfig | undefined,
  rootPrefix: string,
  prices: PriceTable,
): PolicyRule[] {
  const rules: PolicyRule[] = [];
  for (const layer of ["bronze", "silver", "gold"] as const) {
    const own = config?.[layer] ?? DEFAULT_POLICY[layer];
    const id = `${RULE_PREFIX}${layers[layer]}`;
    const prefix = `${rootPrefix}${layers[layer]}/`;
    const transitions = own.transitions.map((t) => ({ days: t.days, storageClass: t.storageClass }));
    const minSize = sizeFilter(prices, transitions);
    const expiry = { expirationDays: own.expirationDays, noncurrentDays: own.noncurrentDays };
    const expires = expiry.expirationDays !== undefined || expiry.noncurrentDays !== undefined;
    if (minSize === undefined) {
      rules.push({ id, prefix, enabled: true, transitions, ...expiry });
      continue;
    }
    rules.push({ id, prefix, enabled: true, transitions, minSize });
    if (expires) rules.push({ id: `${id}-expiry`, prefix, enabled: true, transitions: [], ...expiry });
  }
  rules.push({
    id: `${RULE_PREFIX}abort-incomplete-uploads`,
    prefix: rootPrefix,
    enabled: true,
    transitions: [],
    abortMultipartDays: config?.abortIncompleteMultipartDays ?? 7,
  });
  return rules;
}

export function toS3Rule(rule: PolicyRule): S3LifecycleRule {
  const out: S3LifecycleRule = {
    ID: rule.id,
    Status: rule.enabled ? "Enabled" : "Disabled",
    Filter:
      rule.minSize === undefined
        ? { Prefix: rule.prefix }
        : rule.prefix === ""
          ? { ObjectSizeGreaterThan: rule.minSize }
          : { And: { Prefix: rule.prefix, ObjectSizeGreaterThan: rule.minSize } },
  };
  if (rule.transitions.length > 0) {
    out.Transitions = rule.transitions.map((t) => ({ Days: t.days, StorageClass: t.storageClass }));
  }
  if (rule.expirationDays !== undefined) out.Expiration = { Days: rule.expirationDays };
  if (rule.noncurrentDays !== undefined)
    out.NoncurrentVersionExpiration = { NoncurrentDays: rule.noncurrentDays };
  if (rule.abortMultipartDays !== undefined) {
    out.AbortIncompleteMultipartUpload = { DaysAfterInitiation: rule.abortMultipartDays };
  }
  return out;
}

/** A rule read from the bucket, in the simulation's words (what it cannot simulate is noted). */
export function fromS3Rule(rule: S3LifecycleRule): PolicyRule {
  const f = rule.Filter;
  const notes: string[] = [];
  if (f?.Tag || f?.And?.Tags?.length) notes.push("filtered by tag");
  // A size the aggregate counts objects by (one of its steps) is simulated; another is not.
  const minSize = f?.ObjectSizeGreaterThan ?? f?.And?.ObjectSizeGreaterThan;
  if (
    f?.ObjectSizeLessThan ||
    f?.And?.ObjectSizeLessThan ||
    (minSize !== undefined && stepIndex(minSize) === undefined)
  ) {
    notes.push("filtered by object size");
  }
  if (rule.Transitions?.some((t) => t.Date !== undefined) || rule.Expiration?.Date !== undefined)
    notes.push("dated");
  return {
    id: rule.ID ?? "(no id)",
    prefix: f?.Prefix ?? f?.And?.Prefix ?? rule.Prefix ?? "",
    enabled: rule.Status === "Enabled",
    transitions: (rule.Transitions ?? [])
      .filter((t) => t.Days !== undefined)
      .map((t) => ({ days: t.Days as number, storageClass: (t.StorageClass ?? "GLACIER") as StorageClass })),
    expirationDays: rule.Expiration?.Days,
    noncurrentDays: rule.NoncurrentVersionExpiration?.NoncurrentDays,
    abortMultipartDays: rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation,
    ...(minSize ? { minSize } : {}),
    filterNote: notes.length > 0 ? notes.join(", ") : undefined,
  };
}

/** S3's allowed lifecycle transitions: from a class to the classes it may move down to. */
const ALLOWED: Record<StorageClass, StorageClass[]> = {
  STANDARD: ["INTELLIGENT_TIERING", "STANDARD_IA", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
  STANDARD_IA: ["INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
  INTELLIGENT_TIERING: ["ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"],
  ONEZONE_IA: ["GLACIER", "DEEP_ARCHIVE"],
  GLACIER_IR: ["GLACIER", "DEEP_ARCHIVE"],
  GLACIER: ["DEEP_ARCHIVE"],
  DEEP_ARCHIVE: [],
};

export function canTransition(from: StorageClass, to: StorageClass): boolean {
  return ALLOWED[from].includes(to);
}

const IA = new Set<StorageClass>(["STANDARD_IA", "ONEZONE_IA"]);

/**
 * What S3 would refuse, one line each naming the rule and what to change: transitions to the IA classes
 * before 30 days, days not increasing, a move S3 does not allow (GLACIER_IR → STANDARD_IA), less than 30
 * days in an IA class before the next move, expiry before the last transition, over 1,000 rules.
 */
export function validatePolicy(rules: PolicyRule[]): string[] {
  const errors: string[] = [];
  if (rules.length > 1000) errors.push(`${rules.length} rules: S3 allows at most 1,000 per bucket`);
  for (const rule of rules) {
    const where = `rule ${rule.id}`;
    let from: StorageClass = "STANDARD";
    let fromDays = 0;
    rule.transitions.forEach((t, i) => {
      const at = `${where}, transition ${i + 1} (${t.storageClass} at ${t.days} days)`;
      if (!Number.isInteger(t.days) || t.days < 0) errors.push(`${at}: days must be a whole number ≥ 0`);
      if (IA.has(t.storageClass) && t.days < 30) {
        errors.push(`${at}: S3 needs at least 30 days before ${t.storageClass}`);
      }
      if (i > 0 && t.days <= fromDays) {
        errors.push(`${at}: must come after the previous transition (${from} at ${fromDays} days)`);
      }
      if (!canTransition(from, t.storageClass)) {
        errors.push(
          `${at}: S3 cannot move ${from} to ${t.storageClass} (from ${from}: ${ALLOWED[from].join(", ") || "nothing"})`,
        );
      } else if (i > 0 && IA.has(from) && t.days - fromDays < 30) {
        errors.push(
          `${at}: objects must stay 30 days in ${from} before moving on (here ${t.days - fromDays})`,
        );
      }
      from = t.storageClass;
      fromDays = t.days;
    });
    // A layer's expiry may sit in a rule of its own (medallion-<layer>-expiry): its transitions are beside it.
    const last = (rule.transitions.length > 0 ? rule.transitions : transitionsAt(rules, rule.prefix)).at(-1);
    if (rule.expirationDays !== undefined && last !== undefined && rule.expirationDays <= last.days) {
      errors.push(
        `${where}: expiry at ${rule.expirationDays} days must come after the last transition (${last.days} days)`,
      );
    }
  }
  return errors;
}

/** The transitions of the rules with exactly this prefix, in order of days. */
function transitionsAt(rules: PolicyRule[], prefix: string): Transition[] {
  return rules
    .filter((r) => r.prefix === prefix)
    .flatMap((r) => r.transitions)
    .sort((a, b) => a.days - b.days);
}

/** Throws one config error naming the first problems, for `lifecycle plan/apply` and `init`. */
export function assertValidPolicy(rules: PolicyRule[]): void {
  const errors = validatePolicy(rules);
  if (errors.length === 0) return;
  const more = errors.length > 3 ? ` (and ${errors.length - 3} more)` : "";
  throw new MedallionError("config", `lifecycle: ${errors.slice(0, 3).join("; ")}${more}`);
}

/**
 * The bucket's rules after applying the proposal: its own rules (not ours) kept, ours replaced.
 */
export function mergeRules(existing: S3LifecycleRule[], proposed: PolicyRule[]): S3LifecycleRule[] {
  const ours = new Set(proposed.map((r) => r.id));
  const kept = existing.filter((r) => !(r.ID && (ours.has(r.ID) || r.ID.startsWith(RULE_PREFIX))));
  return [...kept, ...proposed.map(toS3Rule)];
}

/** True when the bucket already holds exactly the proposed rules (what `init` and `apply` skip). */
export function hasPolicy(existing: S3LifecycleRule[], proposed: PolicyRule[]): boolean {
  const canonical = (rules: S3LifecycleRule[]) =>
    JSON.stringify(
      rules.map((r) => toS3Rule(fromS3Rule(r))).sort((a, b) => (a.ID ?? "").localeCompare(b.ID ?? "")),
    );
  const ours = existing.filter((r) => r.ID?.startsWith(RULE_PREFIX));
  return canonical(ours) === canonical(proposed.map(toS3Rule));
}

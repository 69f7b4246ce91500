// Price tables per region. GB means GiB (2^30 bytes) and TB means TiB (2^40), as AWS bills.
//
// Sources, by figure:
// - us-east-1: every figure is from /work/shared/reference/aws-facts.md (gathered from the AWS S3, Glue
//   and Athena pricing pages), except where a line says otherwise.
// - us-west-2, eu-west-1: the AWS S3 pricing page lists the same storage and request prices as us-east-1
//   for these regions (recalled, not re-checked offline: `verified: false`).
// - eu-central-1, ap-southeast-1: storage and request figures recalled from the AWS S3 pricing page,
//   NOT verified offline (`verified: false`); lifecycle transitions, retrievals, Glue and Athena are
//   taken as us-east-1's. Check them against https://aws.amazon.com/s3/pricing/ before relying on them,
//   or set your own in medallion.yaml (`prices:`).

import { STORAGE_CLASSES } from "../config/cost-schema.js";

export { STORAGE_CLASSES };
/** The storage classes Medallion prices. Anything else (e.g. EXPRESS_ONEZONE) is priced as STANDARD and flagged. */
export type StorageClass = (typeof STORAGE_CLASSES)[number];

export function isStorageClass(name: string): name is StorageClass {
  return (STORAGE_CLASSES as readonly string[]).includes(name);
}

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
export const TiB = 1024 * GiB;

/** A STANDARD price band: up to `upToGiB` (cumulative; null = no limit) at `perGiBMonth`. */
export interface PriceBand {
  upToGiB: number | null;
  perGiBMonth: number;
}

/** Request prices per 1,000: PUT-class (PUT, COPY, POST, LIST) and GET-class (GET, SELECT, HEAD). */
export interface RequestPrices {
  put: number;
  get: number;
}

export interface PriceTable {
  region: string;
  /** Where the figures come from, and how sure they are. */
  source: string;
  /** When the figures were gathered. */
  asOf: string;
  /** False where a figure was recalled rather than read from AWS's pricing page in this project. */
  verified: boolean;
  /** STANDARD (and INTELLIGENT_TIERING frequent access) bands, cumulative. */
  standardBands: PriceBand[];
  /** $/GiB-month of every class but STANDARD (INTELLIGENT_TIERING: its infrequent tiers are below). */
  storage: Record<Exclude<StorageClass, "STANDARD">, number>;
  /** INTELLIGENT_TIERING tiers, and its monitoring per 1,000 objects over 128 KiB. */
  intelligentTiering: {
    infrequent: number;
    archiveInstant: number;
    archive: number;
    deepArchive: number;
    monitoringPer1000: number;
  };
  requests: Record<StorageClass, RequestPrices>;
  /** Lifecycle transition requests per 1,000, by target class. */
  transitions: Record<Exclude<StorageClass, "STANDARD">, number>;
  /** Retrieval $/GiB (standard retrieval). */
  retrieval: Record<StorageClass, number>;
  /** Minimum storage duration in days (an object deleted or moved earlier is charged the rest). */
  minDays: Record<StorageClass, number>;
  glue: { freeObjects: number; per100kObjects: number; freeRequests: number; perMillionRequests: number };
  athena: { perTiB: number; minBytesPerQuery: number };
}

/** Minimum billable size of the IA classes and Glacier Instant Retrieval. */
export const MIN_BILLABLE_BYTES = 128 * KiB;
/** Each GLACIER / DEEP_ARCHIVE object keeps 8 KiB of index at the STANDARD rate and 32 KiB at its own. */
export const ARCHIVE_STANDARD_OVERHEAD = 8 * KiB;
export const ARCHIVE_CLASS_OVERHEAD = 32 * KiB;
/** INTELLIGENT_TIERING monitors (and charges for) objects larger than this only. */
export const MONITORED_MIN_BYTES = 128 * KiB;
/** S3 does not transition objects smaller than this unless a rule's size filter says otherwise. */
export const TRANSITION_MIN_BYTES = 128 * KiB;

const TB = 1024; // GiB in a TiB: the "first 50 TB" band is 51,200 GiB

function bands(first: number, next: number, over: number): PriceBand[] {
  return [
    { upToGiB: 50 * TB, perGiBMonth: first },
    { upToGiB: 500 * TB, perGiBMonth: next },
    { upToGiB: null, perGiBMonth: over },
  ];
}

/** Everything but storage and requests is us-east-1's from aws-facts.md in every table. */
const US_EAST_1: PriceTable = {
  region: "us-east-1",
  source:
    "aws-facts.md (AWS S3/Glue/Athena pricing pages); SIA/ZIA transition price 0.01 unverified there too",
  asOf: "2026-12",
  verified: true,
  standardBands: bands(0.023, 0.022, 0.021),
  storage: {
    INTELLIGENT_TIERING: 0.023, // frequent access; bands as STANDARD
    STANDARD_IA: 0.0125,
    ONEZONE_IA: 0.01,
    GLACIER_IR: 0.004,
    GLACIER: 0.0036,
    DEEP_ARCHIVE: 0.00099,
  },
  intelligentTiering: {
    infrequent: 0.0125,
    archiveInstant: 0.004,
    archive: 0.0036,
    deepArchive: 0.00099,
    monitoringPer1000: 0.0025,
  },
  requests: {
    STANDARD: { put: 0.005, get: 0.0004 },
    INTELLIGENT_TIERING: { put: 0.005, get: 0.0004 },
    STANDARD_IA: { put: 0.01, get: 0.001 },
    ONEZONE_IA: { put: 0.01, get: 0.001 },
    GLACIER_IR: { put: 0.02, get: 0.01 },
    GLACIER: { put: 0.03, get: 0.0004 },
    DEEP_ARCHIVE: { put: 0.05, get: 0.0004 },
  },
  transitions: {
    INTELLIGENT_TIERING: 0.01,
    STANDARD_IA: 0.01, // unverified (aws-facts.md)
    ONEZONE_IA: 0.01, // unverified (aws-facts.md)
    GLACIER_IR: 0.02,
    GLACIER: 0.03,
    DEEP_ARCHIVE: 0.05,
  },
  retrieval: {
    STANDARD: 0,
    INTELLIGENT_TIERING: 0,
    STANDARD_IA: 0.01,
    ONEZONE_IA: 0.01,
    GLACIER_IR: 0.03,
    GLACIER: 0.01,
    DEEP_ARCHIVE: 0.02,
  },
  minDays: {
    STANDARD: 0,
    INTELLIGENT_TIERING: 0,
    STANDARD_IA: 30,
    ONEZONE_IA: 30,
    GLACIER_IR: 90,
    GLACIER: 90,
    DEEP_ARCHIVE: 180,
  },
  glue: { freeObjects: 1_000_000, per100kObjects: 1, freeRequests: 1_000_000, perMillionRequests: 1 },
  athena: { perTiB: 5, minBytesPerQuery: 10 * MiB },
};

const RECALLED =
  "recalled from the AWS S3 pricing page, not verified offline; transitions, retrievals, Glue and Athena as us-east-1";

export const PRICE_TABLES: Record<string, PriceTable> = {
  "us-east-1": US_EAST_1,
  // Listed at us-east-1's prices on the AWS pricing page.
  "us-west-2": {
    ...US_EAST_1,
    region: "us-west-2",
    source: `same as us-east-1 (${RECALLED})`,
    verified: false,
  },
  "eu-west-1": {
    ...US_EAST_1,
    region: "eu-west-1",
    source: `same as us-east-1 (${RECALLED})`,
    verified: false,
  },
  "eu-central-1": {
    ...US_EAST_1,
    region: "eu-central-1",
    source: RECALLED,
    verified: false,
    standardBands: bands(0.0245, 0.0235, 0.0225),
    storage: {
      INTELLIGENT_TIERING: 0.0245,
      STANDARD_IA: 0.0135,
      ONEZONE_IA: 0.0108,
      GLACIER_IR: 0.005,
      GLACIER: 0.0045,
      DEEP_ARCHIVE: 0.0018,
    },
    intelligentTiering: {
      infrequent: 0.0135,
      archiveInstant: 0.005,
      archive: 0.0045,
      deepArchive: 0.0018,
      monitoringPer1000: 0.0025,
    },
    requests: {
      STANDARD: { put: 0.0054, get: 0.00043 },
      INTELLIGENT_TIERING: { put: 0.0054, get: 0.00043 },
      STANDARD_IA: { put: 0.01, get: 0.001 },
      ONEZONE_IA: { put: 0.01, get: 0.001 },
      GLACIER_IR: { put: 0.02, get: 0.01 },
      GLACIER: { put: 0.036, get: 0.00043 },
      DEEP_ARCHIVE: { put: 0.06, get: 0.00043 },
    },
  },
  "ap-southeast-1": {
    ...US_EAST_1,
    region: "ap-southeast-1",
    source: RECALLED,
    verified: false,
    standardBands: bands(0.025, 0.024, 0.023),
    storage: {
      INTELLIGENT_TIERING: 0.025,
      STANDARD_IA: 0.0138,
      ONEZONE_IA: 0.011,
      GLACIER_IR: 0.005,
      GLACIER: 0.004,
      DEEP_ARCHIVE: 0.002,
    },
    intelligentTiering: {
      infrequent: 0.0138,
      archiveInstant: 0.005,
      archive: 0.004,
      deepArchive: 0.002,
      monitoringPer1000: 0.0025,
    },
  },
};

export const DEFAULT_REGION = "us-east-1";

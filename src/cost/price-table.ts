import type { PricesConfig } from "../config/cost-schema.js";
import { DEFAULT_REGION, PRICE_TABLES, type PriceTable } from "./prices.js";

/**
 * The prices in force: the region's table (`prices.region`, else the lake's region, else us-east-1),
 * with medallion.yaml's `prices:` figures on top. A region without a table falls back to us-east-1's,
 * and says so in `source`.
 */
export function priceTable(region: string | undefined, overrides: PricesConfig = {}): PriceTable {
  const wanted = overrides.region ?? region ?? DEFAULT_REGION;
  const known = PRICE_TABLES[wanted];
  const base: PriceTable = known ?? {
    ...(PRICE_TABLES[DEFAULT_REGION] as PriceTable),
    region: wanted,
    source: `no table for ${wanted}: us-east-1's figures (set prices: in medallion.yaml)`,
    verified: false,
  };
  const overridden = Object.keys(overrides).some((k) => k !== "region");
  if (!overridden) return base;
  const standard = overrides.standard;
  return {
    ...base,
    source: `${base.source}; medallion.yaml prices: overrides`,
    standardBands: standard
      ? base.standardBands.map((band, i) => ({ ...band, perGiBMonth: standard[i] ?? band.perGiBMonth }))
      : base.standardBands,
    storage: { ...base.storage, ...overrides.storage },
    requests: { ...base.requests, ...overrides.requests },
    transitions: { ...base.transitions, ...overrides.transitions },
    intelligentTiering: {
      ...base.intelligentTiering,
      monitoringPer1000: overrides.monitoringPer1000 ?? base.intelligentTiering.monitoringPer1000,
    },
    athena: { ...base.athena, perTiB: overrides.athenaPerTB ?? base.athena.perTiB },
  };
}

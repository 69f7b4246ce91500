import type { CatalogPartition, CatalogTable } from "../../src/catalog/catalog.js";
import type { StoragePartition, TableRef } from "../../src/sync/types.js";

export const ORDERS: TableRef = {
  path: "silver/sales/orders",
  layer: "silver",
  domain: "sales",
  table: "orders",
  partitionKeys: ["year", "month"],
  format: "parquet",
  database: "acme_silver",
  name: "sales_orders",
  location: "s3://lake/silver/sales/orders",
};

export const ORDERS_TABLE: CatalogTable = {
  database: "acme_silver",
  name: "sales_orders",
  location: "s3://lake/silver/sales/orders/",
  format: "parquet",
  columns: [
    { name: "id", type: "bigint" },
    { name: "amount", type: "decimal(10,2)" },
  ],
  partitionKeys: [
    { name: "year", type: "string" },
    { name: "month", type: "string" },
  ],
};

/** A storage folder `name` (escaped) with its unescaped values. */
export function folder(
  name: string,
  values: (string | null)[],
  extra: Partial<StoragePartition> = {},
): StoragePartition {
  return {
    values,
    name,
    location: `s3://lake/silver/sales/orders/${name}/`,
    objects: 1,
    bytes: 100,
    formats: ["parquet"],
    anomalies: [],
    ...extra,
  };
}

export function registered(
  values: string[],
  location: string,
  extra: Partial<CatalogPartition> = {},
): CatalogPartition {
  return { values, location, format: "parquet", ...extra };
}

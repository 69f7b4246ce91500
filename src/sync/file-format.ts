import type { TableFormat } from "../catalog/catalog.js";

/** The format of a data file by its name (`part-0.parquet`, `x.json.gz`, `y.csv`); undefined for others. */
export function fileFormat(name: string): TableFormat | undefined {
  const lower = name.toLowerCase().replace(/\.(gz|gzip|snappy|zst|bz2)$/, "");
  if (lower.endsWith(".parquet") || lower.endsWith(".parq")) return "parquet";
  if (lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "json";
  if (lower.endsWith(".csv")) return "csv";
  return undefined;
}

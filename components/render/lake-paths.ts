/** Where `back` goes from a listing: partitions are listed flat under their table, so a partition's
 * parent is the table (`bronze/sales/orders/year=2024/month=01` → `bronze/sales/orders`). */
export function parentPath(path: string): string {
  const segments = path.split("/").filter(Boolean);
  // `tenant=<id>` right after the layer is part of the table path, not a partition.
  const firstPartition = segments.findIndex(
    (s, i) => s.includes("=") && !(i === 1 && s.startsWith("tenant=")),
  );
  const last = segments[segments.length - 1] ?? "";
  if (firstPartition >= 0 && last.includes("=")) return segments.slice(0, firstPartition).join("/");
  return segments.slice(0, -1).join("/");
}

/** `bronze › sales › orders › year=2024/month=01`. */
export function breadcrumb(path: string): string {
  if (!path) return "lake";
  const segments = path.split("/").filter(Boolean);
  const firstPartition = segments.findIndex(
    (s, i) => s.includes("=") && !(i === 1 && s.startsWith("tenant=")),
  );
  if (firstPartition < 0) return segments.join(" › ");
  return [...segments.slice(0, firstPartition), segments.slice(firstPartition).join("/")].join(" › ");
}

const FILE_EXTENSIONS = /\.(parquet|json|jsonl|ndjson|csv|tsv|gz|txt|avro|orc)$/i;

/** True when a typed lake path names a file rather than a folder. */
export function looksLikeFile(path: string): boolean {
  return !path.endsWith("/") && FILE_EXTENSIONS.test(path);
}

import type { FileFormat } from "./grid.js";

/** What the name says: format and compression, and the CSV delimiter when the extension fixes it. */
export interface NamedFormat {
  format?: FileFormat;
  gzip: boolean;
  delimiter?: string;
  /** The name's extension (before any .gz), when it has one. */
  extension?: string;
}

const byExtension: Record<string, { format: FileFormat; delimiter?: string }> = {
  parquet: { format: "parquet" },
  parq: { format: "parquet" },
  pq: { format: "parquet" },
  json: { format: "jsonl" },
  jsonl: { format: "jsonl" },
  ndjson: { format: "jsonl" },
  csv: { format: "csv" },
  tsv: { format: "csv", delimiter: "\t" },
  txt: { format: "csv" },
};

export function formatFromKey(key: string): NamedFormat {
  const name = (key.split("/").pop() ?? key).toLowerCase();
  const gzip = /\.(gz|gzip)$/.test(name);
  const bare = gzip ? name.replace(/\.(gz|gzip)$/, "") : name;
  const ext = bare.includes(".") ? (bare.split(".").pop() ?? "") : "";
  const known = byExtension[ext];
  return { format: known?.format, gzip, delimiter: known?.delimiter, extension: ext || undefined };
}

export function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

export function isParquet(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31; // PAR1
}

/** Text format from the first bytes: JSON lines start with `{`, CSV is any other text; binary is neither. */
export function sniffText(head: Uint8Array): "jsonl" | "csv" | undefined {
  const sample = head.subarray(0, 4096);
  let controls = 0;
  for (const byte of sample) if (byte === 0 || (byte < 0x09 && byte !== 0)) controls++;
  if (controls > 0) return undefined;
  const text = new TextDecoder()
    .decode(sample)
    .replace(/^\uFEFF/, "")
    .trimStart();
  return text.startsWith("{") ? "jsonl" : "csv";
}

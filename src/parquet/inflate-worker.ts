// The thread that inflates large Snappy, Zstandard and LZ4 pages for the preview (src/parquet/inflate-pool.ts),
// so the terminal UI's event loop keeps answering keys while a 100 MB page inflates. Brotli and gzip
// need no thread of ours: Node's zlib inflates them on its own pool.
import { parentPort } from "node:worker_threads";
import { compressors, decompressZstd } from "hyparquet-compressors";

export interface InflateRequest {
  id: number;
  codec: string;
  input: Uint8Array;
  /** The inflated size the page header declares: the most the output may hold. */
  length: number;
}

export type InflateReply = { id: number; output: Uint8Array } | { id: number; error: string };

parentPort?.on("message", ({ id, codec, input, length }: InflateRequest) => {
  try {
    const decompress = compressors[codec as keyof typeof compressors];
    if (!decompress) throw new Error(`no decompressor for ${codec}`);
    // fzstd sizes its output from the frame's own header: give it the declared size instead.
    const output =
      codec === "ZSTD" ? decompressZstd(input, new Uint8Array(length)) : decompress(input, length);
    parentPort?.postMessage({ id, output } satisfies InflateReply, [output.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort?.postMessage({
      id,
      error: err instanceof Error ? err.message : String(err),
    } satisfies InflateReply);
  }
});

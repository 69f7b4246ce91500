// One worker thread that inflates large Snappy, Zstandard and LZ4 pages off the event loop (their
// decompressors are JavaScript: a 128 MiB page held the terminal UI for a second or more). Small pages
// stay on the calling thread, where inflating costs less than a round trip to the worker.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { MedallionError } from "../errors.js";
import type { InflateReply, InflateRequest } from "./inflate-worker.js";

/** Pages that inflate to less stay on the caller's thread. */
export const OFF_THREAD_BYTES = 1024 * 1024;
/** The codecs whose decompressors run in JavaScript (Brotli and gzip go to Node's zlib pool). */
export const OFF_THREAD_CODECS = new Set(["SNAPPY", "ZSTD", "LZ4", "LZ4_RAW"]);

interface Pending {
  resolve: (output: Uint8Array) => void;
  reject: (err: Error) => void;
}

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 0;

/**
 * The worker's file in the built package: tsc writes it to dist/src/parquet/, beside the bundled CLI's
 * dist/commands/ (whose chunks cannot name it relative to themselves); tests running the sources use
 * the built one too.
 */
function workerFile(): URL {
  const here = fileURLToPath(import.meta.url);
  const dist = here.lastIndexOf(`${path.sep}dist${path.sep}`);
  const root = dist >= 0 ? here.slice(0, dist) : path.resolve(path.dirname(here), "../..");
  return pathToFileURL(path.join(root, "dist", "src", "parquet", "inflate-worker.js"));
}

function failAll(err: Error): void {
  for (const { reject } of pending.values()) reject(err);
  pending.clear();
  worker = undefined;
}

function started(): Worker {
  if (worker) return worker;
  const file = workerFile();
  const w = new Worker(file);
  w.on("message", (reply: InflateReply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (pending.size === 0) w.unref(); // an idle worker never keeps the process alive
    if ("output" in reply) waiting.resolve(reply.output);
    else waiting.reject(new Error(reply.error));
  });
  w.on("error", (err) =>
    failAll(
      new MedallionError(
        "corrupt",
        `the preview's inflate thread failed (${fileURLToPath(file)}): ${err.message}`,
      ),
    ),
  );
  w.on("exit", () => {
    if (worker === w) failAll(new MedallionError("corrupt", "the preview's inflate thread stopped"));
  });
  worker = w;
  return w;
}

/**
 * Inflates one page of `codec` to at most `length` bytes on the worker. `input` is copied: the caller's
 * buffer (a column chunk as read) stays whole.
 */
export function inflateOffThread(codec: string, input: Uint8Array, length: number): Promise<Uint8Array> {
  const w = started();
  const id = nextId++;
  const request: InflateRequest = { id, codec, input: input.slice(), length };
  return new Promise<Uint8Array>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage(request, [request.input.buffer as ArrayBuffer]);
  });
}

import type { RowGroup } from "hyparquet";
import { MedallionError } from "../errors.js";
import type { ObjectStore } from "../storage/object-store.js";
import { type ObjectByteSource, openTail } from "./byte-source.js";
import { LazyFooter } from "./lazy-footer.js";

/** First guess at the footer size: one suffix read this long usually holds all of the metadata. */
export const FOOTER_GUESS = 512 * 1024;

const MAGIC = 0x31524150; // "PAR1", little-endian
/** "PARE": a file whose footer is encrypted (Parquet modular encryption). */
const ENCRYPTED_MAGIC = 0x45524150;

const NO_DECRYPT =
  "encrypted (Parquet modular encryption): Medallion does not decrypt; read it with the key holder's tools";

/** What a preview shows in the cells of a column whose chunks are encrypted (never a value, never NULL). */
export const ENCRYPTED_TEXT = "(encrypted)";
export const encryptedNote = (column: string) =>
  `${column}: ${NO_DECRYPT.replace("encrypted (", "encrypted, not shown (")}`;

/** Whether a column chunk is encrypted (its metadata may then be encrypted too, or absent). */
export const isEncryptedChunk = (chunk: RowGroup["columns"][number]) =>
  chunk.crypto_metadata !== undefined || chunk.encrypted_column_metadata !== undefined;

function encrypted(key: string, part: string): MedallionError {
  return new MedallionError("encrypted", `${key}: ${part}: ${NO_DECRYPT}`);
}

export function corrupt(key: string, part: string, why: string, cause?: unknown): MedallionError {
  return new MedallionError("corrupt", `${key}: ${part}: ${why}`, { cause });
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Why the file does not end in PAR1: a truncated Parquet file still starts with it. */
async function missingMagicReason(
  source: ObjectByteSource,
  tail: Uint8Array,
  tailStart: number,
): Promise<string> {
  const head = tailStart === 0 ? tail.subarray(0, 4) : await source.read(0, 4);
  const startsLikeParquet = head.byteLength === 4 && view(head).getUint32(0, true) === MAGIC;
  return startsLikeParquet
    ? "truncated (the file starts like Parquet but its footer is missing)"
    : "not a Parquet file (magic bytes missing)";
}

/**
 * Reads and decodes the footer of `key` with one suffix read of `guess` bytes (which also gives the size
 * when the store can tell it, so no HEAD), then (for very large footers) exactly the missing part. Every
 * failure names the part and the reason.
 */
export async function readFooter(
  store: ObjectStore,
  key: string,
  options: { size?: number; guess?: number } = {},
): Promise<{ source: ObjectByteSource; footer: LazyFooter }> {
  const guess = options.guess ?? FOOTER_GUESS;
  const opened = await openTail(store, key, guess, options.size);
  const { source, tailStart } = opened;
  let tail = opened.tail;
  const size = source.byteLength;
  if (size < 12) {
    throw corrupt(key, "footer", `not a Parquet file (${size} bytes; a Parquet file has at least 12)`);
  }
  if (tail.byteLength !== size - tailStart || tail.byteLength < Math.min(size, guess)) {
    throw corrupt(
      key,
      "footer",
      `short read (${tail.byteLength} of ${Math.min(size, guess)} bytes; the object changed?)`,
    );
  }
  if (view(tail).getUint32(tail.byteLength - 4, true) === ENCRYPTED_MAGIC) throw encrypted(key, "footer");
  if (view(tail).getUint32(tail.byteLength - 4, true) !== MAGIC) {
    throw corrupt(key, "footer", await missingMagicReason(source, tail, tailStart));
  }
  const metadataLength = view(tail).getUint32(tail.byteLength - 8, true);
  if (metadataLength + 12 > size) {
    throw corrupt(key, "footer", `metadata length ${metadataLength} does not fit in a ${size}-byte file`);
  }
  let start = tailStart;
  const metadataStart = size - 8 - metadataLength;
  if (metadataStart < tailStart) {
    const missing = await source.read(metadataStart, tailStart);
    const whole = new Uint8Array(size - metadataStart);
    whole.set(missing, 0);
    whole.set(tail, tailStart - metadataStart);
    tail = whole;
    start = metadataStart;
  }
  source.keepTail(start, tail);
  const thrift = tail.subarray(metadataStart - start, tail.byteLength - 8);
  const footer = new LazyFooter(
    thrift,
    (first, groups) => checkChunkOffsets(key, groups, first, metadataStart),
    (err) => corrupt(key, "footer", `cannot decode the file metadata (${(err as Error).message})`, err),
  );
  return { source, footer };
}

/** Column chunks must lie between the leading magic and the footer, or reading them would fail later. */
function checkChunkOffsets(key: string, groups: RowGroup[], first: number, dataEnd: number): void {
  groups.forEach((group, i) => {
    const g = first + i;
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      const name = meta?.path_in_schema.join(".") ?? "?";
      // Encrypted columns in a plaintext footer: never read (readRows shows them as encrypted).
      if (isEncryptedChunk(chunk)) continue;
      if (!meta) throw corrupt(key, `row group ${g + 1}, column ${name}`, "column metadata missing");
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset);
      const end = start + Number(meta.total_compressed_size);
      if (start < 4 || end > dataEnd) {
        throw corrupt(
          key,
          `row group ${g + 1}, column ${name}`,
          `bytes ${start}–${end} lie outside the data (4–${dataEnd})`,
        );
      }
    }
  });
}

import { open, stat } from "node:fs/promises";
import path from "node:path";
import type { TableFormat } from "../catalog/catalog.js";
import type { Config } from "../config/index.js";
import { MedallionError, NotFoundError } from "../errors.js";
import { isHiddenName } from "../lake/lake-path.js";
import { LocalStore, type ObjectInfo, type ObjectStore, openStore } from "../storage/index.js";
import { fileFormat } from "../sync/file-format.js";

/** One raw file to ingest, where it was delivered. */
export interface SourceFile {
  /** Its full location (an absolute file path or `s3://bucket/key`): the rows' `_source_file`. */
  uri: string;
  /** Its key in the source's store. */
  object: ObjectInfo;
  format: TableFormat;
  gzip: boolean;
}

/** What `medallion ingest <source>` names: a file or a folder, local or on S3, and the raw files in it. */
export interface Source {
  /** The location as a full URI (absolute path or `s3://…`). */
  uri: string;
  store: ObjectStore;
  files: SourceFile[];
  /** Files in the folder that are not CSV, JSON lines or Parquet by their names (left out). */
  skipped: string[];
}

const KNOWN =
  "CSV (.csv), JSON lines (.jsonl, .ndjson, .json) or Parquet (.parquet), optionally gzipped (.gz)";

function sourceFile(store: ObjectStore, object: ObjectInfo): SourceFile | undefined {
  const format = fileFormat(object.key);
  if (format === undefined) return undefined;
  return { uri: store.uri(object.key), object, format, gzip: /\.gz(ip)?$/i.test(object.key) };
}

/** Every data file under a prefix of the store (hidden names such as `_SUCCESS` left out), in key order. */
async function filesUnder(store: ObjectStore, prefix: string, skipped: string[]): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for await (const page of store.list(prefix)) {
    for (const object of page.objects) {
      if (object.key.slice(prefix.length).split("/").some(isHiddenName)) continue;
      const file = sourceFile(store, object);
      if (file) files.push(file);
      else skipped.push(store.uri(object.key));
    }
  }
  return files;
}

function s3Source(config: Config, location: string): { store: ObjectStore; key: string } {
  const rest = location.slice("s3://".length);
  const slash = rest.indexOf("/");
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  if (!bucket)
    throw new MedallionError("usage", `${location}: expected s3://bucket/key or s3://bucket/prefix/`);
  // The lake's endpoint, region, profile and timeouts; the source bucket is only read.
  const store = openStore({ ...config, tenant: undefined, root: { kind: "s3", bucket, prefix: "" } });
  return { store, key: slash < 0 ? "" : rest.slice(slash + 1) };
}

/**
 * Opens the source of an ingest: one file, or every data file of a folder (recursively). A location that
 * names nothing, or no data file, is an error.
 */
export async function openSource(config: Config, location: string): Promise<Source> {
  const skipped: string[] = [];
  if (location.startsWith("s3://")) {
    const { store, key } = s3Source(config, location);
    if (key !== "" && !key.endsWith("/")) {
      const object = await store.head(key).catch((err) => {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      });
      if (object) return single(store, object, location);
    }
    const prefix = key === "" || key.endsWith("/") ? key : `${key}/`;
    const files = await filesUnder(store, prefix, skipped);
    return found(store.uri(prefix), store, files, skipped, location);
  }
  const absolute = path.resolve(location);
  const info = await stat(absolute).catch(() => undefined);
  if (!info)
    throw new MedallionError(
      "not-found",
      `no file or folder ${location}: give a raw file or a folder of them`,
    );
  if (info.isFile()) {
    const store = new LocalStore(path.dirname(absolute));
    return single(store, await store.head(path.basename(absolute)), location);
  }
  const store = new LocalStore(absolute);
  return found(absolute, store, await filesUnder(store, "", skipped), skipped, location);
}

function single(store: ObjectStore, object: ObjectInfo, location: string): Source {
  const file = sourceFile(store, object);
  if (!file)
    throw new MedallionError("usage", `${location}: not a raw file Medallion reads by its name: ${KNOWN}`);
  return { uri: file.uri, store, files: [file], skipped: [] };
}

function found(
  uri: string,
  store: ObjectStore,
  files: SourceFile[],
  skipped: string[],
  location: string,
): Source {
  if (files.length === 0) {
    const what = skipped.length > 0 ? `only files that are not ${KNOWN}` : "no file";
    throw new MedallionError("not-found", `${location} holds ${what}: nothing to ingest`);
  }
  return { uri, store, files, skipped };
}

/** Bytes fetched a request: a large source never sits whole in memory. */
const FETCH_BYTES = 16 * 1024 * 1024;

/** Copies a source file from its store to a local file, range by range. */
export async function fetchSource(
  source: Source,
  file: SourceFile,
  target: string,
  chunk = FETCH_BYTES,
): Promise<void> {
  const out = await open(target, "w");
  try {
    for (let start = 0; start < file.object.size; start += chunk) {
      const end = Math.min(file.object.size, start + chunk);
      await out.write(await source.store.read(file.object.key, { start, end }));
    }
  } finally {
    await out.close();
  }
}

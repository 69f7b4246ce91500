import type { EntryStream } from "../src/lake/entry.js";
import type { Lake } from "../src/lake/lake.js";
import type { Preview } from "../src/preview/grid.js";

/** What the header shows about the lake, known from the config alone (no I/O). */
export interface LakeHeader {
  /** `s3://bucket/prefix` or the folder path. */
  root: string;
  /** `profile data · eu-west-1` for S3, `local folder` for a folder lake. */
  where: string;
  catalog: "glue" | "local";
  readOnly: boolean;
  /** The tenant every call is kept to (--tenant or `tenant:`). */
  tenant?: string;
}

/**
 * The UI's view of the core: everything a screen reads goes through here, so component tests can
 * pass a small fake and the app passes the real lake (commands/tui.ts).
 */
export interface LakeSource {
  header: LakeHeader;
  /** Rows beneath a lake path (`""` is the lake root: its layers). */
  listEntries(path: string, options: { signal: AbortSignal }): EntryStream;
  /** Full location (`s3://…` or a file path) of a lake path. */
  uri(path: string): string;
  /** Lake path of the first data file beneath `path` (a table or partition), undefined if none. */
  firstFile(path: string, options: { signal: AbortSignal }): Promise<string | undefined>;
  /** Opens a file for preview; rejects with a one-line reason (corrupt, not found, …). */
  openPreview(path: string, options: { signal: AbortSignal }): Promise<Preview>;
  /** Lake path of what a user typed in the palette (lake path, s3:// URI or file path); throws if outside. */
  toLakePath(location: string): string;
  /** The opened lake (store, layout, catalog) for screens that need more; absent in component tests. */
  lake?(): Promise<Lake>;
}

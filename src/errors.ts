/**
 * Errors are values with a one-line message a user can act on. They are mapped once,
 * at the edge (AWS SDK, file system, config parser), and shown as-is by the CLI and UI.
 */
export type ErrorCode =
  | "config"
  | "not-found"
  | "access-denied"
  | "no-credentials"
  | "endpoint"
  | "no-bucket"
  | "read-only"
  | "outside-lake"
  | "outside-tenant"
  | "corrupt"
  | "too-large"
  | "encrypted"
  | "throttled"
  | "conflict"
  | "not-yet"
  | "cancelled"
  | "usage";

export class MedallionError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "MedallionError";
  }
}

export class NotFoundError extends MedallionError {
  constructor(
    readonly location: string,
    message = `not found: ${location}`,
  ) {
    super("not-found", message);
    this.name = "NotFoundError";
  }
}

export class ReadOnlyError extends MedallionError {
  constructor(action: string) {
    super(
      "read-only",
      `refused to ${action}: Medallion is in read-only mode (drop --read-only or readOnly: true to allow changes)`,
    );
    this.name = "ReadOnlyError";
  }
}

export function isMedallionError(err: unknown): err is MedallionError {
  return err instanceof MedallionError;
}

/** Node's file-system and socket errors, in words (`EACCES` is not a message). */
const SYSTEM_ERRORS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EEXIST: "already exists",
  ENOTDIR: "not a folder",
  EISDIR: "is a folder, not a file",
  ENOTEMPTY: "folder not empty",
  EMFILE: "too many open files",
  EBUSY: "busy",
  EIO: "input/output error",
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ETIMEDOUT: "timed out",
  ENOTFOUND: "host not found",
};

interface SystemErrorShape {
  code?: unknown;
  syscall?: unknown;
  path?: unknown;
  address?: unknown;
}

/** `permission denied: /lake/_medallion/catalog.db (EACCES)` for a Node system error; undefined otherwise. */
function systemErrorLine(err: Error): string | undefined {
  const { code, path, address, syscall } = err as SystemErrorShape;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return undefined;
  // The shell's folder was deleted or replaced under it (rm -rf, a checkout): nothing can be resolved.
  if (code === "ENOENT" && syscall === "uv_cwd")
    return "the current folder no longer exists (deleted or replaced since you entered it): cd into it again";
  const what = SYSTEM_ERRORS[code] ?? err.message.replace(/^[A-Z]+: /, "");
  const where = typeof path === "string" ? path : typeof address === "string" ? address : undefined;
  return where ? `${what}: ${where} (${code})` : `${what} (${code})`;
}

/** JavaScript's own errors come from a bug, and their text ("Cannot read properties of …") helps no user. */
function isBug(err: Error): boolean {
  return err instanceof TypeError || err instanceof ReferenceError || err instanceof SyntaxError;
}

/** The one line to show for any error: ours as written, system errors in words, anything else by its name. */
export function errorLine(err: unknown): string {
  if (err instanceof MedallionError) return err.message;
  if (!(err instanceof Error)) return String(err);
  const system = systemErrorLine(err);
  if (system) return system;
  if (isBug(err))
    return `internal error (${err.name}), a bug in Medallion: run again with MEDALLION_DEBUG=1 to see where, and report it`;
  const message = err.message.split("\n")[0] || "(no message)";
  return err.name && err.name !== "Error" && !message.startsWith(err.name)
    ? `${err.name}: ${message}`
    : message;
}

/** A stable word for `--json` error documents: our code, `system`, `internal` (a bug) or `unexpected`. */
export function errorCode(err: unknown): ErrorCode | "system" | "internal" | "unexpected" {
  if (err instanceof MedallionError) return err.code;
  if (err instanceof Error && systemErrorLine(err)) return "system";
  if (err instanceof Error && isBug(err)) return "internal";
  return "unexpected";
}

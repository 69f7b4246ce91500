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
  | "corrupt"
  | "too-large"
  | "encrypted"
  | "throttled"
  | "conflict"
  | "not-yet"
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

/** The one line to show for any error: ours as written, anything else with its own message. */
export function errorLine(err: unknown): string {
  if (err instanceof MedallionError) return err.message;
  if (err instanceof Error) return `unexpected error: ${err.message}`;
  return `unexpected error: ${String(err)}`;
}

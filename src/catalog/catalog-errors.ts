import { MedallionError, NotFoundError } from "../errors.js";

/** The messages both catalogs give for the same situations, so a user sees one wording. */
export function databaseNotFound(database: string, where: string): NotFoundError {
  return new NotFoundError(
    database,
    `database ${database} not found in ${where}: run \`medallion catalog register <table>\` to create it`,
  );
}

export function tableNotFound(database: string, table: string, where: string): NotFoundError {
  return new NotFoundError(
    `${database}.${table}`,
    `table ${database}.${table} not found in ${where}: run \`medallion catalog register <table>\` first`,
  );
}

/** A partition whose values do not match the table's partition keys; reported per partition, never sent. */
export function wrongValueCount(keys: readonly string[], values: readonly string[]): string | undefined {
  if (values.length === keys.length) return undefined;
  return `expected ${keys.length} partition value(s) (${keys.join(", ") || "none"}), got ${values.length}`;
}

export function invalidSegments(segments: number): MedallionError {
  return new MedallionError("config", `Glue segments must be a whole number from 1 to 10, got ${segments}`);
}

import type { Column } from "../catalog/catalog.js";
import { MedallionError } from "../errors.js";

/**
 * Schema evolution of a silver table: the columns its catalog table has (what earlier runs wrote) against
 * the columns its spec gives now. Additive changes flow through and update the catalog table (old
 * partitions stay readable: a reader fills a new column with null and reads narrower values as wider):
 * a new nullable column, a widening (tinyint → smallint → int → bigint, float → double, a decimal that
 * keeps its scale and integer digits). Breaking ones stop the run unless `--allow-breaking`: a narrowing,
 * any other type change, a dropped required column, a new required column (old rows have no value).
 */
export type SchemaChangeKind = "added" | "widened" | "dropped" | "narrowed" | "retyped";

export interface SchemaChange {
  column: string;
  kind: SchemaChangeKind;
  /** The type before (the catalog's) and after (the spec's); one of them is missing for added/dropped. */
  from?: string;
  to?: string;
  /** Required: non-nullable in the spec (added), or marked required in the catalog (dropped). */
  required?: boolean;
  breaking: boolean;
}

/** The comment a required (non-nullable) silver column carries in the catalog, so a later run knows it. */
export const REQUIRED_COMMENT = "required";

const INTEGERS = ["tinyint", "smallint", "int", "bigint"];
const FLOATS = ["float", "double"];
const norm = (type: string) => type.replaceAll(" ", "").toLowerCase();
const decimal = (type: string) => {
  const m = /^decimal\((\d+),(\d+)\)$/.exec(type);
  return m ? { precision: Number(m[1]), scale: Number(m[2]) } : undefined;
};

/** How a column's type changes: unchanged, widened, narrowed (same family, smaller), or retyped. */
export function typeChange(from: string, to: string): "unchanged" | "widened" | "narrowed" | "retyped" {
  const a = norm(from);
  const b = norm(to);
  if (a === b) return "unchanged";
  for (const ladder of [INTEGERS, FLOATS]) {
    if (ladder.includes(a) && ladder.includes(b))
      return ladder.indexOf(b) > ladder.indexOf(a) ? "widened" : "narrowed";
  }
  const da = decimal(a);
  const db = decimal(b);
  if (da && db) {
    // Wider when it keeps every digit on both sides of the point.
    const keeps = db.scale >= da.scale && db.precision - db.scale >= da.precision - da.scale;
    return keeps ? "widened" : "narrowed";
  }
  return "retyped";
}

/** The changes from the catalog's columns to the spec's, breaking ones first. */
export function schemaChanges(
  catalog: Column[],
  spec: { name: string; type: string; nullable: boolean }[],
): SchemaChange[] {
  const before = new Map(catalog.map((c) => [c.name, c]));
  const changes: SchemaChange[] = [];
  for (const column of spec) {
    const old = before.get(column.name);
    if (!old) {
      changes.push({
        column: column.name,
        kind: "added",
        to: column.type,
        required: !column.nullable,
        breaking: !column.nullable,
      });
      continue;
    }
    const change = typeChange(old.type, column.type);
    if (change !== "unchanged")
      changes.push({
        column: column.name,
        kind: change,
        from: old.type,
        to: column.type,
        breaking: change !== "widened",
      });
  }
  const kept = new Set(spec.map((c) => c.name));
  for (const old of catalog) {
    if (kept.has(old.name) || old.name.startsWith("_")) continue; // lineage columns are Medallion's own
    const required = old.comment === REQUIRED_COMMENT;
    changes.push({ column: old.name, kind: "dropped", from: old.type, required, breaking: required });
  }
  return changes.sort((x, y) => Number(y.breaking) - Number(x.breaking));
}

const WORDS: Record<SchemaChangeKind, string> = {
  added: "a new column",
  widened: "a widening",
  dropped: "a dropped column",
  narrowed: "a narrowing",
  retyped: "a type change",
};

/** One line for a breaking change: the table, the column, a partition written before, both types. */
export function breakingChangeError(
  table: string,
  change: SchemaChange,
  partition: string | undefined,
): MedallionError {
  const where = partition ? ` in partition ${partition} and the others written before` : "";
  const what =
    change.kind === "added"
      ? `${change.column} is a new required column (${change.to}) that rows written before lack${where}`
      : change.kind === "dropped"
        ? `required column ${change.column} (${change.from}) is no longer in the spec but is in the data${where}`
        : `column ${change.column} changes from ${change.from} to ${change.to} (${WORDS[change.kind]})${where}`;
  return new MedallionError("usage", `${table}: ${what}: refused (pass --allow-breaking to promote anyway)`);
}

/** Words for a change, as the plan and the result show it (`amount: decimal(10,2) → decimal(12,2), a widening`). */
export function changeLine(change: SchemaChange): string {
  const types =
    change.kind === "added"
      ? change.to
      : change.kind === "dropped"
        ? change.from
        : `${change.from} → ${change.to}`;
  return `${change.column}: ${types}, ${WORDS[change.kind]}${change.required ? " (required)" : ""}${change.breaking ? " — breaking" : ""}`;
}

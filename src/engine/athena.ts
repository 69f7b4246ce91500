/**
 * Athena as a promotion engine. Athena has no session: the views and temp tables a promotion defines
 * (`register`, `exec` of `CREATE TEMP TABLE|VIEW x AS …`) become the WITH clauses of every statement
 * run after them. A view reads a table of the catalog (Athena reads tables, not file lists), filtered
 * to the folders of the view's objects by `"$path"`. `write` first counts the SELECT's rows per
 * partition (one query), then UNLOADs at most 100 partitions per statement (Athena's limit) to a fresh
 * prefix, and moves the files it wrote to `<prefix>/<partition>/<fileStem>-<n>.parquet`.
 */
import { mapBounded } from "../catalog/bounded.js";
import { MedallionError } from "../errors.js";
import { partitionSegment, unescapePartitionValue } from "../lake/escape.js";
import type { ObjectStore } from "../storage/object-store.js";
import type { AthenaQueries, AthenaQueryResult, AthenaQueryState, AthenaStatistics } from "./athena-query.js";
import {
  type Engine,
  type EngineUsage,
  type InputView,
  OBJECT_KEY_COLUMN,
  type Row,
  type WriteTarget,
  type WrittenPartition,
} from "./engine.js";

/** Partitions one CTAS, INSERT INTO or UNLOAD may write (HIVE_TOO_MANY_OPEN_PARTITIONS beyond). */
export const ATHENA_MAX_PARTITIONS = 100;

/** A catalog table Athena reads a view's files through. */
export interface AthenaInputTable {
  database: string;
  name: string;
  /** The lake table's path (`bronze/sales/orders`): the folders below it are its partitions. */
  path: string;
  /** The catalog's partition keys: a view filters on them too when they are strings, so Athena prunes. */
  partitionKeys: { name: string; type: string }[];
}

export interface AthenaEngineOptions {
  /**
   * The catalog table holding a view's objects (all of one lake table), once it is known to hold their
   * partitions at their folders: Athena reads tables, not file lists.
   */
  tableOf: (objectKeys: string[]) => AthenaInputTable | Promise<AthenaInputTable>;
  signal?: AbortSignal;
  /** Each statement's state changes, for progress ("UNLOAD 3/10: RUNNING 12.0 s"). */
  onQuery?: (event: { sql: string; state: AthenaQueryState; elapsedMs: number }) => void;
}

/** Files moved from an UNLOAD's folder at once. */
const COPY_CONCURRENCY = 8;

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;
const text = (s: string) => `'${s.replaceAll("'", "''")}'`;
const DEFINITION =
  /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?TEMP(?:ORARY)?\s+(?:TABLE|VIEW)\s+("?)(\w+)\1\s+AS\s+([\s\S]+)$/i;

/** Athena's text of a value, as the JSON-ready value DuckDB's engine gives (numbers as numbers). */
function jsonValue(value: string | null, type: string): unknown {
  if (value === null) return null;
  if (/^(tinyint|smallint|integer|int|bigint)$/.test(type)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  if (/^(double|real|float)$/.test(type)) return Number(value);
  if (type === "boolean") return value === "true";
  return value;
}

export class AthenaEngine implements Engine {
  readonly kind = "athena" as const;
  /** Views and temp tables so far, in order: each statement's WITH clauses. */
  private readonly definitions = new Map<string, string>();
  private writes = 0;
  /** Statements run, bytes they scanned and what that cost. */
  readonly usage: EngineUsage & { unloads: number } = { queries: 0, unloads: 0, scannedBytes: 0, costUsd: 0 };

  constructor(
    private readonly athena: AthenaQueries,
    private readonly store: ObjectStore,
    private readonly options: AthenaEngineOptions,
  ) {}

  async register(view: InputView): Promise<void> {
    if (view.objectKeys.length === 0) {
      const columns = (view.columns ?? []).map(
        (c) => `CAST(NULL AS ${athenaTypeOfDuck(c.type ?? "VARCHAR")}) AS ${q(c.name)}`,
      );
      columns.push(`CAST(NULL AS varchar) AS ${OBJECT_KEY_COLUMN}`);
      this.definitions.set(view.name, `SELECT ${columns.join(", ")} WHERE false`);
      return;
    }
    const table = await this.options.tableOf(view.objectKeys);
    const root = this.folderUri("");
    const folders = [...new Set(view.objectKeys.map((k) => k.replace(/[^/]*$/, "")))];
    const where = [
      `regexp_replace("$path", '[^/]*$', '') IN (${folders.map((f) => text(this.folderUri(f))).join(", ")})`,
    ];
    const keys = table.partitionKeys;
    if (keys.length > 0 && keys.every((k) => k.type.toLowerCase() === "string")) {
      // The same folders as partition values: Athena lists only these partitions ("$path" alone reads all).
      const match = folders.map((folder) => {
        const values = partitionValuesBelow(table.path, folder);
        return `(${keys.map((k, i) => equals(k.name, values[i] ?? null)).join(" AND ")})`;
      });
      where.unshift(`(${match.join(" OR ")})`);
    }
    this.definitions.set(
      view.name,
      `SELECT *, substr("$path", ${root.length + 1}) AS ${OBJECT_KEY_COLUMN} FROM ${q(table.database)}.${q(table.name)}` +
        ` WHERE ${where.join(" AND ")}`,
    );
  }

  async exec(sql: string): Promise<void> {
    const match = DEFINITION.exec(sql);
    if (!match) {
      throw new MedallionError(
        "not-yet",
        `the athena engine runs only CREATE TEMP TABLE|VIEW … AS SELECT here, not: ${sql.slice(0, 60)}`,
      );
    }
    this.definitions.set(match[2] as string, match[3] as string);
  }

  /** The full location of a folder of the lake (`""` or ending in `/`), ending in `/` as `"$path"` has it. */
  private folderUri(folder: string): string {
    return `${this.store.uri(folder.replace(/\/$/, "")).replace(/\/$/, "")}/`;
  }

  /** The statement with every definition so far as its WITH clauses. */
  private withDefinitions(sql: string): string {
    if (this.definitions.size === 0) return sql;
    const ctes = [...this.definitions].map(([name, select]) => `${q(name)} AS (${select})`);
    return `WITH ${ctes.join(",\n")}\n${sql}`;
  }

  private async run(sql: string): Promise<AthenaQueryResult> {
    // Counted when sent: a failed query is free, but it was sent (the bytes of a stopped one are in its error).
    this.usage.queries += 1;
    const result = await this.athena
      .run(sql, {
        signal: this.options.signal,
        onState: (state, elapsedMs) => this.options.onQuery?.({ sql, state, elapsedMs }),
      })
      .catch((err: Error & { statistics?: AthenaStatistics }) => {
        // A stopped query is billed for what it had scanned.
        this.usage.scannedBytes += err.statistics?.dataScannedBytes ?? 0;
        this.usage.costUsd += err.statistics?.costUsd ?? 0;
        throw err;
      });
    this.usage.scannedBytes += result.statistics.dataScannedBytes;
    this.usage.costUsd += result.statistics.costUsd;
    return result;
  }

  async rows(sql: string): Promise<Row[]> {
    const describe = /^\s*DESCRIBE\s+([\s\S]+)$/i.exec(sql);
    if (describe) {
      const what = (describe[1] as string).trim();
      const from = /^\w+$/.test(what) ? q(what) : `(${what})`;
      const result = await this.run(this.withDefinitions(`SELECT * FROM ${from} LIMIT 0`));
      return result.columns.map((c) => ({
        column_name: c.name,
        column_type: c.precision === undefined ? c.type : `decimal(${c.precision},${c.scale ?? 0})`,
      }));
    }
    const result = await this.run(this.withDefinitions(sql));
    const out: Row[] = [];
    for await (const page of result.pages()) {
      for (const values of page) {
        const row: Row = {};
        result.columns.forEach((c, i) => {
          row[c.name] = jsonValue(values[i] ?? null, c.type);
        });
        out.push(row);
      }
    }
    return out;
  }

  async write(sql: string, target: WriteTarget): Promise<WrittenPartition[]> {
    this.writes += 1;
    const keys = target.partitionKeys;
    const group = keys.length > 0 ? ` GROUP BY ${keys.map((_, i) => i + 1).join(", ")}` : "";
    const counted = await this.rows(
      `SELECT ${[...keys.map(q), "count(*) AS n"].join(", ")} FROM (${sql})${group}`,
    );
    const partitions = counted
      .filter((r) => Number(r.n) > 0)
      .map((r) => {
        const values = keys.map((k) => (r[k] === null ? null : String(r[k])));
        const path = keys.map((k, i) => partitionSegment(k, values[i])).join("/");
        return { values, path, objectKeys: [] as string[], rows: Number(r.n), bytes: 0 };
      });
    for (let start = 0; start < partitions.length; start += ATHENA_MAX_PARTITIONS) {
      const batch = partitions.slice(start, start + ATHENA_MAX_PARTITIONS);
      const scratch = `${target.prefix}_athena-${this.writes}-${start / ATHENA_MAX_PARTITIONS}/`;
      const match = batch.map((p) => `(${keys.map((k, i) => equals(k, p.values[i] ?? null)).join(" AND ")})`);
      const select = keys.length > 0 ? `SELECT * FROM (${sql}) WHERE ${match.join(" OR ")}` : sql;
      const options = [
        "format = 'PARQUET'",
        "compression = 'ZSTD'",
        ...(keys.length > 0 ? [`partitioned_by = ARRAY[${keys.map(text).join(", ")}]`] : []),
      ];
      await this.run(
        `UNLOAD (${this.withDefinitions(select)})\nTO ${text(this.folderUri(scratch))}\nWITH (${options.join(", ")})`,
      );
      this.usage.unloads += 1;
      await this.place(scratch, target, new Map(batch.map((p) => [p.path, p])));
    }
    return partitions.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Moves what one UNLOAD wrote under `scratch` to the partitions' folders under the target prefix. */
  private async place(scratch: string, target: WriteTarget, byPath: Map<string, WrittenPartition>) {
    const written: { key: string; size: number }[] = [];
    const moves: { from: string; to: string }[] = [];
    for await (const page of this.store.list(scratch)) written.push(...page.objects);
    for (const object of written) {
      const below = object.key.slice(scratch.length);
      const slash = below.lastIndexOf("/");
      // Athena names folders as Hive does; they are re-escaped here so the lake's escaping is the only one.
      const folder = below
        .slice(0, Math.max(0, slash))
        .split("/")
        .filter(Boolean)
        .map((s) =>
          partitionSegment(s.slice(0, s.indexOf("=")), unescapePartitionValue(s.slice(s.indexOf("=") + 1))),
        )
        .join("/");
      const partition = byPath.get(folder);
      if (object.size === 0 || !partition) continue; // no empty files in the lake (Athena fails on them)
      const key = `${target.prefix}${folder ? `${folder}/` : ""}${target.fileStem}-${partition.objectKeys.length}.parquet`;
      partition.objectKeys.push(key);
      partition.bytes += object.size;
      moves.push({ from: object.key, to: key });
    }
    await mapBounded(moves, COPY_CONCURRENCY, async (move) => {
      // A server-side copy on S3: the bytes Athena wrote never pass through this machine.
      if (this.store.copy) await this.store.copy(move.from, move.to);
      else
        await this.store.put(move.to, await this.store.read(move.from), {
          contentType: "application/vnd.apache.parquet",
        });
    });
    await this.store.delete(written.map((o) => o.key));
  }

  async close(): Promise<void> {
    this.definitions.clear();
    this.athena.close();
  }
}

/** A partition column equal to a value (null: Hive's default partition). */
function equals(key: string, value: string | null): string {
  return value === null ? `${q(key)} IS NULL` : `${q(key)} = ${text(value)}`;
}

/** The partition values of a folder below a table (`<table>/year=2024/month=01/`), unescaped. */
function partitionValuesBelow(table: string, folder: string): (string | null)[] {
  return folder
    .slice(table.length + 1)
    .split("/")
    .filter(Boolean)
    .map((segment) => unescapePartitionValue(segment.slice(segment.indexOf("=") + 1)));
}

/** Athena's name for a DuckDB type of an empty view's column. */
function athenaTypeOfDuck(duck: string): string {
  const t = duck.toUpperCase();
  if (t === "FLOAT") return "real";
  return t.toLowerCase();
}

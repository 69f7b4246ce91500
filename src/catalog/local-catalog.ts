import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import Database from "better-sqlite3";
import { MedallionError } from "../errors.js";
import { chunk } from "./bounded.js";
import type {
  BatchProgress,
  BatchResult,
  Catalog,
  CatalogPartition,
  CatalogTable,
  Column,
  PartitionFailure,
  TableFormat,
} from "./catalog.js";
import { databaseNotFound, tableNotFound, wrongValueCount } from "./catalog-errors.js";
import { partitionKey, partitionValuesOf } from "./partition-key.js";

/** Partitions written per transaction: each batch is all-or-nothing, and a batch holds the write lock briefly. */
export const LOCAL_BATCH_SIZE = 5_000;
const PAGE_SIZE = 1_000;
const SCHEMA_VERSION = 1;

export interface LocalCatalogOptions {
  /** How long to wait for another process's write lock before giving up, in ms. */
  busyTimeoutMs?: number;
  batchSize?: number;
}

const schema = `
CREATE TABLE IF NOT EXISTS databases (name TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tables (
  database TEXT NOT NULL,
  name TEXT NOT NULL,
  location TEXT NOT NULL,
  format TEXT NOT NULL,
  columns TEXT NOT NULL,
  partition_keys TEXT NOT NULL,
  description TEXT,
  PRIMARY KEY (database, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS partitions (
  database TEXT NOT NULL,
  table_name TEXT NOT NULL,
  values_key TEXT NOT NULL,
  location TEXT NOT NULL,
  format TEXT NOT NULL,
  columns TEXT,
  PRIMARY KEY (database, table_name, values_key)
) WITHOUT ROWID;
`;

interface TableRow {
  database: string;
  name: string;
  location: string;
  format: string;
  columns: string;
  partition_keys: string;
  description: string | null;
}

interface PartitionRow {
  values_key: string;
  location: string;
  format: string;
  columns: string | null;
}

/**
 * The embedded catalog: one SQLite file in WAL mode. Every batch is one IMMEDIATE transaction
 * (all-or-nothing, survives a crash or kill mid-write), other processes wait on the busy timeout,
 * and reads never block writers. The file is created on the first write, so reads leave no trace.
 */
export class LocalCatalog implements Catalog {
  readonly kind = "local" as const;
  readonly calls: Record<string, number> = {};
  private db: Database.Database | undefined;
  private readonly busyTimeoutMs: number;
  private readonly batchSize: number;

  constructor(
    readonly file: string,
    options: LocalCatalogOptions = {},
  ) {
    this.busyTimeoutMs = options.busyTimeoutMs ?? 15_000;
    this.batchSize = options.batchSize ?? LOCAL_BATCH_SIZE;
  }

  private get where(): string {
    return `the local catalog (${this.file})`;
  }

  private count(operation: string, n = 1): void {
    this.calls[operation] = (this.calls[operation] ?? 0) + n;
  }

  /** The open connection; undefined for a read when the file does not exist yet. */
  private connection(forWrite: boolean): Database.Database | undefined {
    if (this.db) return this.db;
    if (!forWrite && !existsSync(this.file)) return undefined;
    this.db = this.guard(() => this.open());
    return this.db;
  }

  private open(): Database.Database {
    mkdirSync(path.dirname(this.file), { recursive: true });
    const db = new Database(this.file, { timeout: this.busyTimeoutMs });
    try {
      db.pragma("journal_mode = WAL");
      // FULL: a committed batch survives power loss too, not only a crashed process.
      db.pragma("synchronous = FULL");
      const version = db.pragma("user_version", { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        throw new MedallionError(
          "corrupt",
          `${this.file} was written by a newer Medallion (catalog version ${version}): upgrade Medallion to use it`,
        );
      }
      if (version < SCHEMA_VERSION) {
        db.transaction(() => {
          db.exec(schema);
          db.pragma(`user_version = ${SCHEMA_VERSION}`);
        }).immediate();
      }
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Maps SQLite failures once, to one line a user can act on. */
  private guard<T>(run: () => T): T {
    try {
      return run();
    } catch (err) {
      throw this.mapError(err);
    }
  }

  private mapError(err: unknown): unknown {
    if (err instanceof MedallionError) return err;
    const code = (err as { code?: string }).code ?? "";
    const message = (err as Error).message;
    if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
      return new MedallionError(
        "conflict",
        `${this.where} is busy: another Medallion process held its write lock for over ${this.busyTimeoutMs / 1000} s; try again`,
        { cause: err },
      );
    }
    if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT") {
      return new MedallionError(
        "corrupt",
        `${this.file} is not a readable catalog (${message}): move it aside and run \`medallion sync\` to rebuild it from the lake`,
        { cause: err },
      );
    }
    if (
      code === "SQLITE_READONLY" ||
      code === "SQLITE_CANTOPEN" ||
      code === "EACCES" ||
      code === "SQLITE_PERM"
    ) {
      return new MedallionError(
        "access-denied",
        `cannot write ${this.file} (${message}): check the folder's permissions`,
        {
          cause: err,
        },
      );
    }
    return err;
  }

  private write<T>(operation: string, run: (db: Database.Database) => T): T {
    const db = this.connection(true) as Database.Database;
    this.count(operation);
    return this.guard(() => db.transaction(() => run(db)).immediate());
  }

  async listDatabases(): Promise<string[]> {
    const db = this.connection(false);
    this.count("listDatabases");
    if (!db) return [];
    return this.guard(() =>
      (db.prepare("SELECT name FROM databases ORDER BY name").all() as { name: string }[]).map((r) => r.name),
    );
  }

  async ensureDatabase(database: string): Promise<void> {
    this.write("ensureDatabase", (db) => {
      db.prepare("INSERT INTO databases (name) VALUES (?) ON CONFLICT DO NOTHING").run(database);
    });
  }

  async listTables(database: string): Promise<CatalogTable[]> {
    const db = this.connection(false);
    this.count("listTables");
    if (!db) return [];
    const rows = this.guard(
      () => db.prepare("SELECT * FROM tables WHERE database = ? ORDER BY name").all(database) as TableRow[],
    );
    return rows.map(toTable);
  }

  async getTable(database: string, name: string): Promise<CatalogTable | undefined> {
    const db = this.connection(false);
    this.count("getTable");
    if (!db) return undefined;
    const row = this.guard(
      () =>
        db.prepare("SELECT * FROM tables WHERE database = ? AND name = ?").get(database, name) as
          | TableRow
          | undefined,
    );
    return row ? toTable(row) : undefined;
  }

  async putTable(table: CatalogTable): Promise<void> {
    this.write("putTable", (db) => {
      if (!db.prepare("SELECT 1 FROM databases WHERE name = ?").get(table.database)) {
        throw databaseNotFound(table.database, this.where);
      }
      db.prepare(
        `INSERT INTO tables (database, name, location, format, columns, partition_keys, description)
         VALUES (@database, @name, @location, @format, @columns, @partitionKeys, @description)
         ON CONFLICT (database, name) DO UPDATE SET location = excluded.location, format = excluded.format,
           columns = excluded.columns, partition_keys = excluded.partition_keys, description = excluded.description`,
      ).run({
        database: table.database,
        name: table.name,
        location: table.location,
        format: table.format,
        columns: JSON.stringify(table.columns),
        partitionKeys: JSON.stringify(table.partitionKeys),
        description: table.description ?? null,
      });
    });
  }

  async deleteTable(database: string, name: string): Promise<void> {
    if (!this.connection(false)) return;
    // One transaction: the table and its partitions go together or not at all.
    this.write("deleteTable", (db) => {
      db.prepare("DELETE FROM partitions WHERE database = ? AND table_name = ?").run(database, name);
      db.prepare("DELETE FROM tables WHERE database = ? AND name = ?").run(database, name);
    });
  }

  /** The table's partition keys; throws the shared not-found error when the table is missing. */
  private partitionKeyNames(database: string, table: string): string[] {
    const db = this.connection(false);
    const row = db
      ? this.guard(
          () =>
            db
              .prepare("SELECT partition_keys FROM tables WHERE database = ? AND name = ?")
              .get(database, table) as { partition_keys: string } | undefined,
        )
      : undefined;
    if (!row) throw tableNotFound(database, table, this.where);
    return (JSON.parse(row.partition_keys) as Column[]).map((c) => c.name);
  }

  async *listPartitions(database: string, table: string): AsyncIterable<CatalogPartition[]> {
    this.partitionKeyNames(database, table);
    const db = this.connection(false) as Database.Database;
    const page = db.prepare(
      `SELECT values_key, location, format, columns FROM partitions
       WHERE database = ? AND table_name = ? AND values_key > ? ORDER BY values_key LIMIT ${PAGE_SIZE}`,
    );
    let after = "";
    for (;;) {
      this.count("listPartitions");
      const rows = this.guard(() => page.all(database, table, after) as PartitionRow[]);
      if (rows.length === 0) return;
      yield rows.map(toPartition);
      if (rows.length < PAGE_SIZE) return;
      after = (rows[rows.length - 1] as PartitionRow).values_key;
    }
  }

  async addPartitions(
    database: string,
    table: string,
    partitions: CatalogPartition[],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult> {
    return this.partitionBatches("addPartitions", database, table, partitions, onProgress, (db) => {
      // an existing partition is left as it is, as in Glue (AlreadyExists), and counted apart
      const insert = db.prepare(
        `INSERT INTO partitions (database, table_name, values_key, location, format, columns)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      );
      return (p) => {
        const row = [database, table, partitionKey(p.values), p.location, p.format, columnsJson(p.columns)];
        return insert.run(...row).changes === 0 ? ALREADY_DONE : CHANGED;
      };
    });
  }

  async updatePartitions(
    database: string,
    table: string,
    partitions: CatalogPartition[],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult> {
    return this.partitionBatches("updatePartitions", database, table, partitions, onProgress, (db) => {
      const update = db.prepare(
        `UPDATE partitions SET location = ?, format = ?, columns = ?
         WHERE database = ? AND table_name = ? AND values_key = ?`,
      );
      return (p) => {
        const changed = update.run(
          p.location,
          p.format,
          columnsJson(p.columns),
          database,
          table,
          partitionKey(p.values),
        );
        return changed.changes === 0 ? { failed: "partition not found in the catalog" } : CHANGED;
      };
    });
  }

  async deletePartitions(
    database: string,
    table: string,
    values: string[][],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult> {
    const partitions = values.map((v) => ({ values: v }));
    return this.partitionBatches("deletePartitions", database, table, partitions, onProgress, (db) => {
      const remove = db.prepare(
        "DELETE FROM partitions WHERE database = ? AND table_name = ? AND values_key = ?",
      );
      return (p) =>
        remove.run(database, table, partitionKey(p.values)).changes === 0 ? ALREADY_DONE : CHANGED;
    });
  }

  /** One transaction per batch; `prepare` returns the per-partition step, which says what it did. */
  private async partitionBatches<P extends { values: string[] }>(
    operation: string,
    database: string,
    table: string,
    partitions: P[],
    onProgress: ((p: BatchProgress) => void) | undefined,
    prepare: (db: Database.Database) => (p: P) => StepOutcome,
  ): Promise<BatchResult> {
    const keys = this.partitionKeyNames(database, table);
    const failed: PartitionFailure[] = [];
    const valid: P[] = [];
    for (const p of partitions) {
      const wrong = wrongValueCount(keys, p.values);
      if (wrong) failed.push({ values: p.values, message: wrong });
      else valid.push(p);
    }
    const db = this.connection(true) as Database.Database;
    const step = this.guard(() => prepare(db));
    let succeeded = 0;
    let alreadyDone = 0;
    let calls = 0;
    for (const batch of chunk(valid, this.batchSize)) {
      // Counted inside the transaction, so a batch that rolls back counts nothing.
      const outcome = this.write(operation, () => {
        const out = { changed: 0, alreadyDone: 0, failed: [] as PartitionFailure[] };
        for (const p of batch) {
          const done = step(p);
          if (done === CHANGED) out.changed++;
          else if (done === ALREADY_DONE) out.alreadyDone++;
          else out.failed.push({ values: p.values, message: done.failed });
        }
        return out;
      });
      calls++;
      failed.push(...outcome.failed);
      succeeded += outcome.changed;
      alreadyDone += outcome.alreadyDone;
      onProgress?.({ done: succeeded + alreadyDone + failed.length, total: partitions.length });
      await yieldToEventLoop(); // let the UI draw progress between batches
    }
    return { succeeded, alreadyDone, failed, calls };
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }
}

const CHANGED = "changed";
/** Already as asked before this write: added or deleted by another run. */
const ALREADY_DONE = "already-done";
type StepOutcome = typeof CHANGED | typeof ALREADY_DONE | { failed: string };

function columnsJson(columns: Column[] | undefined): string | null {
  return columns ? JSON.stringify(columns) : null;
}

function toTable(row: TableRow): CatalogTable {
  return {
    database: row.database,
    name: row.name,
    location: row.location,
    format: row.format as TableFormat,
    columns: JSON.parse(row.columns) as Column[],
    partitionKeys: JSON.parse(row.partition_keys) as Column[],
    ...(row.description !== null ? { description: row.description } : {}),
  };
}

function toPartition(row: PartitionRow): CatalogPartition {
  return {
    values: partitionValuesOf(row.values_key),
    location: row.location,
    format: row.format as TableFormat,
    ...(row.columns !== null ? { columns: JSON.parse(row.columns) as Column[] } : {}),
  };
}

import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { MedallionError } from "../errors.js";
import { partitionSegment } from "../lake/escape.js";
import type { ObjectStore } from "../storage/object-store.js";
import {
  type Engine,
  type InputView,
  OBJECT_KEY_COLUMN,
  type Row,
  type WriteTarget,
  type WrittenPartition,
} from "./engine.js";

/** Rows of a query as DuckDB returned them. */
export interface ResultRows {
  columns: { name: string; type: string }[];
  /** JSON-ready values (BIGINT and DECIMAL as text, structs as objects). */
  values: unknown[][];
  /** DuckDB's own text of each value; null for NULL. */
  texts: (string | null)[][];
  /** True when the query had rows past those read. */
  more: boolean;
}

export interface DuckDbEngineOptions {
  /** DuckDB's memory_limit (it spills to its temp folder beyond it); default 512MB. */
  memoryLimit?: string;
  threads?: number;
  /** Rows per Parquet row group at most; default 1,000,000. */
  rowGroupRows?: number;
  /** Uncompressed bytes per row group at most (whichever of rows and bytes comes first); default 128 MiB. */
  rowGroupBytes?: number;
  /** Files about this size (compressed): a partition written bigger is split into files near it; default 128 MiB. */
  fileSizeBytes?: number;
}

const MiB = 1024 * 1024;

/** Inputs fetched from S3 at once. */
const FETCH_CONCURRENCY = 8;

export const quoteText = (s: string) => `'${s.replaceAll("'", "''")}'`;
export const quoteName = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Runs `work` over items with at most `limit` in flight. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** How a CSV file is written, as DuckDB's sniffer found it in the first file. */
interface CsvDialect {
  delimiter: string;
  quote: string;
  escape: string;
}

/** The reader of a format over a list of files, every partition column as text. */
function readerSql(
  view: InputView,
  files: string[],
  columns: string[] | undefined,
  csv?: CsvDialect,
): string {
  const list = `[${files.map(quoteText).join(", ")}]`;
  const common = "filename = true, hive_partitioning = true, hive_types_autocast = false";
  if (view.format === "parquet") return `read_parquet(${list}, union_by_name = true, ${common})`;
  const typed = `{${(columns ?? []).map((c) => `${quoteText(c)}: 'VARCHAR'`).join(", ")}}`;
  if (view.format === "csv") {
    // Sniffing every file is slow (seconds for a few dozen): the first file's dialect and header stand for all.
    const dialect = csv ?? { delimiter: ",", quote: '"', escape: '"' };
    return `read_csv(${list}, header = true, auto_detect = false, delim = ${quoteText(dialect.delimiter)}, quote = ${quoteText(dialect.quote)}, escape = ${quoteText(dialect.escape)}, columns = ${typed}, ${common})`;
  }
  // JSON lines: every field as delivered, as text; fields missing from a file are null.
  return `read_json(${list}, format = 'newline_delimited', columns = ${typed}, ${common})`;
}

/** DuckDB embedded: one in-memory database per session, spilling to a temp folder beyond its memory limit. */
export class DuckDbEngine implements Engine {
  readonly kind = "duckdb" as const;
  private writes = 0;

  private constructor(
    private readonly store: ObjectStore,
    private readonly instance: DuckDBInstance,
    private readonly db: DuckDBConnection,
    private readonly scratch: string,
    private readonly shape: Required<
      Pick<DuckDbEngineOptions, "rowGroupRows" | "rowGroupBytes" | "fileSizeBytes">
    >,
  ) {}

  static async open(store: ObjectStore, options: DuckDbEngineOptions = {}): Promise<DuckDbEngine> {
    // Loaded here: DuckDB's native module takes a while and most commands never need it.
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const scratch = await mkdtemp(path.join(tmpdir(), "medallion-duckdb-"));
    const settings: Record<string, string> = {
      memory_limit: options.memoryLimit ?? "512MB",
      temp_directory: path.join(scratch, "spill"),
      preserve_insertion_order: "false",
    };
    if (options.threads) settings.threads = String(options.threads);
    const instance = await DuckDBInstance.create(":memory:", settings);
    const db = await instance.connect();
    return new DuckDbEngine(store, instance, db, scratch, {
      rowGroupRows: options.rowGroupRows ?? 1_000_000,
      rowGroupBytes: options.rowGroupBytes ?? 128 * MiB,
      fileSizeBytes: options.fileSizeBytes ?? 128 * MiB,
    });
  }

  /** Local paths of the files, and the path prefix to strip to get their object keys back. */
  private async localFiles(objectKeys: string[]): Promise<{ files: string[]; base: string }> {
    if (this.store.kind === "local") {
      const base = `${this.store.root.replace(/\/+$/, "")}/`;
      return { files: objectKeys.map((k) => base + k), base };
    }
    // DuckDB's httpfs cannot be assumed: fetch only these objects, each once per session.
    const base = `${path.join(this.scratch, "inputs")}/`;
    await eachLimited(objectKeys, FETCH_CONCURRENCY, async (key) => {
      const file = base + key;
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, await this.store.read(key), { flag: "wx" }).catch((err) => {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      });
    });
    return { files: objectKeys.map((k) => base + k), base };
  }

  async register(view: InputView): Promise<void> {
    const name = quoteName(view.name);
    if (view.objectKeys.length === 0) {
      const columns = (view.columns ?? []).map((c) => `NULL::${c.type ?? "VARCHAR"} AS ${quoteName(c.name)}`);
      columns.push(`NULL::VARCHAR AS ${OBJECT_KEY_COLUMN}`);
      await this.exec(`CREATE OR REPLACE TEMP VIEW ${name} AS SELECT ${columns.join(", ")} WHERE false`);
      return;
    }
    const { files, base } = await this.localFiles(view.objectKeys);
    let columns = view.columns?.map((c) => c.name);
    let csv: CsvDialect | undefined;
    if (view.format === "csv" && columns === undefined) {
      const [sniffed] = await this.rows(
        `SELECT Delimiter AS d, Quote AS q, Escape AS e, Columns AS c FROM sniff_csv(${quoteText(files[0] as string)})`,
      );
      const unset = (v: unknown, fallback: string) =>
        v === "(empty)" || typeof v !== "string" ? fallback : v;
      csv = {
        delimiter: unset(sniffed?.d, ","),
        quote: unset(sniffed?.q, '"'),
        escape: unset(sniffed?.e, '"'),
      };
      columns = ((sniffed?.c ?? []) as { name: string }[]).map((c) => c.name);
    }
    if (view.format === "json" && columns === undefined) {
      const described = await this.rows(
        `DESCRIBE SELECT * FROM read_json([${files.map(quoteText).join(", ")}], format = 'newline_delimited', union_by_name = true, sample_size = 1000, hive_partitioning = false)`,
      );
      columns = described.map((r) => String(r.column_name));
    }
    const reader = readerSql(view, files, columns, csv);
    // Parquet written before a column was added lacks it: the view gives null of its type (schema evolution).
    let missing = "";
    if (view.format === "parquet" && view.columns) {
      const present = new Set(
        (await this.rows(`DESCRIBE SELECT * FROM ${reader}`)).map((r) => r.column_name),
      );
      missing = view.columns
        .filter((c) => !present.has(c.name))
        .map((c) => `, CAST(NULL AS ${c.type ?? "VARCHAR"}) AS ${quoteName(c.name)}`)
        .join("");
    }
    await this.exec(
      `CREATE OR REPLACE TEMP VIEW ${name} AS SELECT * EXCLUDE (filename), ` +
        `substr(filename, ${base.length + 1}) AS ${OBJECT_KEY_COLUMN}${missing} FROM ${reader}`,
    );
  }

  async exec(sql: string): Promise<void> {
    try {
      const started = Date.now();
      await this.db.run(sql);
      if (process.env.MEDALLION_DEBUG_SQL)
        process.stderr.write(`${Date.now() - started} ms: ${sql.slice(0, 100)}\n`);
    } catch (err) {
      throw sqlError(err, sql);
    }
  }

  async rows(sql: string): Promise<Row[]> {
    try {
      const started = Date.now();
      const reader = await this.db.runAndReadAll(sql);
      if (process.env.MEDALLION_DEBUG_SQL)
        process.stderr.write(`${Date.now() - started} ms: ${sql.slice(0, 100)}\n`);
      return reader.getRowObjectsJson() as Row[];
    } catch (err) {
      throw sqlError(err, sql);
    }
  }

  /**
   * Runs a query and reads at most `maxRows` of its rows (the rest is never computed): column names and
   * DuckDB types, each value as JSON-ready and as DuckDB's text, and whether rows were left unread.
   */
  async read(sql: string, maxRows: number): Promise<ResultRows> {
    try {
      const reader = await this.db.runAndReadUntil(sql, maxRows + 1);
      const columns = reader
        .columnNames()
        .map((name, i) => ({ name, type: String(reader.columnTypes()[i]) }));
      const texts = reader.getRows().slice(0, maxRows);
      return {
        columns,
        values: reader.getRowsJson().slice(0, maxRows),
        texts: texts.map((row) => row.map((v) => (v === null ? null : String(v)))),
        more: reader.currentRowCount > maxRows || !reader.done,
      };
    } catch (err) {
      throw sqlError(err, sql);
    }
  }

  /** Parquet options every write uses: zstd, row groups of at most N rows or N uncompressed bytes. */
  private parquetOptions(): string[] {
    // ROW_GROUP_SIZE_BYTES needs preserve_insertion_order = false, which open() sets.
    return [
      "FORMAT parquet",
      "COMPRESSION zstd",
      `ROW_GROUP_SIZE ${this.shape.rowGroupRows}`,
      `ROW_GROUP_SIZE_BYTES ${this.shape.rowGroupBytes}`,
      "RETURN_STATS",
    ];
  }

  /**
   * Writes the query's rows as Parquet, one file per partition (DuckDB's partitioned COPY keeps one
   * writer per partition; PER_THREAD_OUTPUT stays off), then splits each file bigger than the file size
   * into files near it: DuckDB cannot combine FILE_SIZE_BYTES with PARTITION_BY.
   */
  async write(sql: string, target: WriteTarget): Promise<WrittenPartition[]> {
    this.writes += 1;
    const out = path.join(this.scratch, `write-${this.writes}`);
    const keys = target.partitionKeys;
    const options = [
      ...this.parquetOptions(),
      ...(keys.length > 0
        ? [
            `PARTITION_BY (${keys.map(quoteName).join(", ")})`,
            `FILENAME_PATTERN ${quoteText(`${target.fileStem}-{i}`)}`,
          ]
        : []),
    ];
    const to = keys.length > 0 ? out : path.join(out, `${target.fileStem}-0.parquet`);
    await mkdir(out, { recursive: true });
    const stats = await this.rows(`COPY (${sql}) TO ${quoteText(to)} (${options.join(", ")})`);
    const byPath = new Map<string, WrittenPartition>();
    try {
      for (const stat of stats) {
        const rows = Number(stat.count);
        if (rows === 0) continue; // an unpartitioned empty result: no empty file in the lake
        // DuckDB escapes folder names its own way (a space as %20); the lake's are Hive's.
        const pairs = (stat.partition_keys ?? []) as { key: string; value: string | null }[];
        const values = keys.map((k) => pairs.find((p) => p.key === k)?.value ?? null);
        const folder = keys.map((k, i) => partitionSegment(k, values[i])).join("/");
        const entry = byPath.get(folder) ?? { values, path: folder, objectKeys: [], rows: 0, bytes: 0 };
        for (const file of await this.split(String(stat.filename), Number(stat.file_size_bytes), rows)) {
          const objectKey = `${target.prefix}${folder ? `${folder}/` : ""}${path.basename(file.name)}`;
          await this.place(file.name, objectKey);
          entry.objectKeys.push(objectKey);
          entry.rows += file.rows;
          entry.bytes += file.bytes;
        }
        byPath.set(folder, entry);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
    return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * A written file, or the files it is split into when it is bigger than the file size: as many as make
   * each near that size (a 1.4× file stays whole, a 2× one gives two of 1×), so no split leaves a tiny
   * remainder. Split files are named after the file (`part-<run>-0-1.parquet`).
   */
  private async split(
    file: string,
    bytes: number,
    rows: number,
  ): Promise<{ name: string; rows: number; bytes: number }[]> {
    const count = Math.round(bytes / this.shape.fileSizeBytes);
    if (count <= 1) return [{ name: file, rows, bytes }];
    const folder = `${file}.split`;
    await mkdir(folder);
    const stem = path.basename(file, ".parquet");
    // One thread: a file is closed at the first row group past the size (in parallel, row groups in
    // flight overshoot it by a thread's worth and leave a small last file).
    const threads = (await this.rows("SELECT current_setting('threads') AS n"))[0]?.n;
    await this.exec("SET threads = 1");
    let stats: Row[];
    try {
      stats = await this.rows(
        `COPY (SELECT * FROM read_parquet(${quoteText(file)})) TO ${quoteText(folder)} (${[
          ...this.parquetOptions(),
          `FILE_SIZE_BYTES ${Math.ceil(bytes / count)}`,
          `FILENAME_PATTERN ${quoteText(`${stem}-{i}`)}`,
        ].join(", ")})`,
      );
    } finally {
      await this.exec(`SET threads = ${Number(threads)}`);
    }
    await rm(file);
    return stats.map((s) => ({
      name: String(s.filename),
      rows: Number(s.count),
      bytes: Number(s.file_size_bytes),
    }));
  }

  /** Moves a written file to its key: a rename on a local lake, an upload to S3. */
  private async place(file: string, objectKey: string): Promise<void> {
    if (this.store.kind === "local") {
      // The store's own path for the key (a tenant's `_medallion/…` is kept in its part of the state).
      const target = this.store.uri(objectKey);
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await rename(file, target);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EXDEV") throw err;
      }
    }
    await this.store.put(objectKey, createReadStream(file), {
      contentType: "application/vnd.apache.parquet",
    });
  }

  interrupt(): void {
    this.db.interrupt();
  }

  async close(): Promise<void> {
    this.db.closeSync();
    this.instance.closeSync();
    await rm(this.scratch, { recursive: true, force: true });
  }

  /** Files under the scratch folder (tests: nothing left behind after close). */
  async scratchFiles(): Promise<string[]> {
    return readdir(this.scratch, { recursive: true }).catch(() => []);
  }
}

/**
 * Where DuckDB's `LINE n:` excerpt points: ` (at line 1, column 8)`. A long line's excerpt is cut (`...`),
 * so the column is found by matching the excerpt in the statement.
 */
function errorPosition(lines: string[], sql?: string): string {
  const i = lines.findIndex((l) => /^LINE \d+: /.test(l));
  const prefix = lines[i]?.match(/^LINE (\d+): /);
  const caret = lines[i + 1]?.indexOf("^") ?? -1;
  if (!prefix || caret < 0) return "";
  const line = Number(prefix[1]);
  let shown = (lines[i] as string).slice(prefix[0].length);
  let offset = caret - prefix[0].length;
  const cut = shown.startsWith("...");
  if (cut) {
    shown = shown.slice(3);
    offset -= 3;
  }
  if (shown.endsWith("...")) shown = shown.slice(0, -3);
  const start = cut ? (sql?.split("\n")[line - 1]?.indexOf(shown) ?? -1) : 0;
  return start < 0 ? ` (at line ${line})` : ` (at line ${line}, column ${start + offset + 1})`;
}

/** DuckDB's error as one line: its first line says what failed (`Binder Error: column x not found`), then where. */
export function sqlError(err: unknown, sql?: string): MedallionError {
  const message = (err as Error).message ?? String(err);
  const lines = message.split("\n");
  return new MedallionError("usage", `DuckDB: ${lines[0]}${errorPosition(lines, sql)}`, { cause: err });
}

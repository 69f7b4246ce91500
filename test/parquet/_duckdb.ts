import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBResultReader } from "@duckdb/node-api";

/** A temp folder and a DuckDB connection that writes Parquet files into it, for real. */
export async function parquetWriter(): Promise<{
  dir: string;
  write: (name: string, select: string, options?: string) => Promise<string>;
  query: (sql: string) => Promise<Record<string, unknown>[]>;
  /** DuckDB's typed result (values, column names and types), for checking values against. */
  reader: (sql: string) => Promise<DuckDBResultReader>;
  close: () => void;
}> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "medallion-parquet-"));
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  return {
    dir,
    async write(name, select, options = "") {
      const file = path.join(dir, name);
      await connection.run(`COPY (${select}) TO '${file}' (FORMAT parquet${options ? `, ${options}` : ""})`);
      return name;
    },
    async query(sql) {
      const reader = await connection.runAndReadAll(sql);
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    },
    reader: (sql) => connection.runAndReadAll(sql),
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

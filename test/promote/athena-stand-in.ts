import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { GOLD_YAML, SHOP_YAML } from "./shop-lake.js";

/**
 * Athena's workers, played in a test. moto_server speaks Athena's API (StartQueryExecution, states,
 * StopQueryExecution, GetQueryResults) but runs no SQL. This proxy sits between Medallion and moto and
 * forwards every request; when a StartQueryExecution passes, it first runs the statement on DuckDB
 * (Athena's SQL through the same two-macro translation as test/promote/dialects.test.ts) over a local copy
 * of the lake's files, then queues the rows in moto (moto hands them to that query) or, for an UNLOAD,
 * writes the Parquet files under the TO location in moto's S3, as Athena would while the query runs.
 */
export interface StandIn {
  endpoint: string;
  /** Every statement Medallion started, with the workgroup and output location it asked for. */
  started: { sql: string; workgroup?: string; outputLocation?: string }[];
  /** Called with each statement before moto sees it (e.g. to interrupt Medallion mid-run). */
  onStart?: (sql: string, n: number) => void;
  close(): Promise<void>;
}

/** A catalog table as the stand-in reads it: a folder of the local copy, its format and text columns. */
export interface StandInTable {
  database: string;
  name: string;
  /** The lake table's folder in the local copy, and its prefix in S3 (for `"$path"`). */
  folder: string;
  s3Prefix: string;
  format: "json" | "parquet";
  columns: string[];
}

const TRINO_ON_DUCKDB = [
  "CREATE MACRO date_format(ts, fmt) AS strftime(ts, fmt)",
  "CREATE MACRO json_format(j) AS CAST(j AS VARCHAR)",
];

const UNLOAD = /^UNLOAD \(([\s\S]*)\)\nTO '([^']+)'\nWITH \(([\s\S]*)\)$/;

/** Athena's type name and digits of a DuckDB result column, as GetQueryResults gives them. */
function athenaColumn(name: string, duckType: string) {
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckType);
  if (decimal)
    return { Name: name, Type: "decimal", Precision: Number(decimal[1]), Scale: Number(decimal[2]) };
  const types: Record<string, string> = { INTEGER: "integer", FLOAT: "real", HUGEINT: "decimal" };
  return { Name: name, Type: types[duckType] ?? duckType.toLowerCase() };
}

/** Unlike Athena's hidden `"$path"`, the view's `"$path"` is in its `*`: Medallion's SQL names its columns, so it does not matter. */
async function tableViews(db: DuckDBConnection, tables: StandInTable[]): Promise<void> {
  for (const t of tables) {
    const glob = `'${t.folder}/**/*.${t.format === "json" ? "json" : "parquet"}'`;
    const read =
      t.format === "json"
        ? `read_json(${glob}, format = 'newline_delimited', columns = {${t.columns.map((c) => `'${c}': 'VARCHAR'`).join(", ")}}, hive_partitioning = true, hive_types_autocast = false, filename = true)`
        : `read_parquet(${glob}, hive_partitioning = true, hive_types_autocast = false, filename = true)`;
    await db.run(`CREATE SCHEMA IF NOT EXISTS "${t.database}"`);
    await db.run(
      `CREATE OR REPLACE VIEW "${t.database}"."${t.name}" AS SELECT * EXCLUDE (filename), '${t.s3Prefix}' || substr(filename, ${t.folder.length + 2}) AS "$path" FROM ${read}`,
    );
  }
}

/** A statement's rows as GetQueryResults gives them: the header row first, every value as text. */
export interface StandInResult {
  columns: ReturnType<typeof athenaColumn>[];
  rows: (string | null)[][];
}

/**
 * Runs Athena's statements on DuckDB over the tables' local files: a SELECT gives its rows, an UNLOAD
 * writes its Parquet files under the TO location in the bucket (named as Athena names them, no extension).
 */
export async function athenaOnDuckDb(options: { s3: S3Client; bucket: string; tables: StandInTable[] }) {
  const instance = await DuckDBInstance.create(":memory:");
  const db = await instance.connect();
  for (const sql of TRINO_ON_DUCKDB) await db.run(sql);
  await tableViews(db, options.tables);
  return {
    async run(sql: string): Promise<StandInResult | undefined> {
      const unload = UNLOAD.exec(sql);
      if (!unload) {
        const result = await db.runAndReadAll(sql);
        const names = result.columnNames();
        const types = result.columnTypes().map(String);
        const rows = result.getRowsJson().map((r) => r.map((v) => (v === null ? null : String(v))));
        return { columns: names.map((n, i) => athenaColumn(n, types[i] as string)), rows: [names, ...rows] };
      }
      const [, select, to, props] = unload as unknown as [string, string, string, string];
      const keys = [
        ...(/partitioned_by = ARRAY\[([^\]]*)\]/.exec(props)?.[1] ?? "").matchAll(/'([^']+)'/g),
      ].map((m) => m[1] as string);
      const out = mkdtempSync(path.join(tmpdir(), "athena-unload-"));
      await db.run(
        `COPY (${select}) TO '${out}' (FORMAT parquet, COMPRESSION zstd${keys.length > 0 ? `, PARTITION_BY (${keys.join(", ")})` : ""})`,
      );
      const prefix = to.slice(`s3://${options.bucket}/`.length);
      for (const file of readdirSync(out, { recursive: true }).map(String)) {
        if (!file.endsWith(".parquet")) continue;
        await options.s3.send(
          new PutObjectCommand({
            Bucket: options.bucket,
            Key: `${prefix}${file.replace(/\.parquet$/, "")}`,
            Body: readFileSync(path.join(out, file)),
          }),
        );
      }
      rmSync(out, { recursive: true, force: true });
      return undefined;
    },
    close() {
      db.closeSync();
      instance.closeSync();
    },
  };
}

export async function startStandIn(options: {
  moto: string;
  bucket: string;
  tables: StandInTable[];
}): Promise<StandIn> {
  const s3 = new S3Client({ endpoint: options.moto, region: "us-east-1", forcePathStyle: true });
  const athena = await athenaOnDuckDb({ s3, bucket: options.bucket, tables: options.tables });

  async function execute(sql: string): Promise<void> {
    const result = await athena.run(sql);
    if (!result) return;
    const res = await fetch(`${options.moto}/moto-api/static/athena/query-results`, {
      method: "POST",
      body: JSON.stringify({
        region: "us-east-1",
        results: [
          {
            rows: result.rows.map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
            column_info: result.columns,
          },
        ],
      }),
    });
    if (res.status >= 300) throw new Error(`moto refused the results: ${res.status}`);
  }

  const started: StandIn["started"] = [];
  const target = new URL(options.moto);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      try {
        if (req.headers["x-amz-target"] === "AmazonAthena.StartQueryExecution") {
          const input = JSON.parse(body.toString("utf8"));
          const sql = String(input.QueryString);
          started.push({
            sql,
            workgroup: input.WorkGroup,
            outputLocation: input.ResultConfiguration?.OutputLocation,
          });
          standIn.onStart?.(sql, started.length);
          await execute(sql);
        }
      } catch (err) {
        res.writeHead(400, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify({ __type: "InvalidRequestException", message: (err as Error).message }));
        return;
      }
      const forward = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: target.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const standIn: StandIn = {
    endpoint: `http://127.0.0.1:${port}`,
    started,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      athena.close();
    },
  };
  return standIn;
}

/**
 * The shop's bronze (a local shop lake's files) under `s3://bucket/<lake>/` and a medallion.yaml for it
 * with the Glue catalog (databases `<lake>_{layer}`), `endpointUrl` and `extra` settings; its folder.
 */
export async function shopLakeOnS3(options: {
  s3: S3Client;
  bucket: string;
  lake: string;
  local: string;
  endpointUrl: string;
  extra: string;
}): Promise<string> {
  const { s3, bucket, lake, local } = options;
  for (const day of [1, 2, 3]) {
    const key = `bronze/shop/orders/year=2024/month=01/day=0${day}/part-0.json`;
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${lake}/${key}`,
        Body: readFileSync(path.join(local, key)),
      }),
    );
  }
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-athena-"));
  const yaml = SHOP_YAML.replace(
    "lake: .",
    `lake: s3://${bucket}/${lake}\nendpointUrl: ${options.endpointUrl}\nregion: us-east-1\nengine: athena\n${options.extra}`,
  ).replace("catalog: local", `catalog: glue\ndatabase: ${lake}_{layer}`);
  writeFileSync(path.join(dir, "medallion.yaml"), yaml + GOLD_YAML);
  return dir;
}

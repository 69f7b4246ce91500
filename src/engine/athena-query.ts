/**
 * One Athena query, start to finish: StartQueryExecution in the configured workgroup, GetQueryExecution
 * polled with a growing, capped wait until SUCCEEDED / FAILED / CANCELLED (each state change reported),
 * GetQueryResults paged by NextToken, the statistics and what the scan cost. Cancelled through an
 * AbortSignal (StopQueryExecution); stopped the same way past `athena.queryTimeout`.
 *
 *   const athena = AthenaQueries.fromConfig(config);
 *   const result = await athena.run("SELECT …", { signal, onState: (s, ms) => … });
 *   for await (const page of result.pages()) for (const row of page) …
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { awsSettings, createAwsClient, DEFAULT_NETWORK } from "../aws/client.js";
import { AthenaSchema, type AthenaSettings, type Config, type NetworkSettings } from "../config/index.js";
import { athenaQueryCost } from "../cost/price-model.js";
import { priceTable } from "../cost/price-table.js";
import type { PriceTable } from "../cost/prices.js";
import { MedallionError } from "../errors.js";
import { humanBytes } from "../lake/human.js";
import { mapAthenaError } from "./athena-errors.js";

export type AthenaQueryState = QueryExecutionState;

export interface AthenaColumn {
  name: string;
  /** Athena's type name: varchar, bigint, decimal, timestamp, array, row… */
  type: string;
  /** A decimal's digits and digits after the point (Athena gives them apart from the type name). */
  precision?: number;
  scale?: number;
}

/** A result row: each value as Athena's text, null for SQL NULL (an empty string stays ""). */
export type AthenaRow = (string | null)[];

export interface AthenaStatistics {
  dataScannedBytes: number;
  engineExecutionMs: number;
  /** Queue, planning and execution: what the user waited. */
  totalExecutionMs: number;
  /** Dollars billed: DML only (DDL and failed queries are free), scan rounded up to the MiB, 10 MiB at least. */
  costUsd: number;
}

export interface AthenaQueryResult {
  queryExecutionId: string;
  /** DML (SELECT, CTAS, INSERT, UNLOAD), DDL or UTILITY. */
  statementType?: string;
  columns: AthenaColumn[];
  /** Rows written by CTAS / INSERT INTO. */
  updateCount?: number;
  statistics: AthenaStatistics;
  /** The result file Athena wrote (s3://…/<id>.csv). */
  outputLocation?: string;
  /** The rows, a page (≤ `pageSize`) at a time, without the header row Athena puts first for a SELECT. */
  pages(): AsyncIterable<AthenaRow[]>;
}

export interface AthenaRunOptions {
  /** The database unqualified names resolve in; defaults to `athena.database`. */
  database?: string;
  /** Aborting stops the query in Athena (StopQueryExecution) and rejects with a `cancelled` error. */
  signal?: AbortSignal;
  /** Each state as it is first seen, with the milliseconds since the query was submitted. */
  onState?: (state: AthenaQueryState, elapsedMs: number) => void;
  /** Rows per GetQueryResults call, at most 1,000 (Athena's limit); default 1,000. */
  pageSize?: number;
}

export interface AthenaQueriesOptions {
  /** For messages: the endpoint URL, or "AWS Athena in <region>". */
  where?: string;
  profile?: string;
  network?: NetworkSettings;
  /** Prices for the cost figure; us-east-1's by default. */
  prices?: PriceTable;
}

/** The first poll comes this soon: most small queries finish within a second. */
const FIRST_POLL_MS = 200;
const MAX_PAGE_SIZE = 1000;

export class AthenaQueries {
  /** Calls made, by operation (StartQueryExecution counts the queries). */
  readonly calls: Record<string, number> = {};
  private readonly settings: AthenaSettings;
  private readonly options: Required<Omit<AthenaQueriesOptions, "profile">> & { profile?: string };

  constructor(
    private readonly client: AthenaClient,
    settings: Partial<AthenaSettings> = {},
    options: AthenaQueriesOptions = {},
  ) {
    this.settings = AthenaSchema.parse(settings);
    this.options = {
      where: options.where ?? "AWS Athena",
      profile: options.profile,
      network: options.network ?? DEFAULT_NETWORK,
      prices: options.prices ?? priceTable(undefined),
    };
  }

  static fromConfig(config: Config): AthenaQueries {
    const client = createAwsClient(AthenaClient, awsSettings(config), "Athena");
    return new AthenaQueries(client, config.athena, {
      where: config.endpointUrl ?? `AWS Athena${config.region ? ` in ${config.region}` : ""}`,
      profile: config.profile,
      network: config.network,
      prices: priceTable(config.region, config.prices),
    });
  }

  get workgroup(): string {
    return this.settings.workgroup;
  }

  close(): void {
    this.client.destroy();
  }

  /** Runs one statement to its end; rejects with one line when it fails, is cancelled or times out. */
  async run(sql: string, options: AthenaRunOptions = {}): Promise<AthenaQueryResult> {
    const { signal } = options;
    if (signal?.aborted) throw cancelled(undefined, 0);
    const database = options.database ?? this.settings.database;
    const started = await this.send(
      "StartQueryExecution",
      (c, o) =>
        c.send(
          new StartQueryExecutionCommand({
            QueryString: sql,
            WorkGroup: this.settings.workgroup,
            ...(database ? { QueryExecutionContext: { Database: database } } : {}),
            ...(this.settings.outputLocation
              ? { ResultConfiguration: { OutputLocation: this.settings.outputLocation } }
              : {}),
          }),
          o,
        ),
      // Not aborted mid-request: a query Athena started must be known by its id to be stopped.
    );
    const id = started.QueryExecutionId as string;
    const submitted = Date.now();
    if (signal?.aborted) throw await this.stop(id, submitted, "cancelled");
    const execution = await this.waitForEnd(id, submitted, options).catch(async (err) => {
      if (signal?.aborted) throw await this.stop(id, submitted, "cancelled");
      throw err;
    });
    const status = execution.Status;
    const state = status?.State as AthenaQueryState;
    const statistics = this.statisticsOf(execution);
    if (state === "FAILED") {
      const reason = (status?.StateChangeReason ?? "no reason given").split("\n")[0];
      // Athena says whose fault it was (ErrorCategory 1 system, 2 user, 3 other) and whether a retry may pass.
      const error = status?.AthenaError;
      const athenas = error?.ErrorCategory === 1 || error?.Retryable === true;
      throw new MedallionError(athenas ? "endpoint" : "usage", `Athena query ${id} failed: ${reason}`);
    }
    if (state === "CANCELLED") {
      throw new MedallionError(
        "cancelled",
        `Athena query ${id} was cancelled (outside Medallion) after ${seconds(statistics.totalExecutionMs)}`,
      );
    }
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, options.pageSize ?? MAX_PAGE_SIZE));
    const first = await this.resultsPage(id, pageSize, undefined, signal);
    const columns = (first.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map(
      (c): AthenaColumn => ({
        name: c.Name ?? c.Label ?? "",
        type: c.Type ?? "unknown",
        ...(c.Type === "decimal" && c.Precision !== undefined
          ? { precision: c.Precision, scale: c.Scale ?? 0 }
          : {}),
      }),
    );
    const firstRows = rowsOf(first);
    // A SELECT's first row repeats the column names; DDL and UTILITY results have no such row.
    const header =
      execution.StatementType === "DML" &&
      firstRows.length > 0 &&
      columns.every((c, i) => firstRows[0]?.[i] === c.name);
    const pages = async function* (this: AthenaQueries): AsyncIterable<AthenaRow[]> {
      yield header ? firstRows.slice(1) : firstRows;
      let token = first.NextToken;
      while (token) {
        const page = await this.resultsPage(id, pageSize, token, signal);
        yield rowsOf(page);
        token = page.NextToken;
      }
    }.bind(this);
    return {
      queryExecutionId: id,
      statementType: execution.StatementType,
      columns,
      ...(first.UpdateCount !== undefined ? { updateCount: Number(first.UpdateCount) } : {}),
      statistics,
      outputLocation: execution.ResultConfiguration?.OutputLocation,
      pages,
    };
  }

  /** Polls until the query ends: waits double from 0.2 s up to `pollInterval`, bounded by `queryTimeout`. */
  private async waitForEnd(
    id: string,
    submitted: number,
    options: AthenaRunOptions,
  ): Promise<NonNullable<GetQueryExecutionCommandOutput["QueryExecution"]>> {
    const cap = this.settings.pollInterval * 1000;
    const deadline = submitted + this.settings.queryTimeout * 1000;
    let wait = Math.min(FIRST_POLL_MS, cap);
    let last: AthenaQueryState | undefined;
    for (;;) {
      const out = await this.send(
        "GetQueryExecution",
        (c, o) => c.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), o),
        options.signal,
      );
      const execution = out.QueryExecution ?? {};
      const state = execution.Status?.State;
      if (state && state !== last) {
        last = state;
        options.onState?.(state, Date.now() - submitted);
      }
      if (state === "SUCCEEDED" || state === "FAILED" || state === "CANCELLED") return execution;
      const left = deadline - Date.now();
      if (left <= 0) throw await this.stop(id, submitted, "timeout");
      await sleep(Math.min(wait, left), options.signal);
      wait = Math.min(wait * 2, cap);
    }
  }

  /** Stops a query we gave up on (Ctrl-C, timeout) and says what it had cost until then. */
  private async stop(id: string, submitted: number, why: "cancelled" | "timeout"): Promise<Error> {
    let scanned = "";
    let statistics: AthenaStatistics | undefined;
    try {
      await this.send("StopQueryExecution", (c, o) =>
        c.send(new StopQueryExecutionCommand({ QueryExecutionId: id }), o),
      );
      const out = await this.send("GetQueryExecution", (c, o) =>
        c.send(new GetQueryExecutionCommand({ QueryExecutionId: id }), o),
      );
      statistics = this.statisticsOf(out.QueryExecution ?? {});
      if (statistics.dataScannedBytes > 0)
        scanned = `; it had scanned ${humanBytes(statistics.dataScannedBytes)} ($${statistics.costUsd.toFixed(4)})`;
    } catch (err) {
      return new MedallionError(
        "endpoint",
        `Athena query ${id} may still be running: stopping it failed (${(err as Error).message}); stop it in the Athena console`,
        { cause: err },
      );
    }
    const elapsed = Date.now() - submitted;
    const error =
      why === "cancelled"
        ? cancelled(id, elapsed, scanned)
        : new MedallionError(
            "endpoint",
            `Athena query ${id} did not finish within ${this.settings.queryTimeout} s (athena.queryTimeout in medallion.yaml): stopped it${scanned}`,
          );
    // What the stopped query had scanned and cost, for the run's usage (athena.ts).
    return Object.assign(error, { statistics });
  }

  private resultsPage(
    id: string,
    pageSize: number,
    token: string | undefined,
    signal?: AbortSignal,
  ): Promise<GetQueryResultsCommandOutput> {
    return this.send(
      "GetQueryResults",
      (c, o) =>
        c.send(
          new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: pageSize, NextToken: token }),
          o,
        ),
      signal,
    );
  }

  private statisticsOf(execution: NonNullable<GetQueryExecutionCommandOutput["QueryExecution"]>) {
    const stats = execution.Statistics ?? {};
    const scanned = Number(stats.DataScannedInBytes ?? 0);
    const state = execution.Status?.State;
    // Athena bills DML by the bytes scanned; DDL and failed queries are free, a cancelled one pays what it read.
    const billed =
      execution.StatementType === "DML" && (state === "SUCCEEDED" || (state === "CANCELLED" && scanned > 0));
    return {
      dataScannedBytes: scanned,
      engineExecutionMs: Number(stats.EngineExecutionTimeInMillis ?? 0),
      totalExecutionMs: Number(stats.TotalExecutionTimeInMillis ?? 0),
      costUsd: billed ? athenaQueryCost(this.options.prices, scanned) : 0,
    };
  }

  /** Sends one call (counted), its error mapped once; an abort rejects with the signal's reason. */
  private async send<O>(
    operation: string,
    call: (client: AthenaClient, options: { abortSignal?: AbortSignal }) => Promise<O>,
    signal?: AbortSignal,
  ): Promise<O> {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    try {
      return await call(this.client, signal ? { abortSignal: signal } : {});
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      throw mapAthenaError(err, {
        operation,
        where: this.options.where,
        workgroup: this.settings.workgroup,
        profile: this.options.profile,
        network: this.options.network,
      });
    }
  }
}

function rowsOf(page: GetQueryResultsCommandOutput): AthenaRow[] {
  return (page.ResultSet?.Rows ?? []).map((row) =>
    (row.Data ?? []).map((datum) => (datum.VarCharValue === undefined ? null : datum.VarCharValue)),
  );
}

function cancelled(id: string | undefined, elapsedMs: number, scanned = ""): MedallionError {
  return new MedallionError(
    "cancelled",
    id
      ? `Athena query ${id} cancelled after ${seconds(elapsedMs)}: stopped it in Athena${scanned}`
      : "Athena query cancelled before it started",
  );
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Waits, or rejects as soon as the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

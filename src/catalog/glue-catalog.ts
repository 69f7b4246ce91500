import {
  BatchCreatePartitionCommand,
  type BatchCreatePartitionResponse,
  BatchDeletePartitionCommand,
  type BatchDeletePartitionResponse,
  BatchUpdatePartitionCommand,
  type BatchUpdatePartitionResponse,
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteTableCommand,
  GetDatabaseCommand,
  GetDatabasesCommand,
  type GetDatabasesResponse,
  GetPartitionsCommand,
  type GetPartitionsResponse,
  GetTableCommand,
  type GetTableResponse,
  GetTablesCommand,
  type GetTablesResponse,
  type GlueClient,
  UpdateTableCommand,
} from "@aws-sdk/client-glue";
import { awsSettings, DEFAULT_NETWORK } from "../aws/client.js";
import type { Config, NetworkSettings } from "../config/index.js";
import type {
  BatchProgress,
  BatchResult,
  Catalog,
  CatalogPartition,
  CatalogTable,
  PartitionFailure,
  PartitionFilter,
} from "./catalog.js";
import { invalidSegments, tableNotFound, wrongValueCount } from "./catalog-errors.js";
import { type EntryError, runBatches } from "./glue-batches.js";
import { type BackoffOptions, GlueCaller } from "./glue-call.js";
import { createGlueClient } from "./glue-client.js";
import { isAccessDenied, isAlreadyExists, isNotFound } from "./glue-errors.js";
import { readSegments } from "./glue-segments.js";
import { fromGluePartition, fromGlueTable, partitionInput, tableInput } from "./storage-descriptor.js";

/** The real Glue limits per call (see reference/aws-facts.md). */
export const GLUE_LIMITS = { create: 100, update: 100, delete: 25, getPartitions: 1000 } as const;

export interface GlueCatalogOptions {
  /** Parallel GetPartitions segments, 1..10 (default 10). */
  segments?: number;
  /** Batch calls in flight at once (default 5). */
  concurrency?: number;
  /** Resends of batch entries Glue reported throttled (default network.throttleRetries), first delay (250 ms). */
  backoff?: Partial<BackoffOptions>;
  /** For messages: the endpoint or region the client talks to. */
  where?: string;
  profile?: string;
  /** Timeouts and retries, for messages (the client applies them). */
  network?: NetworkSettings;
}

function errorsOf(
  errors:
    | {
        PartitionValues?: string[];
        PartitionValueList?: string[];
        ErrorDetail?: { ErrorCode?: string; ErrorMessage?: string };
      }[]
    | undefined,
): EntryError[] {
  return (errors ?? []).map((e) => ({
    values: e.PartitionValues ?? e.PartitionValueList ?? [],
    code: e.ErrorDetail?.ErrorCode ?? "UnknownError",
    message: e.ErrorDetail?.ErrorMessage ?? "no message",
  }));
}

/** The AWS Glue Data Catalog through the SDK v3. */
export class GlueCatalog implements Catalog {
  readonly kind = "glue" as const;
  private readonly caller: GlueCaller;
  private readonly segments: number;
  private readonly concurrency: number;
  /** Tables as last read or written, for partition keys and columns in batch calls; putTable refreshes it. */
  private readonly tables = new Map<string, CatalogTable>();

  constructor(
    private readonly client: GlueClient,
    options: GlueCatalogOptions = {},
  ) {
    const segments = options.segments ?? 10;
    if (!Number.isInteger(segments) || segments < 1 || segments > 10) throw invalidSegments(segments);
    this.segments = segments;
    this.concurrency = Math.max(1, options.concurrency ?? 5);
    const network = options.network ?? DEFAULT_NETWORK;
    const backoff = {
      retries: options.backoff?.retries ?? network.throttleRetries,
      baseMs: options.backoff?.baseMs ?? 250,
    };
    this.caller = new GlueCaller(client, backoff, options.where ?? "AWS Glue", options.profile, network);
  }

  static fromConfig(config: Config, options: GlueCatalogOptions = {}): GlueCatalog {
    const client = createGlueClient(awsSettings(config));
    const where = config.endpointUrl ?? `AWS Glue${config.region ? ` in ${config.region}` : ""}`;
    return new GlueCatalog(client, {
      where,
      profile: config.profile,
      network: config.network,
      segments: config.glue.segments,
      concurrency: config.glue.concurrency,
      ...options,
    });
  }

  get calls(): Record<string, number> {
    return this.caller.calls;
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  private get where(): string {
    return `Glue (${this.caller.context("").where})`;
  }

  async listDatabases(): Promise<string[]> {
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await this.caller.send<GetDatabasesResponse>(
        "GetDatabases",
        new GetDatabasesCommand({ NextToken, MaxResults: 100 }),
      );
      for (const db of page.DatabaseList ?? []) if (db.Name) names.push(db.Name);
      NextToken = page.NextToken;
    } while (NextToken);
    return names.sort();
  }

  async ensureDatabase(database: string): Promise<void> {
    try {
      await this.caller.attempt(
        "CreateDatabase",
        new CreateDatabaseCommand({ DatabaseInput: { Name: database } }),
        { database },
        isAlreadyExists,
      );
    } catch (err) {
      // a role that may not create databases can still use one that exists
      if (!isAccessDenied((err as { cause?: unknown }).cause)) throw err;
      const { error } = await this.caller.attempt(
        "GetDatabase",
        new GetDatabaseCommand({ Name: database }),
        { database },
        isNotFound,
      );
      if (error) throw err;
    }
  }

  async listTables(database: string): Promise<CatalogTable[]> {
    const tables: CatalogTable[] = [];
    let NextToken: string | undefined;
    do {
      const { output, error } = await this.caller.attempt<GetTablesResponse>(
        "GetTables",
        new GetTablesCommand({ DatabaseName: database, NextToken, MaxResults: 100 }),
        { database },
        isNotFound,
      );
      if (error || !output) return []; // no database, no tables
      for (const t of output.TableList ?? []) {
        const table = fromGlueTable(database, t);
        this.tables.set(`${database}.${table.name}`, table);
        tables.push(table);
      }
      NextToken = output.NextToken;
    } while (NextToken);
    return tables.sort((a, b) => a.name.localeCompare(b.name));
  }

  async getTable(database: string, name: string): Promise<CatalogTable | undefined> {
    const { output } = await this.caller.attempt<GetTableResponse>(
      "GetTable",
      new GetTableCommand({ DatabaseName: database, Name: name }),
      { database, table: name },
      isNotFound,
    );
    if (!output?.Table) {
      this.tables.delete(`${database}.${name}`);
      return undefined;
    }
    const table = fromGlueTable(database, output.Table);
    this.tables.set(`${database}.${name}`, table);
    return table;
  }

  async putTable(table: CatalogTable): Promise<void> {
    const target = { database: table.database, table: table.name };
    const TableInput = tableInput(table);
    const { error } = await this.caller.attempt(
      "CreateTable",
      new CreateTableCommand({ DatabaseName: table.database, TableInput }),
      target,
      isAlreadyExists,
    );
    if (error) {
      await this.caller.send(
        "UpdateTable",
        new UpdateTableCommand({ DatabaseName: table.database, TableInput }),
        target,
      );
    }
    this.tables.set(`${table.database}.${table.name}`, table);
  }

  async deleteTable(database: string, name: string): Promise<void> {
    // Glue deletes the table's partitions with it.
    await this.caller.attempt(
      "DeleteTable",
      new DeleteTableCommand({ DatabaseName: database, Name: name }),
      { database, table: name },
      isNotFound,
    );
    this.tables.delete(`${database}.${name}`);
  }

  /** The table, from the cache or Glue; a missing table is an error here (partitions need one). */
  private async tableFor(database: string, name: string): Promise<CatalogTable> {
    const table = this.tables.get(`${database}.${name}`) ?? (await this.getTable(database, name));
    if (!table) throw tableNotFound(database, name, this.where);
    return table;
  }

  async *listPartitions(
    database: string,
    table: string,
    filter?: PartitionFilter,
  ): AsyncIterable<CatalogPartition[]> {
    const described = await this.tableFor(database, table);
    const target = { database, table };
    const pages = readSegments(
      async (Segment, NextToken) => {
        const page = await this.caller.send<GetPartitionsResponse>(
          "GetPartitions",
          new GetPartitionsCommand({
            DatabaseName: database,
            TableName: table,
            MaxResults: GLUE_LIMITS.getPartitions,
            ...(filter?.expression ? { Expression: filter.expression } : {}),
            ...(Segment ? { Segment } : {}),
            ...(NextToken ? { NextToken } : {}),
          }),
          target,
        );
        return { partitions: page.Partitions ?? [], nextToken: page.NextToken };
      },
      this.segments,
      GLUE_LIMITS.getPartitions,
    );
    for await (const page of pages) yield page.map((p) => fromGluePartition(p, described));
  }

  /** Splits off partitions whose value count does not match the table's keys: reported, never sent. */
  private async checked<I>(database: string, table: string, items: I[], valuesOf: (i: I) => string[]) {
    const described = await this.tableFor(database, table);
    const keys = described.partitionKeys.map((k) => k.name);
    const failed: PartitionFailure[] = [];
    const valid: I[] = [];
    for (const item of items) {
      const wrong = wrongValueCount(keys, valuesOf(item));
      if (wrong) failed.push({ values: valuesOf(item), message: wrong });
      else valid.push(item);
    }
    return { described, failed, valid };
  }

  private async batches<I>(
    operation: string,
    database: string,
    table: string,
    items: I[],
    size: number,
    valuesOf: (i: I) => string[],
    okCodes: string[],
    send: (batch: I[], described: CatalogTable) => Promise<EntryError[]>,
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult> {
    const before = this.calls[operation] ?? 0;
    const { described, failed, valid } = await this.checked(database, table, items, valuesOf);
    const result = await runBatches(valid, {
      operation,
      size,
      concurrency: this.concurrency,
      valuesOf,
      okCodes: new Set(okCodes),
      send: (batch) => send(batch, described),
      backoff: this.caller.backoff,
      onProgress,
      alreadyFailed: failed.length,
    });
    return {
      succeeded: result.succeeded,
      alreadyDone: result.alreadyDone,
      failed: [...failed, ...result.failed],
      calls: (this.calls[operation] ?? 0) - before,
    };
  }

  addPartitions(
    database: string,
    table: string,
    partitions: CatalogPartition[],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult> {
    const target = { database, table };
    return this.batches(
      "BatchCreatePartition",
      database,
      table,
      partitions,
      GLUE_LIMITS.create,
      (p) => p.values,
      ["AlreadyExistsException"],
      async (batch, described) => {
        const out = await this.caller.send<BatchCreatePartitionResponse>(
          "BatchCreatePartition",
          new BatchCreatePartitionCommand({
            DatabaseName: database,
            TableName: table,
            PartitionInputList: batch.map((p) => partitionInput(p, described.columns)),
          }),
          target,
        );
        return errorsOf(out.Errors);
      },
      onProgress,
    );
  }

  updatePartitions(
    database: string,
    table: string,
    partitions: CatalogPartition[],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult> {
    const target = { database, table };
    return this.batches(
      "BatchUpdatePartition",
      database,
      table,
      partitions,
      GLUE_LIMITS.update,
      (p) => p.values,
      [],
      async (batch, described) => {
        const out = await this.caller.send<BatchUpdatePartitionResponse>(
          "BatchUpdatePartition",
          new BatchUpdatePartitionCommand({
            DatabaseName: database,
            TableName: table,
            Entries: batch.map((p) => ({
              PartitionValueList: p.values,
              PartitionInput: partitionInput(p, described.columns),
            })),
          }),
          target,
        );
        return errorsOf(out.Errors);
      },
      onProgress,
    );
  }

  deletePartitions(
    database: string,
    table: string,
    values: string[][],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult> {
    const target = { database, table };
    return this.batches(
      "BatchDeletePartition",
      database,
      table,
      values,
      GLUE_LIMITS.delete,
      (v) => v,
      ["EntityNotFoundException"],
      async (batch) => {
        const out = await this.caller.send<BatchDeletePartitionResponse>(
          "BatchDeletePartition",
          new BatchDeletePartitionCommand({
            DatabaseName: database,
            TableName: table,
            PartitionsToDelete: batch.map((Values) => ({ Values })),
          }),
          target,
        );
        return errorsOf(out.Errors);
      },
      onProgress,
    );
  }
}

import type {
  BatchProgress,
  BatchResult,
  Catalog,
  CatalogPartition,
  CatalogTable,
  PartitionFilter,
} from "./catalog.js";

/** A catalog whose implementation is loaded on first use, so start-up never pays for the AWS SDK. */
export class DeferredCatalog implements Catalog {
  private loaded: Catalog | undefined;
  private loading: Promise<Catalog> | undefined;

  constructor(
    readonly kind: Catalog["kind"],
    private readonly load: () => Promise<Catalog>,
  ) {}

  private catalog(): Promise<Catalog> {
    this.loading ??= this.load().then((c) => {
      this.loaded = c;
      return c;
    });
    return this.loading;
  }

  get calls(): Record<string, number> {
    return this.loaded?.calls ?? {};
  }

  async listDatabases(): Promise<string[]> {
    return (await this.catalog()).listDatabases();
  }
  async ensureDatabase(database: string): Promise<void> {
    return (await this.catalog()).ensureDatabase(database);
  }
  async listTables(database: string): Promise<CatalogTable[]> {
    return (await this.catalog()).listTables(database);
  }
  async getTable(database: string, name: string): Promise<CatalogTable | undefined> {
    return (await this.catalog()).getTable(database, name);
  }
  async putTable(table: CatalogTable): Promise<void> {
    return (await this.catalog()).putTable(table);
  }
  async deleteTable(database: string, name: string): Promise<void> {
    return (await this.catalog()).deleteTable(database, name);
  }
  async *listPartitions(
    database: string,
    table: string,
    filter?: PartitionFilter,
  ): AsyncIterable<CatalogPartition[]> {
    yield* (await this.catalog()).listPartitions(database, table, filter);
  }
  async addPartitions(
    database: string,
    table: string,
    partitions: CatalogPartition[],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult> {
    return (await this.catalog()).addPartitions(database, table, partitions, onProgress);
  }
  async updatePartitions(
    database: string,
    table: string,
    partitions: CatalogPartition[],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult> {
    return (await this.catalog()).updatePartitions(database, table, partitions, onProgress);
  }
  async deletePartitions(
    database: string,
    table: string,
    values: string[][],
    onProgress?: (p: BatchProgress) => void,
  ): Promise<BatchResult> {
    return (await this.catalog()).deletePartitions(database, table, values, onProgress);
  }
  async close(): Promise<void> {
    await this.loaded?.close?.();
  }
}

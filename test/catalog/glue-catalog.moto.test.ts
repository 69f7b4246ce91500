import { randomUUID } from "node:crypto";
import { GetPartitionsCommand, GetTableCommand, type GlueClient } from "@aws-sdk/client-glue";
import { describe, expect, inject, it } from "vitest";
import { GlueCatalog } from "../../src/catalog/glue-catalog.js";
import { createGlueClient } from "../../src/catalog/glue-client.js";
import { openCatalog } from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { MedallionError, NotFoundError } from "../../src/errors.js";
import { allPartitions, monthlyPartitions, ordersTable, sortedKeys, tempDir } from "./helpers.js";

const endpoint = inject("motoEndpoint");

function glue(options: ConstructorParameters<typeof GlueCatalog>[1] = {}): {
  catalog: GlueCatalog;
  client: GlueClient;
} {
  const client = createGlueClient({ region: "us-east-1", endpointUrl: endpoint });
  return { catalog: new GlueCatalog(client, { where: endpoint, ...options }), client };
}

const uniqueDatabase = () => `db_${randomUUID().replaceAll("-", "").slice(0, 12)}`;

describe("GlueCatalog on moto", () => {
  it("creates a database once and lists it", async () => {
    const { catalog } = glue();
    const database = uniqueDatabase();
    await catalog.ensureDatabase(database);
    await catalog.ensureDatabase(database);
    expect(await catalog.listDatabases()).toContain(database);
    expect(catalog.calls.CreateDatabase).toBe(2);
  });

  it("registers a Parquet table as Athena needs it, then updates it in place", async () => {
    const { catalog, client } = glue();
    const database = uniqueDatabase();
    await catalog.ensureDatabase(database);
    await catalog.putTable(ordersTable(database));
    const raw = (await client.send(new GetTableCommand({ DatabaseName: database, Name: "sales_orders" })))
      .Table;
    expect(raw?.TableType).toBe("EXTERNAL_TABLE");
    expect(raw?.Parameters).toMatchObject({ classification: "parquet", EXTERNAL: "TRUE" });
    expect(raw?.PartitionKeys?.map((k) => k.Name)).toEqual(["year", "month"]);
    expect(raw?.StorageDescriptor).toMatchObject({
      Location: "s3://lake/silver/sales/orders/",
      InputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
      OutputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
      SerdeInfo: { SerializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
      Columns: [
        { Name: "order_id", Type: "bigint" },
        { Name: "amount", Type: "decimal(10,2)" },
      ],
    });

    const wider = ordersTable(database, {
      columns: [...ordersTable(database).columns, { name: "status", type: "string" }],
      description: "orders, cleansed",
    });
    await catalog.putTable(wider);
    expect(catalog.calls.UpdateTable).toBe(1);
    expect(await catalog.getTable(database, "sales_orders")).toEqual(wider);
    expect((await catalog.listTables(database)).map((t) => t.name)).toEqual(["sales_orders"]);
  });

  it("registers JSON lines and CSV tables with the SerDe Athena reads them with", async () => {
    const { catalog, client } = glue();
    const database = uniqueDatabase();
    await catalog.ensureDatabase(database);
    await catalog.putTable(ordersTable(database, { name: "events_json", format: "json" }));
    await catalog.putTable(ordersTable(database, { name: "events_csv", format: "csv" }));
    const json = (await client.send(new GetTableCommand({ DatabaseName: database, Name: "events_json" })))
      .Table;
    expect(json?.StorageDescriptor).toMatchObject({
      InputFormat: "org.apache.hadoop.mapred.TextInputFormat",
      OutputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
      SerdeInfo: { SerializationLibrary: "org.openx.data.jsonserde.JsonSerDe" },
    });
    expect(json?.Parameters?.classification).toBe("json");
    const csv = (await client.send(new GetTableCommand({ DatabaseName: database, Name: "events_csv" })))
      .Table;
    expect(csv?.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(
      "org.apache.hadoop.hive.serde2.OpenCSVSerde",
    );
    expect(csv?.StorageDescriptor?.InputFormat).toBe("org.apache.hadoop.mapred.TextInputFormat");
    expect(csv?.Parameters).toMatchObject({ classification: "csv", "skip.header.line.count": "1" });
    expect((await catalog.getTable(database, "events_csv"))?.format).toBe("csv");
    expect((await catalog.getTable(database, "events_json"))?.format).toBe("json");
  });

  it("answers undefined for a missing table and no tables for a missing database", async () => {
    const { catalog } = glue();
    const database = uniqueDatabase();
    expect(await catalog.getTable(database, "nope")).toBeUndefined();
    expect(await catalog.listTables(database)).toEqual([]);
    await catalog.ensureDatabase(database);
    expect(await catalog.getTable(database, "nope")).toBeUndefined();
  });

  it("adds 1,234 partitions in batches of 100 and reads them all back once through 10 segments", async () => {
    const { catalog, client } = glue({ segments: 10 });
    const database = uniqueDatabase();
    await catalog.ensureDatabase(database);
    await catalog.putTable(ordersTable(database));
    const partitions = monthlyPartitions(1234);
    const progress: number[] = [];
    const added = await catalog.addPartitions(database, "sales_orders", partitions, (p) =>
      progress.push(p.done),
    );
    expect(added).toEqual({ succeeded: 1234, alreadyDone: 0, failed: [], calls: 13 });
    expect(progress.sort((a, b) => a - b).at(-1)).toBe(1234);
    expect(progress).toHaveLength(13);

    const listed = await allPartitions(catalog, database, "sales_orders");
    // moto returns every partition to every segment: the catalog must still yield each once
    expect(listed).toHaveLength(1234);
    expect(sortedKeys(listed)).toEqual(sortedKeys(partitions));
    expect(listed).toContainEqual(partitions[1233]);
    // moto answered segment 0 with everything in one page (over MaxResults): no other segment was read
    expect(catalog.calls.GetPartitions).toBe(1);

    // each partition carries the table's SerDe and columns, as Athena reads partitions by their own descriptor
    const raw = await client.send(
      new GetPartitionsCommand({ DatabaseName: database, TableName: "sales_orders" }),
    );
    const sd = raw.Partitions?.[0]?.StorageDescriptor;
    expect(sd?.SerdeInfo?.SerializationLibrary).toBe(
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    );
    expect(sd?.Columns?.map((c) => c.Name)).toEqual(["order_id", "amount"]);
  });

  it("counts partitions that already exist (AlreadyExistsException in Errors) apart from the added", async () => {
    const { catalog } = glue();
    const database = uniqueDatabase();
    await catalog.ensureDatabase(database);
    await catalog.putTable(ordersTable(database));
    await catalog.addPartitions(database, "sales_orders", monthlyPartitions(150));
    const again = await catalog.addPartitions(database, "sales_orders", monthlyPartitions(250));
    expect(again).toEqual({ succeeded: 100, alreadyDone: 150, failed: [], calls: 3 });
    expect(await allPartitions(catalog, database, "sales_orders")).toHaveLength(250);
  });

  it("updates partition locations and reports the ones Glue does not have", async () => {
    const { catalog } = glue();
    const database = uniqueDatabase();
    await catalog.ensureDatabase(database);
    await catalog.putTable(ordersTable(database));
    await catalog.addPartitions(database, "sales_orders", monthlyPartitions(3));
    const moved = { values: ["2000", "02"], location: "s3://lake/moved/", format: "parquet" as const };
    const result = await catalog.updatePartitions(database, "sales_orders", [
      moved,
      { values: ["1999", "01"], location: "s3://lake/nowhere/", format: "parquet" },
    ]);
    expect(result.succeeded).toBe(1);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]?.values).toEqual(["1999", "01"]);
    expect(result.failed[0]?.message).toMatch(/^EntityNotFoundException: /);
    expect(await allPartitions(catalog, database, "sales_orders")).toContainEqual(moved);
  });

  it("deletes in batches of 25 and counts partitions already gone apart from the deleted", async () => {
    const { catalog } = glue();
    const database = uniqueDatabase();
    await catalog.ensureDatabase(database);
    await catalog.putTable(ordersTable(database));
    await catalog.addPartitions(database, "sales_orders", monthlyPartitions(60));
    const doomed = monthlyPartitions(60)
      .slice(0, 50)
      .map((p) => p.values);
    const missing = [
      ["1990", "01"],
      ["1990", "02"],
    ];
    const result = await catalog.deletePartitions(database, "sales_orders", [...doomed, ...missing]);
    expect(result).toEqual({ succeeded: 50, alreadyDone: 2, failed: [], calls: 3 });
    expect(sortedKeys(await allPartitions(catalog, database, "sales_orders"))).toEqual(
      sortedKeys(monthlyPartitions(60).slice(50)),
    );
  });

  it("reports partitions with the wrong number of values without sending them", async () => {
    const { catalog } = glue();
    const database = uniqueDatabase();
    await catalog.ensureDatabase(database);
    await catalog.putTable(ordersTable(database));
    const result = await catalog.addPartitions(database, "sales_orders", [
      { values: ["2024", "01", "15"], location: "s3://lake/x/", format: "parquet" },
    ]);
    expect(result).toEqual({
      succeeded: 0,
      alreadyDone: 0,
      failed: [
        { values: ["2024", "01", "15"], message: "expected 2 partition value(s) (year, month), got 3" },
      ],
      calls: 0,
    });
  });

  it("says in one line which table or database is missing", async () => {
    const { catalog } = glue();
    const database = uniqueDatabase();
    await catalog.ensureDatabase(database);
    const noTable = await catalog
      .addPartitions(database, "nope", monthlyPartitions(1))
      .catch((e: unknown) => e);
    expect(noTable).toBeInstanceOf(NotFoundError);
    expect((noTable as Error).message).toBe(
      `table ${database}.nope not found in Glue (${endpoint}): run \`medallion catalog register <table>\` first`,
    );
    const noDatabase = await catalog.putTable(ordersTable(`${database}_gone`)).catch((e: unknown) => e);
    expect(noDatabase).toBeInstanceOf(NotFoundError);
    expect((noDatabase as Error).message).toMatch(new RegExp(`^database ${database}_gone not found in Glue`));
    await expect(allPartitions(catalog, database, "nope")).rejects.toThrow(/table .*\.nope not found/);
  });

  it("says the endpoint cannot be reached, in one line", async () => {
    const client = createGlueClient({ region: "us-east-1", endpointUrl: "http://127.0.0.1:9" });
    const catalog = new GlueCatalog(client, { where: "http://127.0.0.1:9" });
    const err = await catalog.listDatabases().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MedallionError);
    expect((err as MedallionError).code).toBe("endpoint");
    expect((err as Error).message).toBe(
      "Glue GetDatabases failed: cannot reach http://127.0.0.1:9 (ECONNREFUSED); retried 1 time: check --endpoint-url and the network",
    );
  });

  it("is what openCatalog gives for catalog: glue, with the SDK loaded on first use", async () => {
    const config = loadConfig(
      { lake: tempDir("lake"), catalog: "glue", endpointUrl: endpoint, region: "us-east-1" },
      tempDir("cwd"),
    );
    const catalog = openCatalog(config);
    expect(catalog.kind).toBe("glue");
    expect(catalog.calls).toEqual({});
    const database = uniqueDatabase();
    await catalog.ensureDatabase(database);
    await catalog.putTable(ordersTable(database));
    await catalog.addPartitions(database, "sales_orders", monthlyPartitions(5));
    expect(await allPartitions(catalog, database, "sales_orders")).toHaveLength(5);
    expect(catalog.calls).toMatchObject({ CreateDatabase: 1, CreateTable: 1, BatchCreatePartition: 1 });
  });
});

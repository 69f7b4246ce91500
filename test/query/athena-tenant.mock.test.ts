// `--tenant acme` with Athena: the SQL runs on the account's tables, so each table it names is checked
// against the tenant's catalog (name and location acme's) before Athena is called. Glue and Athena
// through the real SDK with mocked clients.
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { EntityNotFoundException, GetTableCommand, GlueClient } from "@aws-sdk/client-glue";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";
import { openLake } from "../../src/lake/index.js";
import { profileQuery } from "../../src/profile/index.js";
import { runQuery } from "../../src/query/index.js";

const athena = mockClient(AthenaClient);
const glue = mockClient(GlueClient);
afterAll(() => {
  athena.restore();
  glue.restore();
});

/** Glue's tables: acme's and globex's orders, and one named like acme's over globex's files. */
const LOCATIONS: Record<string, string> = {
  acme_sales_orders: "s3://lake/prod/bronze/tenant=acme/sales/orders/",
  globex_sales_orders: "s3://lake/prod/bronze/tenant=globex/sales/orders/",
  acme_borrowed: "s3://lake/prod/bronze/tenant=globex/sales/orders/",
};

const lake = () =>
  openLake({
    ...loadConfig({
      lake: "s3://lake/prod",
      catalog: "glue",
      engine: "athena",
      region: "us-east-1",
      tenant: "acme",
    }),
    athena: {
      workgroup: "acme",
      outputLocation: "s3://results/acme/",
      pollInterval: 0.01,
      queryTimeout: 60,
      database: "bronze",
    },
  });

beforeEach(() => {
  athena.reset();
  glue.reset();
  glue.on(GetTableCommand).callsFake((input) => {
    const location = LOCATIONS[input.Name];
    if (input.DatabaseName !== "bronze" || location === undefined)
      throw new EntityNotFoundException({ message: "Table not found", $metadata: { httpStatusCode: 400 } });
    return {
      Table: {
        Name: input.Name,
        DatabaseName: "bronze",
        StorageDescriptor: { Location: location, Columns: [{ Name: "status", Type: "string" }] },
        PartitionKeys: [],
      },
    };
  });
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: "q-1" });
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: {
      QueryExecutionId: "q-1",
      StatementType: "DML",
      Status: { State: "SUCCEEDED" },
      Statistics: {},
    },
  });
  athena.on(GetQueryResultsCommand).resolves({
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: [{ Name: "n", Type: "bigint" }] },
      Rows: [{ Data: [{ VarCharValue: "n" }] }, { Data: [{ VarCharValue: "7" }] }],
    },
  });
});

describe("an Athena query with --tenant", () => {
  it("runs when every table it names is the tenant's, by name and by location", async () => {
    const result = await runQuery(
      lake(),
      "select count(*) n from bronze.acme_sales_orders a join acme_sales_orders b using (status)",
      "athena",
    );
    expect(result.values).toEqual([[7]]);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(1);
  });

  it("is refused before Athena is called when it names another tenant's table, or one only named like the tenant's", async () => {
    for (const [sql, table] of [
      ["select count(*) from bronze.globex_sales_orders", "bronze.globex_sales_orders"],
      [
        "with t as (select 1) select * from t, bronze.acme_sales_orders, globex_sales_orders",
        "bronze.globex_sales_orders",
      ],
      ["select * from bronze.acme_borrowed", "bronze.acme_borrowed"],
    ]) {
      await expect(runQuery(lake(), sql as string, "athena")).rejects.toThrow(
        `refused to query ${table} on Athena: not a table of tenant acme`,
      );
    }
    // Profiling a query's rows (a on Athena's results) is checked alike.
    await expect(
      profileQuery(lake(), "select status from bronze.globex_sales_orders", {
        engine: "athena",
        resultColumns: [{ name: "status", type: "varchar" }],
      }),
    ).rejects.toThrow("refused to query bronze.globex_sales_orders on Athena");
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it("refuses, rather than sends unchecked, a query whose tables cannot be read", async () => {
    await expect(runQuery(lake(), "select * from bronze.acme_sales_orders where", "athena")).rejects.toThrow(
      /with tenant acme, the tables of an Athena query are checked before it runs, and this one could not be read for that \(DuckDB: Parser Error/,
    );
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });
});

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { LocalCatalog, localCatalogFile } from "../../src/catalog/index.js";
import { MedallionError, NotFoundError } from "../../src/errors.js";
import { allPartitions, monthlyPartitions, ordersTable, runFixture, sortedKeys, tempDir } from "./helpers.js";

function freshCatalog(): { catalog: LocalCatalog; file: string } {
  const file = localCatalogFile({ kind: "local", path: tempDir("lake") });
  return { catalog: new LocalCatalog(file), file };
}

async function withOrders(catalog: LocalCatalog): Promise<void> {
  await catalog.ensureDatabase("silver");
  await catalog.putTable(ordersTable("silver"));
}

describe("LocalCatalog", () => {
  it("lives in <lake>/_medallion/catalog.sqlite and reading an empty lake leaves no file", async () => {
    const lake = tempDir("lake");
    const file = localCatalogFile({ kind: "local", path: lake });
    expect(file).toBe(path.join(lake, "_medallion", "catalog.sqlite"));
    const catalog = new LocalCatalog(file);
    expect(await catalog.listDatabases()).toEqual([]);
    expect(await catalog.listTables("silver")).toEqual([]);
    expect(await catalog.getTable("silver", "sales_orders")).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    await catalog.ensureDatabase("silver");
    expect(existsSync(file)).toBe(true);
  });

  it("creates databases once and lists them", async () => {
    const { catalog } = freshCatalog();
    await catalog.ensureDatabase("silver");
    await catalog.ensureDatabase("bronze");
    await catalog.ensureDatabase("silver");
    expect(await catalog.listDatabases()).toEqual(["bronze", "silver"]);
  });

  it("creates a table, then updates it in place", async () => {
    const { catalog } = freshCatalog();
    await withOrders(catalog);
    expect(await catalog.getTable("silver", "sales_orders")).toEqual(ordersTable("silver"));
    const wider = ordersTable("silver", {
      columns: [...ordersTable("silver").columns, { name: "status", type: "string", comment: "order state" }],
      description: "orders, cleansed",
    });
    await catalog.putTable(wider);
    expect(await catalog.getTable("silver", "sales_orders")).toEqual(wider);
    expect((await catalog.listTables("silver")).map((t) => t.name)).toEqual(["sales_orders"]);
  });

  it("refuses a table in a database that does not exist, in one line", async () => {
    const { catalog } = freshCatalog();
    await catalog.ensureDatabase("silver");
    const err = await catalog.putTable(ordersTable("gold")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as Error).message).toMatch(
      /^database gold not found in the local catalog .*: run `medallion catalog register/,
    );
    expect((err as Error).message).not.toContain("\n");
  });

  it("says the table is missing when listing or adding partitions of an unknown table", async () => {
    const { catalog } = freshCatalog();
    await catalog.ensureDatabase("silver");
    await expect(allPartitions(catalog, "silver", "nope")).rejects.toThrow(/table silver\.nope not found/);
    await expect(catalog.addPartitions("silver", "nope", monthlyPartitions(1))).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("adds partitions, counts an existing one as already there (not added) and keeps values with any characters", async () => {
    const { catalog } = freshCatalog();
    await withOrders(catalog);
    const odd = { values: ['2024/"x"', "é=1 %2F"], location: "s3://lake/odd/", format: "json" as const };
    const first = await catalog.addPartitions("silver", "sales_orders", [...monthlyPartitions(30), odd]);
    expect(first).toMatchObject({ succeeded: 31, failed: [] });
    const again = await catalog.addPartitions("silver", "sales_orders", monthlyPartitions(40));
    expect(again).toMatchObject({ succeeded: 10, alreadyDone: 30, failed: [] });
    const stored = await allPartitions(catalog, "silver", "sales_orders");
    expect(stored).toHaveLength(41);
    expect(stored).toContainEqual(odd);
    expect(stored).toContainEqual(monthlyPartitions(1)[0]);
  });

  it("reports a partition with the wrong number of values and writes none of it", async () => {
    const { catalog } = freshCatalog();
    await withOrders(catalog);
    const result = await catalog.addPartitions("silver", "sales_orders", [
      ...monthlyPartitions(2),
      { values: ["2024"], location: "s3://lake/x/", format: "parquet" },
    ]);
    expect(result.succeeded).toBe(2);
    expect(result.failed).toEqual([
      { values: ["2024"], message: "expected 2 partition value(s) (year, month), got 1" },
    ]);
    expect(await allPartitions(catalog, "silver", "sales_orders")).toHaveLength(2);
  });

  it("updates locations and columns, and reports partitions that are not there", async () => {
    const { catalog } = freshCatalog();
    await withOrders(catalog);
    await catalog.addPartitions("silver", "sales_orders", monthlyPartitions(3));
    const moved = {
      values: ["2000", "02"],
      location: "s3://lake/moved/",
      format: "parquet" as const,
      columns: [{ name: "order_id", type: "string" }],
    };
    const result = await catalog.updatePartitions("silver", "sales_orders", [
      moved,
      { values: ["1999", "01"], location: "s3://x/", format: "parquet" },
    ]);
    expect(result.succeeded).toBe(1);
    expect(result.failed).toEqual([
      { values: ["1999", "01"], message: "partition not found in the catalog" },
    ]);
    expect(await allPartitions(catalog, "silver", "sales_orders")).toContainEqual(moved);
    expect(await allPartitions(catalog, "silver", "sales_orders")).toHaveLength(3);
  });

  it("deletes partitions and counts one already gone apart from the deleted", async () => {
    const { catalog } = freshCatalog();
    await withOrders(catalog);
    await catalog.addPartitions("silver", "sales_orders", monthlyPartitions(5));
    const result = await catalog.deletePartitions("silver", "sales_orders", [
      ["2000", "01"],
      ["2000", "03"],
      ["1999", "12"],
    ]);
    expect(result).toMatchObject({ succeeded: 2, alreadyDone: 1, failed: [] });
    expect(sortedKeys(await allPartitions(catalog, "silver", "sales_orders"))).toEqual([
      "2000/02",
      "2000/04",
      "2000/05",
    ]);
  });

  it("reports progress per batch up to the total", async () => {
    const file = localCatalogFile({ kind: "local", path: tempDir("lake") });
    const catalog = new LocalCatalog(file, { batchSize: 100 });
    await withOrders(catalog);
    const seen: number[] = [];
    const result = await catalog.addPartitions("silver", "sales_orders", monthlyPartitions(250), (p) => {
      expect(p.total).toBe(250);
      seen.push(p.done);
    });
    expect(seen).toEqual([100, 200, 250]);
    expect(result.calls).toBe(3);
  });

  it("adds and lists 100,000 partitions in pages of at most 1,000", async () => {
    const { catalog } = freshCatalog();
    await withOrders(catalog);
    const partitions = monthlyPartitions(100_000);
    const started = performance.now();
    const added = await catalog.addPartitions("silver", "sales_orders", partitions);
    const addedMs = performance.now() - started;
    let pages = 0;
    let largest = 0;
    const listed: string[] = [];
    for await (const page of catalog.listPartitions("silver", "sales_orders")) {
      pages++;
      largest = Math.max(largest, page.length);
      for (const p of page) listed.push(p.values.join("/"));
    }
    const totalMs = performance.now() - started;
    console.log(
      `local catalog: add 100,000 partitions ${addedMs.toFixed(0)} ms, add + list ${totalMs.toFixed(0)} ms`,
    );
    expect(added).toMatchObject({ succeeded: 100_000, failed: [], calls: 20 });
    expect(pages).toBe(100);
    expect(largest).toBe(1000);
    expect(new Set(listed).size).toBe(100_000);
    expect(listed.sort()).toEqual(sortedKeys(partitions));
  });

  it("loses nothing when two processes add partitions at the same time", async () => {
    const { catalog, file } = freshCatalog();
    await catalog.ensureDatabase("db");
    await catalog.putTable(
      ordersTable("db", {
        name: "t",
        partitionKeys: [
          { name: "side", type: "string" },
          { name: "n", type: "string" },
        ],
      }),
    );
    const child = runFixture("local-writer.ts", [file, "add", "20000", "200"]);
    await child.printed("ready");
    const parent = new LocalCatalog(file, { batchSize: 200 });
    const mine = Array.from({ length: 20_000 }, (_, i) => ({
      values: ["parent", String(i)],
      location: `/lake/t/side=parent/n=${i}`,
      format: "parquet" as const,
    }));
    const result = await parent.addPartitions("db", "t", mine);
    await child.done;
    expect(child.stderr).toBe("");
    expect(child.code).toBe(0);
    expect(JSON.parse(child.stdout.split("\n")[1] ?? "{}")).toMatchObject({ succeeded: 20_000, failed: [] });
    expect(result).toMatchObject({ succeeded: 20_000, failed: [] });
    const stored = await allPartitions(parent, "db", "t");
    expect(stored.filter((p) => p.values[0] === "parent")).toHaveLength(20_000);
    expect(stored.filter((p) => p.values[0] === "child")).toHaveLength(20_000);
  });

  it("keeps a batch all-or-nothing when its writer is killed mid-transaction", async () => {
    const { catalog, file } = freshCatalog();
    await catalog.ensureDatabase("db");
    await catalog.putTable(
      ordersTable("db", {
        name: "t",
        partitionKeys: [
          { name: "side", type: "string" },
          { name: "n", type: "string" },
        ],
      }),
    );
    await catalog.close();
    // batches of 1,000; the writer dies inside its second batch, at partition 1,500
    const child = runFixture("local-writer.ts", [file, "die-mid-batch", "1500", "1000"]);
    await child.done;
    expect(child.signal).toBe("SIGKILL");
    expect(child.stdout).toBe("");

    const after = new LocalCatalog(file);
    const stored = await allPartitions(after, "db", "t");
    expect(stored).toHaveLength(1000);
    expect(sortedKeys(stored)).toEqual(
      sortedKeys(Array.from({ length: 1000 }, (_, i) => ({ values: ["child", String(i)] }))),
    );
    const check = new Database(file, { readonly: true });
    expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
    check.close();
    // and it takes writes again
    const more = await after.addPartitions("db", "t", [
      { values: ["x", "1"], location: "/l", format: "parquet" },
    ]);
    expect(more.succeeded).toBe(1);
  });

  it("names a damaged catalog file and what to do, in one line", async () => {
    const lake = tempDir("lake");
    const file = localCatalogFile({ kind: "local", path: lake });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, "this is not a database, it is a text file that got copied over it".repeat(100));
    const err = await new LocalCatalog(file).listDatabases().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MedallionError);
    expect((err as MedallionError).code).toBe("corrupt");
    expect((err as Error).message).toContain(file);
    expect((err as Error).message).toMatch(/move it aside/);
  });
});

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { LocalCatalog, localCatalogFile } from "../../src/catalog/index.js";
import { duckdb, filesUnder, ingestLake, medallion } from "./ingest-fixture.js";

async function catalogPartitions(root: string, table: string): Promise<string[]> {
  const catalog = new LocalCatalog(localCatalogFile({ kind: "local", path: root }));
  const out: string[] = [];
  try {
    for await (const page of catalog.listPartitions("bronze", table)) {
      for (const p of page) out.push(`${p.values.join("/")} ${p.format} ${path.relative(root, p.location)}`);
    }
    const columns = (await catalog.getTable("bronze", table))?.columns.map((c) => c.name) ?? [];
    return [...out.sort(), `columns: ${columns.join(", ")}`];
  } finally {
    await catalog.close();
  }
}

describe("medallion ingest into a local lake", () => {
  it("lands gzipped CSV under its Hive folders as delivered, plus _ingestion_timestamp and _source_file, and registers the partition", async () => {
    const { root, landing } = await ingestLake();
    const before = Date.now();
    const done = medallion(root, ["ingest", path.join(landing, "customers"), "bronze/shop/customers"]);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/ingested 1 file from .*customers → bronze\/shop\/customers/);
    expect(done.stdout).toMatch(/customers\.csv\.gz: 3 rows → year=2024\/month=01\/day=15/);
    const files = filesUnder(path.join(root, "bronze/shop/customers"));
    expect(files).toEqual([
      expect.stringMatching(/^year=2024\/month=01\/day=15\/customers-[0-9a-f]{8}\.csv\.gz$/),
    ]);
    const written = path.join(root, "bronze/shop/customers", files[0] as string);
    // As delivered: the same header and fields (quoting, the leading zero, the empty and the missing value).
    const text = gunzipSync(readFileSync(written)).toString("utf8").split("\n");
    expect(text[0]).toBe("customer_id,name,email,updated_at,_ingestion_timestamp,_source_file");
    expect(text[1]).toMatch(/^1,"Ann, B",A@X\.COM,2024-01-15T08:00:00Z,/);
    expect(text[2]).toMatch(/^2,,"",2024-01-15 09:00:00,/);
    const rows = await duckdb(
      `SELECT customer_id, _source_file, _ingestion_timestamp::VARCHAR AS at FROM read_csv('${written}', all_varchar = true)`,
    );
    expect(rows.map((r) => r.customer_id)).toEqual(["1", "2", "007"]);
    const source = path.join(landing, "customers/year=2024/month=01/day=15/customers.csv.gz");
    expect(new Set(rows.map((r) => r._source_file))).toEqual(new Set([source]));
    const at = Date.parse(`${String(rows[0]?.at).replace(" ", "T")}Z`);
    expect(at).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
    expect(new Set(rows.map((r) => r.at)).size).toBe(1);
    expect(await catalogPartitions(root, "shop_customers")).toEqual([
      "2024/01/15 csv bronze/shop/customers/year=2024/month=01/day=15",
      "columns: customer_id, name, email, updated_at, _ingestion_timestamp, _source_file",
    ]);
    // Staging is gone; the run's journal stays.
    expect(filesUnder(path.join(root, "_medallion")).filter((f) => !f.startsWith("catalog"))).toEqual([
      expect.stringMatching(/^runs\/.*\.json$/),
    ]);
  }, 60_000);

  it("names JSON lines partitions from a path pattern and keeps every value", async () => {
    const { root, landing } = await ingestLake();
    const done = medallion(root, ["ingest", path.join(landing, "events"), "bronze/shop/events", "--json"]);
    expect(done.status, done.stderr).toBe(0);
    const result = JSON.parse(done.stdout);
    expect(result.rows).toBe(2);
    expect(result.files[0].partitions.map((p: { path: string }) => p.path)).toEqual([
      "year=2024/month=01/day=15",
    ]);
    const folder = path.join(root, "bronze/shop/events/year=2024/month=01/day=15");
    const [name] = filesUnder(folder);
    expect(name).toMatch(/^events-[0-9a-f]{8}\.jsonl$/);
    const lines = readFileSync(path.join(folder, name as string), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      id: 1,
      kind: "view",
      amount: 1.5,
      tags: ["a", "b"],
      at: "2024-01-15T08:00:00Z",
    });
    expect(lines[1]).toMatchObject({ id: 2, extra: { coupon: "X" } });
    expect(lines[1]._source_file).toBe(path.join(landing, "events/2024-01-15/events.jsonl"));
    // No partition column in the file: the values are in the folder names only.
    expect(Object.keys(lines[0])).not.toContain("year");
  }, 60_000);

  it("splits Parquet by a timestamp column, rows without one in Hive's default partition", async () => {
    const { root, landing } = await ingestLake();
    const done = medallion(root, ["ingest", path.join(landing, "payments"), "bronze/shop/payments"]);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/1 row with no date in the partitionFrom column/);
    const table = path.join(root, "bronze/shop/payments");
    expect(filesUnder(table).map((f) => path.dirname(f))).toEqual([
      "year=2024/month=01",
      "year=2024/month=02",
      "year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__",
    ]);
    const rows = await duckdb(
      `SELECT payment_id, amount::VARCHAR AS amount, typeof(amount) AS type, month, _source_file FROM read_parquet('${table}/**/*.parquet', hive_partitioning = true) ORDER BY payment_id`,
    );
    expect(rows.map((r) => [r.payment_id, r.amount, r.type, r.month])).toEqual([
      ["P1", "10.50", "DECIMAL(10,2)", "01"],
      ["P2", "20.00", "DECIMAL(10,2)", "02"],
      ["P3", "5.00", "DECIMAL(10,2)", null],
    ]);
    expect((await catalogPartitions(root, "shop_payments")).slice(0, 2)).toEqual([
      "2024/01 parquet bronze/shop/payments/year=2024/month=01",
      "2024/02 parquet bronze/shop/payments/year=2024/month=02",
    ]);
  }, 60_000);

  it("leaves out a file already ingested, and with --force replaces its rows instead of doubling them", async () => {
    const { root, landing } = await ingestLake();
    const source = path.join(landing, "customers");
    expect(medallion(root, ["ingest", source, "bronze/shop/customers"]).status).toBe(0);
    const again = medallion(root, ["ingest", source, "bronze/shop/customers"]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/nothing to ingest into bronze\/shop\/customers: 1 file .* already in it/);
    const count = async () =>
      (
        await duckdb(`SELECT count(*)::INT AS n FROM read_csv('${root}/bronze/shop/customers/**/*.csv.gz')`)
      )[0]?.n;
    expect(await count()).toBe(3);
    const forced = medallion(root, ["ingest", source, "bronze/shop/customers", "--force"]);
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/3 rows → year=2024\/month=01\/day=15 .*, replacing its earlier rows/);
    expect(await count()).toBe(3);
    expect(filesUnder(path.join(root, "bronze/shop/customers"))).toHaveLength(1);
  }, 60_000);

  it("with --force moves a file's rows where its new content puts them, leaving none where they were", async () => {
    const { root, landing } = await ingestLake();
    const source = path.join(landing, "payments");
    expect(medallion(root, ["ingest", source, "bronze/shop/payments"]).status).toBe(0);
    // The file is delivered again, corrected: one payment, in February only.
    await duckdb(
      `COPY (SELECT 'P2' AS payment_id, 21.0::DECIMAL(10,2) AS amount, TIMESTAMP '2024-02-01 01:00:00' AS paid_at) TO '${source}/payments.parquet' (FORMAT parquet)`,
    );
    const forced = medallion(root, ["ingest", source, "bronze/shop/payments", "--force"]);
    expect(forced.status, forced.stderr).toBe(0);
    const table = path.join(root, "bronze/shop/payments");
    expect(filesUnder(table).map((f) => path.dirname(f))).toEqual(["year=2024/month=02"]);
    const rows = await duckdb(
      `SELECT payment_id, amount::VARCHAR AS amount FROM read_parquet('${table}/**/*.parquet')`,
    );
    expect(rows).toEqual([{ payment_id: "P2", amount: "21.00" }]);
    // January is empty now: the catalog dropped it with the commit (the null partition too).
    expect(await catalogPartitions(root, "shop_payments")).toEqual([
      "2024/02 parquet bronze/shop/payments/year=2024/month=02",
      "columns: payment_id, amount, paid_at, _ingestion_timestamp, _source_file",
    ]);
  }, 60_000);

  it("lands a file in an unpartitioned table's folder, and `runs show` counts the ingest's files", async () => {
    const { root, landing } = await ingestLake();
    const file = path.join(landing, "customers/year=2024/month=01/day=15/customers.csv.gz");
    const done = medallion(root, ["ingest", file, "bronze/shop/notes", "--json"]);
    expect(done.status, done.stderr).toBe(0);
    expect(filesUnder(path.join(root, "bronze/shop/notes"))).toEqual([
      expect.stringMatching(/^customers-[0-9a-f]{8}\.csv\.gz$/),
    ]);
    const show = medallion(root, ["runs", "show", JSON.parse(done.stdout).id]);
    expect(show.stdout).toMatch(
      /committed\s+bronze\/shop\/notes ← .*customers\.csv\.gz {2}rows in 3 · rejected 0 · deduplicated 0 · out 3/,
    );
    expect(show.stdout).toMatch(/inputs: 1 file of /);
  }, 60_000);

  it("keeps a tenant to its own tables: another tenant's is refused, its own lands under tenant=<id>", async () => {
    const { root, landing } = await ingestLake();
    const source = path.join(landing, "customers");
    const other = medallion(root, [
      "--tenant",
      "acme",
      "ingest",
      source,
      "bronze/tenant=globex/shop/customers",
    ]);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/outside tenant acme/);
    expect(filesUnder(root)).toEqual(["medallion.yaml"]);
    const own = medallion(root, ["--tenant", "acme", "ingest", source, "bronze/tenant=acme/shop/customers"]);
    expect(own.status, own.stderr).toBe(0);
    expect(filesUnder(path.join(root, "bronze"))).toEqual([
      expect.stringMatching(
        /^tenant=acme\/shop\/customers\/year=2024\/month=01\/day=15\/customers-[0-9a-f]{8}\.csv\.gz$/,
      ),
    ]);
    expect((await catalogPartitions(root, "acme_shop_customers"))[0]).toBe(
      "2024/01/15 csv bronze/tenant=acme/shop/customers/year=2024/month=01/day=15",
    );
  }, 60_000);

  it("refuses read-only, a malformed CSV, a missing file and a format mismatch in one line, exit 2, writing nothing", async () => {
    const { root, landing } = await ingestLake();
    const bad = path.join(landing, "customers/year=2024/month=01/day=16");
    const { mkdirSync } = await import("node:fs");
    mkdirSync(bad, { recursive: true });
    writeFileSync(path.join(bad, "customers.csv"), "customer_id,name\n1,a\n2,b,c\n");
    for (const [args, message] of [
      [
        ["--read-only", "ingest", path.join(landing, "customers"), "bronze/shop/customers"],
        /refused to ingest into bronze\/shop\/customers: .*read-only/,
      ],
      [
        ["ingest", bad, "bronze/shop/customers"],
        /customers\.csv is not readable as CSV with a header: .*Line: 3.*Expected Number of Columns: 2 Found: 3/,
      ],
      [["ingest", path.join(landing, "nope.csv"), "bronze/shop/customers"], /no file or folder .*nope\.csv/],
      [
        ["ingest", path.join(landing, "events"), "bronze/shop/customers"],
        /events\.jsonl is JSON lines, bronze\/shop\/customers holds CSV/,
      ],
      [
        ["ingest", path.join(landing, "customers"), "silver/shop/customers"],
        /silver\/shop\/customers is a silver table: ingest lands raw files in bronze/,
      ],
    ] as const) {
      const failed = medallion(root, [...args]);
      expect(failed.status, args.join(" ")).toBe(2);
      expect(failed.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(failed.stderr).toMatch(message);
    }
    // A folder with one bad file among good ones fails whole: the good one is not landed either.
    const mixed = medallion(root, ["ingest", path.join(landing, "customers"), "bronze/shop/customers"]);
    expect(mixed.status).toBe(2);
    expect(filesUnder(root)).toEqual(["medallion.yaml"]);
  }, 60_000);
});

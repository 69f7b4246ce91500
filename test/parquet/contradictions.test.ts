// Files that contradict themselves or that Medallion cannot read, each made from a DuckDB-written file
// whose footer is rewritten: reported as what they are, never shown as garbage or a JS error.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MedallionError } from "../../src/errors.js";
import { openPreview } from "../../src/preview/index.js";
import { LocalStore } from "../../src/storage/index.js";
import { duckRows } from "./_corpus.js";
import { parquetWriter } from "./_duckdb.js";
import { expectedJson, expectedText } from "./_oracle.js";
import { columnChunks, columnMetas, dropField, patchFooter, schemaElement, setField, T } from "./_thrift.js";

let duck: Awaited<ReturnType<typeof parquetWriter>>;
let store: LocalStore;
const at = (name: string) => path.join(duck.dir, name);

beforeAll(async () => {
  duck = await parquetWriter();
  store = new LocalStore(duck.dir);
});
afterAll(() => duck.close());

async function failure(promise: Promise<unknown>): Promise<MedallionError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MedallionError);
  return err as MedallionError;
}

/** Medallion's preview of `file` equals DuckDB's reading of it, cell by cell. */
async function expectDuckDBValues(file: string): Promise<void> {
  const reference = await duckRows(duck, file);
  const page = await (await openPreview(store, file)).rows({ limit: 100 });
  expect(page.rows.length).toBe(reference.rows.length);
  for (const [r, row] of reference.rows.entries()) {
    for (const [c, value] of row.entries()) {
      const type = reference.types[c] as Parameters<typeof expectedJson>[1];
      expect(page.rows[r]?.values[c]).toEqual(expectedJson(value, type));
      expect(page.rows[r]?.cells[c]).toEqual(expectedText(value, type));
    }
  }
}

describe("files that contradict themselves", () => {
  it("trusts the row groups when the footer says 0 rows, and says so", async () => {
    await duck.write("six.parquet", "SELECT i AS id, 'v' || i AS v FROM range(6) t(i)");
    patchFooter(at("six.parquet"), at("zero-rows.parquet"), (metadata) => setField(metadata, 3, T.I64, 0n));
    const preview = await openPreview(store, "zero-rows.parquet");
    expect(preview.totalRows).toBe(6);
    expect(preview.notes).toContain(
      "the footer says 0 rows but its row groups hold 6: showing the row groups' rows",
    );
    const page = await preview.rows();
    expect(page.rows.map((r) => r.cells)).toEqual([0, 1, 2, 3, 4, 5].map((i) => [String(i), `v${i}`]));
    await expectDuckDBValues("zero-rows.parquet");
  });

  for (const stats of [true, false]) {
    it(`reports a REQUIRED column holding nulls as corrupt (${stats ? "statistics count them" : "no statistics: the page tells"})`, async () => {
      await duck.write(
        "nulls.parquet",
        "SELECT i AS id, CASE WHEN i % 3 = 0 THEN NULL ELSE i * 10 END AS amount FROM range(6) t(i)",
      );
      const name = `required-nulls-${stats}.parquet`;
      patchFooter(at("nulls.parquet"), at(name), (metadata) => {
        setField(schemaElement(metadata, "amount"), 3, T.I32, 0); // REQUIRED
        if (!stats) for (const meta of columnMetas(metadata, 1)) dropField(meta, 12);
      });
      const preview = await openPreview(store, name);
      const err = await failure(preview.rows());
      expect(err.code).toBe("corrupt");
      expect(err.message).toMatch(
        new RegExp(
          `^${name.replace(".", "\\.")}: row group 1, column amount: REQUIRED but holds nulls \\(.+\\): the file is corrupt$`,
        ),
      );
      // The other columns still read.
      expect((await preview.rows({ columns: ["id"] })).rows.map((r) => r.cells[0])).toEqual([
        "0",
        "1",
        "2",
        "3",
        "4",
        "5",
      ]);
    });
  }

  // Byte arrays, PLAIN and dictionary-encoded, with no statistics: the values' layout tells the levels.
  const stringPages = {
    "byte arrays":
      "SELECT i AS id, CASE WHEN i % 3 = 0 THEN NULL ELSE md5(i::VARCHAR) END AS label FROM range(6) t(i)",
    "dictionary indexes":
      "SELECT i AS id, CASE WHEN i % 3 = 0 THEN NULL ELSE 'v' || (i % 2) END AS label FROM range(2000) t(i)",
  };
  for (const [kind, select] of Object.entries(stringPages)) {
    for (const codec of ["snappy", "uncompressed"]) {
      it(`reports a REQUIRED column of ${kind} holding nulls as corrupt with no statistics (${codec})`, async () => {
        const source = `labels-${kind.replace(" ", "-")}-${codec}.parquet`;
        await duck.write(source, select, `COMPRESSION ${codec}`);
        const name = `required-${source}`;
        patchFooter(at(source), at(name), (metadata) => {
          setField(schemaElement(metadata, "label"), 3, T.I32, 0); // REQUIRED
          for (const meta of columnMetas(metadata, 1)) dropField(meta, 12);
        });
        const preview = await openPreview(store, name);
        const err = await failure(preview.rows());
        expect(err.message).toMatch(
          new RegExp(
            `^${name}: row group 1, column label: REQUIRED but holds nulls \\(.+\\): the file is corrupt$`,
          ),
        );
        expect(err.code).toBe("corrupt");
      });
    }
  }
});

describe("files Medallion cannot fully read", () => {
  it("shows the physical values of a column with an unknown logical type, with a note, as DuckDB does", async () => {
    await duck.write(
      "ts.parquet",
      "SELECT i AS id, TIMESTAMP '2024-01-15 10:00:00' + INTERVAL (i) SECOND AS at FROM range(3) t(i)",
    );
    patchFooter(at("ts.parquet"), at("unknown-type.parquet"), (metadata) => {
      const element = schemaElement(metadata, "at");
      dropField(element, 6); // no converted type either
      setField(element, 10, T.STRUCT, { fields: [{ id: 99, type: T.STRUCT, value: { fields: [] } }] });
    });
    const preview = await openPreview(store, "unknown-type.parquet");
    expect(preview.columns).toEqual([
      { name: "id", type: "int64" },
      { name: "at", type: "int64" },
    ]);
    expect(preview.schema.find((f) => f.name === "at")?.note).toBe(
      "unknown logical type: physical values shown",
    );
    const page = await preview.rows();
    expect(page.notes).toEqual(["at: unknown logical type: physical values shown"]);
    await expectDuckDBValues("unknown-type.parquet");
  });

  it("says a file with an encrypted footer (PARE) is encrypted", async () => {
    // DuckDB without httpfs writes encrypted files only when told its built-in crypto will do.
    await duck.reader("SET force_mbedtls_unsafe = 'true'");
    await duck.reader("PRAGMA add_parquet_key('key', '0123456789112345')");
    await duck.write("secret.parquet", "SELECT 1 AS id", "ENCRYPTION_CONFIG {footer_key: 'key'}");
    const err = await failure(openPreview(store, "secret.parquet"));
    expect(err.message).toBe(
      "secret.parquet: footer: encrypted (Parquet modular encryption): Medallion does not decrypt; read it with the key holder's tools",
    );
  });

  it("shows a file's plain columns beside an encrypted one, which it names as encrypted", async () => {
    await duck.write("plain.parquet", "SELECT i AS id, 'v' || i AS v FROM range(3) t(i)");
    patchFooter(at("plain.parquet"), at("encrypted-column.parquet"), (metadata) => {
      for (const chunk of columnChunks(metadata, 1)) {
        // ColumnCryptoMetaData: ENCRYPTION_WITH_FOOTER_KEY
        setField(chunk, 8, T.STRUCT, { fields: [{ id: 1, type: T.STRUCT, value: { fields: [] } }] });
      }
    });
    // The other columns show; the encrypted one says so in every cell (never NULL) and in a note.
    const page = await (await openPreview(store, "encrypted-column.parquet")).rows();
    expect(page.rows.map((r) => r.cells)).toEqual([0, 1, 2].map((i) => [String(i), "(encrypted)"]));
    expect(page.rows.map((r) => r.values[1])).toEqual([null, null, null]);
    expect(page.notes).toContain(
      "v: encrypted, not shown (Parquet modular encryption): Medallion does not decrypt; read it with the key holder's tools",
    );
  });

  it("shows INT96 timestamps at the right instant however far out of range", async () => {
    // DuckDB writes no INT96: its INTERVAL is 12 bytes too (months, days, millis as little-endian
    // u32), read as INT96 it is nanoseconds of the day (months + days·2^32) and a Julian day (millis).
    const noon = 43_200_000_000_000n;
    const months = Number(noon & 0xffffffffn);
    const days = Number(noon >> 32n);
    await duck.write(
      "interval12.parquet",
      `SELECT * FROM (VALUES
         (1, to_milliseconds(2440588)),
         (2, to_months(1) + to_milliseconds(2147483647)),
         (3, to_months(${months}) + to_days(${days}))
       ) t(id, iv)`,
    );
    patchFooter(at("interval12.parquet"), at("int96.parquet"), (metadata) => {
      const element = schemaElement(metadata, "iv");
      setField(element, 1, T.I32, 3); // INT96
      dropField(element, 2);
      dropField(element, 6);
      for (const meta of columnMetas(metadata, 1)) {
        setField(meta, 1, T.I32, 3);
        dropField(meta, 12);
      }
    });
    const dateOf = async (julianDay: number) =>
      (await duck.query(`SELECT (DATE '1970-01-01' + ${julianDay - 2440588})::VARCHAR AS d`))[0]?.d as string;
    const far = await dateOf(2147483647);
    const first = await dateOf(0);
    const iso = (duckDate: string) =>
      duckDate.endsWith(" (BC)")
        ? `-${String(Number(duckDate.slice(0, duckDate.indexOf("-"))) - 1).padStart(4, "0")}${duckDate.slice(duckDate.indexOf("-"), -5)}`
        : duckDate;
    const page = await (await openPreview(store, "int96.parquet")).rows();
    expect(page.columns[1]).toEqual({ name: "iv", type: "timestamp(int96)" });
    expect(page.rows.map((r) => r.cells[1])).toEqual([
      "1970-01-01T00:00:00",
      `${iso(far)}T00:00:00.000000001`,
      `${iso(first)}T12:00:00`,
    ]);
    expect(far).toMatch(/^5\d{6}-/);
    expect(iso(first)).toBe("-4713-11-24");
  });
});

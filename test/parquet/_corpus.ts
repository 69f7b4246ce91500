// The files preview values are checked on, written by DuckDB: every type it writes, the corners that
// broke before (years outside 0–9999, bytes that are not UTF-8, `__proto__` and integer-like map keys,
// zones inside structs and lists, TIME, INT64 around 2^53), nested, decimal, interval and UUID.
// (DuckDB writes no FLOAT16.) Each file's `id` column orders the rows.
import { DuckDBStructValue, type DuckDBType, type DuckDBValue } from "@duckdb/node-api";
import type { parquetWriter } from "./_duckdb.js";

type Writer = Awaited<ReturnType<typeof parquetWriter>>;

export const CORPUS: Record<string, string> = {
  "scalars.parquet": `SELECT * FROM (VALUES
    (1, 0::BIGINT, 255::UTINYINT, (-128)::TINYINT, 7::SMALLINT, 42, true, 1.1::FLOAT, 0.1::DOUBLE,
      1.125::DECIMAL(9,3), -12.5::DECIMAL(18,4), '1234567890123456789012345678.0123456789'::DECIMAL(38,10),
      'plain', 'abc'::BLOB, DATE '2024-01-15', TIME '12:34:56.789', TIMETZ '12:00:00+02', INTERVAL '3 days',
      '123e4567-e89b-12d3-a456-426614174000'::UUID),
    (2, 9007199254740991::BIGINT, NULL, NULL, NULL, NULL, false, 'inf'::FLOAT, 'nan'::DOUBLE,
      -0.001::DECIMAL(9,3), NULL, '-99999999999999999999999999.9999999999'::DECIMAL(38,10),
      E'tab\\there\\nnew line', '\\xFF\\x00abc'::BLOB, DATE '-0044-03-15', TIME '00:00:00', NULL,
      INTERVAL '1 year 2 months 3 days 04:05:06.789', NULL),
    (3, 9007199254740992::BIGINT, NULL, NULL, NULL, -2147483648, NULL, '-inf'::FLOAT, -1e300,
      NULL, NULL, NULL, 'ünïcødé ✓', '\\xC3\\x28'::BLOB, DATE '12345-06-07', TIME '23:59:59.999999', NULL,
      INTERVAL '100 hours', NULL),
    (4, (-9223372036854775808)::BIGINT, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
      ''::BLOB, NULL, NULL, NULL, INTERVAL '0 days', NULL)
  ) t(id, big, tiny_u, tiny, small, int, flag, f32, f64, dec9, dec18, dec38, text, bytes, day, tod, tod_utc,
      wait, uid)`,
  "timestamps.parquet": `SELECT * FROM (VALUES
    (1, TIMESTAMP '2024-01-15 10:00:00.123456', TIMESTAMPTZ '2024-01-15 10:00:00+00', TIMESTAMP_MS '2024-01-15 10:00:00.5',
      TIMESTAMP_NS '2024-01-15 10:00:00.123456789', TIMESTAMP_S '2024-01-15 10:00:00'),
    (2, TIMESTAMP '12345-06-07 08:09:10.5', TIMESTAMPTZ '12345-06-07 08:09:10.5+00', TIMESTAMP_MS '9999-12-31 23:59:59.999',
      TIMESTAMP_NS '1677-09-22 00:00:00', TIMESTAMP_S '-0044-03-15 12:00:30'),
    (3, TIMESTAMP '-0044-03-15 12:00:30', TIMESTAMPTZ '-0044-03-15 12:00:30+00', TIMESTAMP_MS '0001-01-01 00:00:00',
      TIMESTAMP_NS '2262-04-11 23:47:16.854775', TIMESTAMP_S '0000-01-01 00:00:00'),
    (4, TIMESTAMP '1969-12-31 23:59:59.999999', NULL, NULL, NULL, NULL)
  ) t(id, local_us, utc_us, local_ms, local_ns, local_s)`,
  "nested.parquet": `SELECT * FROM (VALUES
    (1, MAP {'__proto__': 1, 'b': 2, 'constructor': 3}, MAP {3: 'x', 1: 'y', 2: 'z'},
      {'__proto__': 5, '2': 6, '1': 7},
      {'at': TIMESTAMPTZ '2024-01-15 10:00:00+00', 'tod': TIME '08:30:00', 'amount': 12.345::DECIMAL(38,3)},
      [TIMESTAMPTZ '2024-01-15 10:00:00+00', NULL], [{'k': 'a', 'v': [1, 2]}, NULL],
      MAP {'k': [DATE '2024-01-01']}, ['\\xFF'::BLOB, 'ok'::BLOB], [MAP {2: 'b', 1: 'a'}],
      {'inner': {'deep': [INTERVAL '2 days']}}),
    (2, MAP {}, NULL, NULL, NULL, [], [], NULL, NULL, [], NULL),
    (3, NULL, MAP {10: NULL}, {'__proto__': NULL, '2': NULL, '1': 1},
      {'at': NULL, 'tod': NULL, 'amount': NULL}, NULL, NULL, MAP {'z': NULL, 'a': []}, [NULL], [NULL, MAP {}],
      {'inner': NULL})
  ) t(id, proto_map, int_map, proto_struct, zoned_struct, zoned_list, struct_list, list_map, bytes_list,
      map_list, deep)`,
};

/** Writes the corpus; returns the file names. */
export async function writeCorpus(duck: Writer): Promise<string[]> {
  for (const [name, select] of Object.entries(CORPUS)) await duck.write(name, select);
  return Object.keys(CORPUS);
}

export interface DuckRows {
  columns: string[];
  types: DuckDBType[];
  rows: DuckDBValue[][];
}

/**
 * DuckDB's own reading of a corpus file, ordered by id. DuckDB's JS struct value drops a field named
 * `__proto__`; top-level structs are rebuilt from `struct_extract_at`, which reads fields by position.
 */
export async function duckRows(duck: Writer, file: string): Promise<DuckRows> {
  const reader = await duck.reader(`SELECT * FROM '${duck.dir}/${file}' ORDER BY id`);
  const columns = reader.columnNames();
  const types = reader.columnTypes();
  const rows = reader.getRows();
  for (const [c, type] of types.entries()) {
    const names = (type as unknown as { entryNames?: string[] }).entryNames;
    if (!names?.includes("__proto__")) continue;
    const picks = names.map((_, i) => `struct_extract_at("${columns[c]}", ${i + 1})`).join(", ");
    const fields = await duck.reader(
      `SELECT ${picks}, "${columns[c]}" IS NULL FROM '${duck.dir}/${file}' ORDER BY id`,
    );
    fields.getRows().forEach((values, r) => {
      const entries: Record<string, DuckDBValue> = Object.create(null);
      names.forEach((name, i) => {
        entries[name] = values[i] as DuckDBValue;
      });
      (rows[r] as DuckDBValue[])[c] = values[names.length] ? null : new DuckDBStructValue(entries);
    });
  }
  return { columns, types, rows };
}

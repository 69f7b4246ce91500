import { quoteText } from "../engine/duckdb.js";
import { type Lake, tablePath } from "../lake/index.js";
import { tableRef } from "../sync/table-ref.js";

/** An identifier as written in SQL: bare when it can be, else double-quoted. */
const name = (s: string) => (/^[a-z_][a-z0-9_]*$/.test(s) ? s : `"${s.replaceAll('"', '""')}"`);

/**
 * The query the query screen starts from: the browsed table by its catalog name, and a WHERE on the
 * browsed partition's values (`select * from silver.sales_orders where year = '2026' and month = '11' limit 100`).
 */
export function prefillSql(lake: Lake, path: string): string {
  const parsed = lake.parse(path.endsWith("/") ? path : `${path}/`);
  const ref = tableRef(lake, tablePath(parsed) ?? path);
  const tests = parsed.partition.map((p) =>
    p.value === null ? `${name(p.key)} IS NULL` : `${name(p.key)} = ${quoteText(p.value)}`,
  );
  const where = tests.length > 0 ? ` where ${tests.join(" and ")}` : "";
  return `select * from ${name(ref.database)}.${name(ref.name)}${where} limit 100`;
}

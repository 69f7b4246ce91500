// Reads DuckDB's own parse of a query (json_serialize_sql) for what pruning needs: the catalog tables it
// names (`<database>.<table>`) and, per use of a table, the WHERE conjuncts that test only that table's
// partition columns. No SQL is parsed here: DuckDB parsed it, this only walks the tree.

/** A node of DuckDB's serialized parse tree. */
export type SqlNode = { [field: string]: unknown };

/** A table the query names with its database, as the catalog knows it. */
export interface TableName {
  database: string;
  table: string;
}

/** What pruning needs to know of a catalog table: its partition columns and every column name. */
export interface TableShape {
  partitionKeys: string[];
  columns: string[];
}

/** One place the query reads a table, with the conjuncts (column refs made bare) that limit its partitions. */
export interface TableUse extends TableName {
  /** Empty: this use may read every partition. */
  filters: SqlNode[];
}

const isNode = (v: unknown): v is SqlNode => typeof v === "object" && v !== null && !Array.isArray(v);
const lower = (s: unknown) => String(s ?? "").toLowerCase();

/** Every node below `root` (itself included), depth first; `skip` prunes a branch. */
function* nodes(root: unknown, skip?: (n: SqlNode) => boolean): Generator<SqlNode> {
  if (Array.isArray(root)) {
    for (const item of root) yield* nodes(item, skip);
    return;
  }
  if (!isNode(root)) return;
  if (skip?.(root)) return;
  yield root;
  for (const value of Object.values(root)) yield* nodes(value, skip);
}

const isBaseTable = (n: SqlNode) => n.type === "BASE_TABLE" && typeof n.table_name === "string";
const isCatalogTable = (n: SqlNode) =>
  isBaseTable(n) && lower(n.schema_name) !== "" && lower(n.catalog_name) === "";

/** `database.table` names of the query, each once, in the order first named. */
export function tableNames(statement: SqlNode): TableName[] {
  const seen = new Map<string, TableName>();
  for (const n of nodes(statement)) {
    if (!isCatalogTable(n)) continue;
    const name = { database: String(n.schema_name), table: String(n.table_name) };
    seen.set(`${lower(name.database)}.${lower(name.table)}`, name);
  }
  return [...seen.values()];
}

/** Names of the common table expressions (`WITH t AS …`) anywhere in the statement, lower case. */
function cteNames(statement: SqlNode): Set<string> {
  const names = new Set<string>();
  for (const n of nodes(statement)) {
    const map = isNode(n.cte_map) ? n.cte_map.map : undefined;
    if (Array.isArray(map)) for (const entry of map) if (isNode(entry)) names.add(lower(entry.key));
  }
  return names;
}

/** The tables the query names without a database (`orders`), not counting its WITH names, each once. */
export function unqualifiedTables(statement: SqlNode): string[] {
  const ctes = cteNames(statement);
  const names = new Set<string>();
  for (const n of nodes(statement)) {
    if (!isBaseTable(n) || lower(n.schema_name) !== "" || lower(n.catalog_name) !== "") continue;
    if (!ctes.has(lower(n.table_name))) names.add(String(n.table_name));
  }
  return [...names];
}

/**
 * Names the catalog table each unqualified name stands for in the parse tree itself (`orders` →
 * `silver.sales_orders`), so pruning sees them as the tables they are; `resolved` is keyed lower case.
 */
export function qualifyTables(statement: SqlNode, resolved: Map<string, TableName>): void {
  const ctes = cteNames(statement);
  for (const n of nodes(statement)) {
    if (!isBaseTable(n) || lower(n.schema_name) !== "" || lower(n.catalog_name) !== "") continue;
    const name = resolved.get(lower(n.table_name));
    if (!name || ctes.has(lower(n.table_name))) continue;
    // The alias keeps `orders.year` pointing at this table once its name changed.
    if (lower(n.alias) === "") n.alias = String(n.table_name);
    n.schema_name = name.database;
    n.table_name = name.table;
  }
}

interface ScopeTable {
  node: SqlNode;
  /** The outer side of an outer join: a WHERE test on it may keep null-extended rows, so it never prunes. */
  nullable: boolean;
}

/** The tables a FROM clause reads directly (through joins, not into subqueries). */
function fromTables(from: unknown, nullable = false): ScopeTable[] {
  if (!isNode(from)) return [];
  if (isBaseTable(from)) return [{ node: from, nullable }];
  if (from.type !== "JOIN") return [];
  const join = String(from.join_type ?? "INNER");
  const leftNullable = nullable || join === "RIGHT" || join === "OUTER";
  const rightNullable = nullable || join === "LEFT" || join === "OUTER";
  return [...fromTables(from.left, leftNullable), ...fromTables(from.right, rightNullable)];
}

/** `a AND (b AND c)` → [a, b, c]. */
function conjuncts(where: unknown): SqlNode[] {
  if (!isNode(where)) return [];
  if (where.class === "CONJUNCTION" && where.type === "CONJUNCTION_AND") {
    return (where.children as unknown[]).flatMap(conjuncts);
  }
  return [where];
}

const keyOf = (n: SqlNode) => `${lower(n.schema_name)}.${lower(n.table_name)}`;

/**
 * The table of `scope` a column reference names, when it is one of that table's partition columns;
 * undefined when it names anything else (a data column, an outer query's column, an ambiguous name).
 */
function partitionColumnOf(
  ref: string[],
  scope: ScopeTable[],
  shapes: Map<string, TableShape>,
): { table: ScopeTable; column: string } | undefined {
  const column = lower(ref.at(-1));
  const qualifier = ref.slice(0, -1).map(lower);
  const matches = scope.filter((t) => {
    const shape = shapes.get(keyOf(t.node));
    if (qualifier.length === 0) return (shape?.columns ?? []).map(lower).includes(column);
    const name = lower(t.node.alias) || lower(t.node.table_name);
    if (qualifier.length === 1) return qualifier[0] === name;
    return qualifier.join(".") === `${lower(t.node.schema_name)}.${lower(t.node.table_name)}`;
  });
  // An unqualified name two tables of the scope both have is ambiguous: DuckDB refuses it, we do not prune.
  const [table] = matches;
  if (matches.length !== 1 || table === undefined) return undefined;
  const shape = shapes.get(keyOf(table.node));
  if (!shape?.partitionKeys.map(lower).includes(column)) return undefined;
  return { table, column };
}

/** The conjunct with every column reference bare (`o.year` → `year`), to run against a table of partitions. */
function bare(expression: SqlNode): SqlNode {
  const copy = structuredClone(expression);
  for (const n of nodes(copy)) {
    if (n.class === "COLUMN_REF") n.column_names = [lower((n.column_names as string[]).at(-1))];
  }
  return copy;
}

/** What one conjunct limits: the scope table whose partition columns it alone tests, or nothing. */
function prunedTable(
  conjunct: SqlNode,
  scope: ScopeTable[],
  shapes: Map<string, TableShape>,
): ScopeTable | undefined {
  let table: ScopeTable | undefined;
  let refs = 0;
  for (const n of nodes(conjunct)) {
    // A subquery or a parameter cannot be evaluated against the partitions alone.
    if (n.class === "SUBQUERY" || n.class === "PARAMETER" || n.class === "WINDOW") return undefined;
    if (n.class !== "COLUMN_REF") continue;
    const found = partitionColumnOf(n.column_names as string[], scope, shapes);
    if (found === undefined || (table !== undefined && found.table !== table)) return undefined;
    table = found.table;
    refs += 1;
  }
  return refs > 0 && table !== undefined && !table.nullable ? table : undefined;
}

/**
 * Every use of a catalog table in the statement, with the WHERE conjuncts that limit its partitions.
 * `shapes` holds the tables' columns by `database.table` (lower case).
 */
export function tableUses(statement: SqlNode, shapes: Map<string, TableShape>): TableUse[] {
  const filtersOf = new Map<SqlNode, SqlNode[]>();
  for (const select of nodes(statement)) {
    if (select.type !== "SELECT_NODE") continue;
    const scope = fromTables(select.from_table);
    for (const conjunct of conjuncts(select.where_clause)) {
      const table = prunedTable(conjunct, scope, shapes);
      if (table === undefined) continue;
      filtersOf.set(table.node, [...(filtersOf.get(table.node) ?? []), bare(conjunct)]);
    }
  }
  return [...nodes(statement)].filter(isCatalogTable).map((n) => ({
    database: String(n.schema_name),
    table: String(n.table_name),
    filters: filtersOf.get(n) ?? [],
  }));
}

/** The column names a parsed statement refers to (the last part of each reference: `b.email` → `email`), each once. */
export function columnNames(statement: SqlNode): string[] {
  const names = new Set<string>();
  for (const n of nodes(statement)) {
    if (n.class === "COLUMN_REF") names.add(String((n.column_names as string[]).at(-1)));
  }
  return [...names];
}

/** `left AND right AND …` as one expression node. */
export function allOf(filters: SqlNode[]): SqlNode | undefined {
  if (filters.length <= 1) return filters[0];
  return { class: "CONJUNCTION", type: "CONJUNCTION_AND", alias: "", query_location: 0, children: filters };
}

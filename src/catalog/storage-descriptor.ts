import type {
  Column as GlueColumn,
  Partition,
  PartitionInput,
  StorageDescriptor,
  Table,
  TableInput,
} from "@aws-sdk/client-glue";
import type { CatalogPartition, CatalogTable, Column, TableFormat } from "./catalog.js";

/** What Athena needs to read each format: input/output format, SerDe and its parameters. */
const formats: Record<
  TableFormat,
  {
    inputFormat: string;
    outputFormat: string;
    serde: string;
    serdeParameters: Record<string, string>;
    tableParameters: Record<string, string>;
  }
> = {
  parquet: {
    inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
    serde: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    serdeParameters: { "serialization.format": "1" },
    tableParameters: { classification: "parquet" },
  },
  json: {
    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    serde: "org.openx.data.jsonserde.JsonSerDe",
    serdeParameters: { "serialization.format": "1" },
    tableParameters: { classification: "json" },
  },
  csv: {
    inputFormat: "org.apache.hadoop.mapred.TextInputFormat",
    outputFormat: "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
    serde: "org.apache.hadoop.hive.serde2.OpenCSVSerde",
    serdeParameters: { separatorChar: ",", quoteChar: '"', escapeChar: "\\" },
    // Athena reads the header rule from the table's properties
    tableParameters: { classification: "csv", "skip.header.line.count": "1" },
  },
};

export function storageDescriptor(
  format: TableFormat,
  location: string,
  columns: Column[],
): StorageDescriptor {
  const f = formats[format];
  return {
    Columns: toGlueColumns(columns),
    Location: location,
    InputFormat: f.inputFormat,
    OutputFormat: f.outputFormat,
    SerdeInfo: { SerializationLibrary: f.serde, Parameters: { ...f.serdeParameters } },
  };
}

export function tableInput(table: CatalogTable): TableInput {
  return {
    Name: table.name,
    ...(table.description ? { Description: table.description } : {}),
    TableType: "EXTERNAL_TABLE",
    Parameters: { EXTERNAL: "TRUE", ...formats[table.format].tableParameters },
    PartitionKeys: toGlueColumns(table.partitionKeys),
    StorageDescriptor: storageDescriptor(table.format, table.location, table.columns),
  };
}

/** A partition as Glue stores it; without columns of its own it carries the table's (as Athena expects). */
export function partitionInput(partition: CatalogPartition, tableColumns: Column[]): PartitionInput {
  return {
    Values: partition.values,
    StorageDescriptor: storageDescriptor(
      partition.format,
      partition.location,
      partition.columns ?? tableColumns,
    ),
  };
}

/** The format a descriptor reads, by its SerDe first, then the classification, then the input format. */
export function formatOf(
  sd: StorageDescriptor | undefined,
  parameters?: Record<string, string>,
): TableFormat | undefined {
  const serde = sd?.SerdeInfo?.SerializationLibrary ?? "";
  if (/parquet/i.test(serde)) return "parquet";
  if (/json/i.test(serde)) return "json";
  if (/csv/i.test(serde)) return "csv";
  if (/LazySimpleSerDe/.test(serde) && sd?.SerdeInfo?.Parameters?.["field.delim"] === ",") return "csv";
  const classification = parameters?.classification?.toLowerCase();
  if (classification === "parquet" || classification === "json" || classification === "csv")
    return classification;
  if (/parquet/i.test(sd?.InputFormat ?? "")) return "parquet";
  return undefined;
}

export function fromGlueTable(database: string, table: Table): CatalogTable {
  const sd = table.StorageDescriptor;
  return {
    database,
    name: table.Name ?? "",
    location: sd?.Location ?? "",
    format: formatOf(sd, table.Parameters) ?? "parquet",
    columns: fromGlueColumns(sd?.Columns),
    partitionKeys: fromGlueColumns(table.PartitionKeys),
    ...(table.Description ? { description: table.Description } : {}),
  };
}

/** `columns` is set only when the partition's own columns differ from the table's (drift). */
export function fromGluePartition(partition: Partition, table: CatalogTable): CatalogPartition {
  const sd = partition.StorageDescriptor;
  const columns = fromGlueColumns(sd?.Columns);
  return {
    values: partition.Values ?? [],
    location: sd?.Location ?? "",
    format: formatOf(sd, partition.Parameters) ?? table.format,
    ...(columns.length > 0 && !sameColumns(columns, table.columns) ? { columns } : {}),
  };
}

export function sameColumns(a: Column[], b: Column[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (c, i) =>
        c.name.toLowerCase() === b[i]?.name.toLowerCase() &&
        c.type.toLowerCase() === b[i]?.type.toLowerCase(),
    )
  );
}

function toGlueColumns(columns: Column[]): GlueColumn[] {
  return columns.map((c) => ({ Name: c.name, Type: c.type, ...(c.comment ? { Comment: c.comment } : {}) }));
}

function fromGlueColumns(columns: GlueColumn[] | undefined): Column[] {
  return (columns ?? []).map((c) => ({
    name: c.Name ?? "",
    type: c.Type ?? "string",
    ...(c.Comment ? { comment: c.Comment } : {}),
  }));
}

import { DEMO_PIPELINE_YAML } from "./pipeline.js";
import type { DemoTable } from "./tables.js";

/** The demo's medallion.yaml: the lake is the folder the file sits in. */
export function demoConfigYaml(tables: DemoTable[]): string {
  const lines = [
    "# Written by `medallion demo`: a small lake with the dirt real feeds have.",
    "lake: .",
    "catalog: local",
    "engine: duckdb",
    "tables:",
  ];
  for (const table of tables) {
    lines.push(`  ${table.path}:`);
    lines.push(`    partitionKeys: [${table.partitionKeys.join(", ")}]`);
    lines.push(`    format: ${table.format}`);
    lines.push(`    description: ${JSON.stringify(table.description)}`);
  }
  return `${lines.join("\n")}\n${DEMO_PIPELINE_YAML}`;
}

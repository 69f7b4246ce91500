import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { headerText } from "../../components/render/header-text.js";
import { loadConfig } from "../../src/config/index.js";
import { openLake } from "../../src/lake/index.js";

function lakeDir(yaml: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-tcfg-"));
  writeFileSync(path.join(dir, "medallion.yaml"), yaml);
  return dir;
}

const TABLES = `lake: .
tables:
  bronze/sales/orders: { partitionKeys: [year, month, day], format: json }
  bronze/tenant=globex/sales/orders: { partitionKeys: [day], format: csv }
  silver/sales/orders:
    partitionKeys: [year, month, day]
    silver: { from: bronze/sales/orders, partitionFrom: created_at, columns: [{ name: order_id, type: string }, { name: created_at, type: timestamp }] }
`;

describe("tenant in the config", () => {
  it("takes `tenant:` from the file and lets --tenant override it", () => {
    const dir = lakeDir(`${TABLES}tenant: acme\n`);
    expect(loadConfig({}, dir).tenant).toBe("acme");
    expect(loadConfig({ tenant: "globex" }, dir).tenant).toBe("globex");
  });

  it("refuses a tenant id that is not one Glue name part, blaming the flag", () => {
    const dir = lakeDir(TABLES);
    expect(() => loadConfig({ tenant: "Acme_EU" }, dir)).toThrow(
      /^--tenant Acme_EU: a tenant id like acme or acme-eu \(lowercase letters, digits, -\)$/,
    );
  });

  it("gives a tenant its own copy of every tenant-less table, its specs reading the tenant's tables", () => {
    const lake = openLake(loadConfig({ tenant: "acme" }, lakeDir(TABLES)));
    expect(Object.keys(lake.config.tables).sort()).toEqual([
      "bronze/tenant=acme/sales/orders",
      "silver/tenant=acme/sales/orders",
    ]);
    expect(lake.config.tables["silver/tenant=acme/sales/orders"]?.silver?.from).toBe(
      "bronze/tenant=acme/sales/orders",
    );
    // Another tenant's own entry wins for that tenant.
    const globex = openLake(loadConfig({ tenant: "globex" }, lakeDir(TABLES)));
    expect(globex.tableConfig("bronze/tenant=globex/sales/orders")?.format).toBe("csv");
  });

  it("shows the tenant in the header, right after the lake", () => {
    const text = headerText({
      root: "s3://lake/prod",
      where: "profile data · eu-west-1",
      catalog: "glue",
      readOnly: false,
      tenant: "acme",
    });
    expect(text).toBe("Medallion  s3://lake/prod  tenant acme  profile data · eu-west-1  catalog glue");
  });
});

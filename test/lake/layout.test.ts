import { describe, expect, it } from "vitest";
import { ConfigSchema } from "../../src/config/index.js";
import { layoutFromConfig, parseLakePath } from "../../src/lake/index.js";

describe("layoutFromConfig", () => {
  it("takes layer folder names and the tables' declared partition keys", () => {
    const config = ConfigSchema.parse({
      lake: "./lake",
      layers: { bronze: "raw", silver: "clean", gold: "serve" },
      tables: {
        "raw/sales/orders": { partitionKeys: ["year", "month", "day"], format: "json" },
        "clean/sales/customers": {},
      },
    });
    const layout = layoutFromConfig(config);
    expect(layout).toEqual({
      layers: ["raw", "clean", "serve"],
      partitionKeys: { "raw/sales/orders": ["year", "month", "day"] },
    });
    expect(parseLakePath("bronze/", layout).anomalies.map((a) => a.kind)).toEqual(["unknown-layer"]);
    expect(parseLakePath("raw/sales/orders/month=01/", layout).anomalies.map((a) => a.kind)).toEqual([
      "keys-out-of-order",
    ]);
  });

  it("treats a table listed without keys as undeclared, accepting any key=value", () => {
    const layout = layoutFromConfig(
      ConfigSchema.parse({ lake: "./lake", tables: { "silver/sales/customers": {} } }),
    );
    expect(parseLakePath("silver/sales/customers/country=DE/c.parquet", layout).anomalies).toEqual([]);
  });
});

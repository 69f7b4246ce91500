import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LocalCatalog, openCatalog } from "../../src/catalog/index.js";
import { loadConfig } from "../../src/config/index.js";
import { ordersTable, tempDir } from "./helpers.js";

describe("openCatalog", () => {
  afterEach(() => {
    delete process.env.MEDALLION_HOME;
  });

  it("opens the embedded catalog kept with a local lake", async () => {
    const lake = tempDir("lake");
    const catalog = openCatalog(loadConfig({ lake }, tempDir("cwd")));
    expect(catalog).toBeInstanceOf(LocalCatalog);
    expect((catalog as LocalCatalog).file).toBe(path.join(lake, "_medallion", "catalog.sqlite"));
    await catalog.ensureDatabase("silver");
    await catalog.putTable(ordersTable("silver"));
    await catalog.close?.();
    // a second process (here: a second open) sees the same catalog
    const again = openCatalog(loadConfig({ lake }, tempDir("cwd")));
    expect(await again.getTable("silver", "sales_orders")).toEqual(ordersTable("silver"));
  });

  it("keeps an S3 lake's embedded catalog in the user's config folder, one file per bucket and prefix", () => {
    const home = tempDir("home");
    process.env.MEDALLION_HOME = home;
    const fileFor = (lake: string) =>
      (openCatalog(loadConfig({ lake, catalog: "local" }, tempDir("cwd"))) as LocalCatalog).file;
    const acme = fileFor("s3://acme-lake/prod");
    expect(path.dirname(acme)).toBe(path.join(home, "catalogs"));
    expect(path.basename(acme)).toMatch(/^acme-lake-prod-[0-9a-f]{10}\.sqlite$/);
    expect(fileFor("s3://acme-lake/prod/")).toBe(acme);
    expect(fileFor("s3://acme-lake/dev")).not.toBe(acme);
    expect(fileFor("s3://acme-lake")).not.toBe(acme);
  });
});

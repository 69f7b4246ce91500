import { randomUUID } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { Catalog } from "../../src/catalog/catalog.js";
import { GlueCatalog } from "../../src/catalog/glue-catalog.js";
import { createGlueClient } from "../../src/catalog/glue-client.js";
import { LocalCatalog } from "../../src/catalog/index.js";
import { cli, lakeOnDisk, medallion, ORDERS_YAML, order } from "./lake-fixture.js";

beforeAll(() => {
  if (!existsSync(cli)) throw new Error("dist/commands/medallion.js is missing: run `npm run build` first");
});

/** A lake folder with no medallion.yaml: bronze JSON orders under `domain`, year/month partitions. */
function bareLake(domain: string): { dir: string; lake: string; table: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "medallion-keys-"));
  const lake = path.join(dir, "lake");
  const table = `bronze/${domain}/orders`;
  for (const month of ["01", "02", "03"]) {
    const file = path.join(lake, table, `year=2024/month=${month}/part-0.json`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, order(Number(month)));
  }
  return { dir, lake, table };
}

const kinds = ["local", "glue"] as const;

/** The flags for a catalog kind, and the catalog itself (to set up a table registered wrongly). */
function catalogFor(kind: (typeof kinds)[number], lake: string): { flags: string[]; catalog: Catalog } {
  if (kind === "local") {
    return {
      flags: ["--lake", lake],
      catalog: new LocalCatalog(path.join(lake, "_medallion", "catalog.sqlite")),
    };
  }
  const endpoint = inject("motoEndpoint");
  return {
    flags: ["--lake", lake, "--catalog", "glue", "--endpoint-url", endpoint],
    catalog: new GlueCatalog(createGlueClient({ region: "us-east-1", endpointUrl: endpoint }), {
      where: endpoint,
    }),
  };
}

const uniqueDomain = () => `d${randomUUID().replaceAll("-", "").slice(0, 10)}`;

describe.each(kinds)("partition keys with the %s catalog and no medallion.yaml", (kind) => {
  it("catalog register infers the keys from storage, and sync then adds every partition", async () => {
    const domain = uniqueDomain();
    const { dir, lake, table } = bareLake(domain);
    const { flags } = catalogFor(kind, lake);
    const registered = await medallion(dir, ...flags, "catalog", "register", table);
    expect(registered.stderr).toBe("");
    expect(registered.stdout).toContain(
      `created bronze.${domain}_orders (json, 3 columns, partition keys year, month)`,
    );
    const synced = await medallion(dir, ...flags, "sync", table, "--yes");
    expect(synced).toMatchObject({ code: 0, stderr: "" });
    expect(synced.stdout).toContain(`${table}: added 3`);
    expect((await medallion(dir, ...flags, "diff", table)).code).toBe(0);
  });

  it("sync refuses to add partitions under the wrong keys and names the fix; register --replace fixes the table", async () => {
    const domain = uniqueDomain();
    const { dir, lake, table } = bareLake(domain);
    const { flags, catalog } = catalogFor(kind, lake);
    // As an older Medallion left it: registered with one key, one partition under it.
    const name = `${domain}_orders`;
    await catalog.ensureDatabase("bronze");
    await catalog.putTable({
      database: "bronze",
      name,
      location: `${path.join(lake, table)}/`,
      format: "json",
      columns: [{ name: "orderid", type: "bigint" }],
      partitionKeys: [{ name: "year", type: "string" }],
    });
    await catalog.addPartitions("bronze", name, [
      { values: ["2024"], location: `${path.join(lake, table)}/year=2024/`, format: "json" },
    ]);
    await catalog.close?.();

    const diff = await medallion(dir, ...flags, "diff", table);
    expect(diff.code).toBe(1);
    const fix = `run \`medallion catalog register ${table} --replace\` to recreate the table with year, month`;
    expect(diff.stdout).toContain(
      `! partition keys differ: the catalog has year, storage has year, month: ${fix}`,
    );

    const sync = await medallion(dir, ...flags, "sync", table, "--yes");
    // Exit 1 as diff: the difference is still there, and sync said why it cannot fix it.
    expect(sync).toMatchObject({ code: 1, stderr: "" });
    expect(sync.stdout).toContain(
      `${table} → bronze.${name}: nothing to change; not synced: partition keys differ`,
    );
    expect(sync.stdout).not.toContain("expected 1 partition value(s)");

    const plain = await medallion(dir, ...flags, "catalog", "register", table);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toBe(
      `medallion: bronze.${name} is registered with partition keys year, storage has year, month: registering it again drops its 1 partition; pass --replace to do so (then \`medallion sync ${table}\` adds them back)\n`,
    );
    const asked = await medallion(dir, ...flags, "catalog", "register", table, "--replace");
    expect(asked.code).toBe(2);
    expect(asked.stderr).toBe(
      `medallion: not on a terminal, so not asking: pass --yes to drop bronze.${name} and the 1 partition the catalog holds for it, then create it again with partition keys year, month\n`,
    );
    expect((await medallion(dir, ...flags, "diff", table)).code).toBe(1);

    const replaced = await medallion(dir, ...flags, "catalog", "register", table, "--replace", "--yes");
    expect(replaced.stderr).toBe("");
    expect(replaced.stdout).toContain(
      `replaced bronze.${name} (json, 3 columns, partition keys year, month)`,
    );
    expect(replaced.stdout).toContain(`dropped 1 partition: \`medallion sync ${table}\` adds them back`);
    const synced = await medallion(dir, ...flags, "sync", table, "--yes");
    expect(synced.stdout).toContain(`${table}: added 3`);
    expect((await medallion(dir, ...flags, "diff", table)).code).toBe(0);
  });

  it("re-registering a table with no keys and no partitions sets the keys in place", async () => {
    const domain = uniqueDomain();
    const { dir, lake, table } = bareLake(domain);
    const { flags, catalog } = catalogFor(kind, lake);
    await catalog.ensureDatabase("bronze");
    await catalog.putTable({
      database: "bronze",
      name: `${domain}_orders`,
      location: `${path.join(lake, table)}/`,
      format: "json",
      columns: [{ name: "orderid", type: "bigint" }],
      partitionKeys: [],
    });
    await catalog.close?.();
    const again = await medallion(dir, ...flags, "catalog", "register", table);
    expect(again.stdout).toContain(
      `updated bronze.${domain}_orders (json, 3 columns, partition keys year, month)`,
    );
    expect((await medallion(dir, ...flags, "sync", table, "--yes")).stdout).toContain(`${table}: added 3`);
    expect((await medallion(dir, ...flags, "diff", table)).code).toBe(0);
  });
});

describe("a local lake moved or copied", () => {
  it("diff and sync agree: sync re-points the table and its partitions, and drops stale ones when asked", async () => {
    const { dir } = lakeOnDisk(ORDERS_YAML, {
      "bronze/sales/orders/year=2024/month=01/part-0.json": order(1),
      "bronze/sales/orders/year=2024/month=02/part-0.json": order(2),
      "bronze/sales/orders/year=2024/month=03/part-0.json": order(3),
    });
    expect((await medallion(dir, "sync", "--yes")).code).toBe(0);
    const moved = path.join(mkdtempSync(path.join(tmpdir(), "medallion-moved-")), "copy");
    cpSync(dir, moved, { recursive: true });
    rmSync(dir, { recursive: true });
    rmSync(path.join(moved, "lake/bronze/sales/orders/year=2024/month=03"), { recursive: true });

    const diff = await medallion(moved, "diff", "--json");
    expect(diff.code).toBe(1);
    const [table] = JSON.parse(diff.stdout).tables;
    expect(table.tableIssues).toEqual([
      `registered at ${path.join(dir, "lake/bronze/sales/orders")}/, the table lives at ${path.join(moved, "lake/bronze/sales/orders")}`,
    ]);
    expect(table.partitions.map((p: { status: string; name: string }) => `${p.status} ${p.name}`)).toEqual([
      "update year=2024/month=01",
      "update year=2024/month=02",
      "drop year=2024/month=03",
    ]);

    const sync = await medallion(moved, "sync", "--yes");
    expect(sync.stdout).toContain(
      `re-point the table at ${path.join(moved, "lake/bronze/sales/orders")}/; update the location of 3 moved partitions`,
    );
    expect(sync.stdout).toContain("keep 1 stale partition (--drop-stale drops them)");
    expect(sync.stdout).toContain(
      `bronze/sales/orders: re-pointed the table at ${path.join(moved, "lake/bronze/sales/orders")}/, updated 3`,
    );
    const left = await medallion(moved, "diff", "--json");
    expect(JSON.parse(left.stdout).tables[0]).toMatchObject({
      tableIssues: [],
      counts: { "in-sync": 2, drop: 1 },
    });
    expect((await medallion(moved, "sync", "--yes", "--drop-stale")).stdout).toContain("dropped 1");
    expect((await medallion(moved, "diff")).code).toBe(0);
  });
});

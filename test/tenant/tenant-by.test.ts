import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

// Runs the built CLI, as a user would (`npm test` builds first).
const cli = path.resolve("dist/commands/medallion.js");
const lake = mkdtempSync(path.join(tmpdir(), "medallion-tenant-by-"));

function medallion(...args: string[]) {
  const run = spawnSync(process.execPath, [cli, ...args], { cwd: lake, encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const bytes: Record<string, number> = {};
function put(tenant: string | undefined, day: string, rows: number): void {
  const key = `bronze/${tenant ? `tenant=${tenant}/` : ""}sales/orders/day=${day}/part-0.json`;
  const file = path.join(lake, key);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${'{"order_id":"1"}\n'.repeat(rows)}`);
  const who = tenant ?? "(no tenant)";
  bytes[who] = (bytes[who] ?? 0) + statSync(file).size;
}

beforeAll(() => {
  writeFileSync(
    path.join(lake, "medallion.yaml"),
    "lake: .\ntables:\n  bronze/sales/orders: { partitionKeys: [day], format: json }\n",
  );
  put("acme", "01", 10);
  put("acme", "02", 20);
  put("globex", "01", 5);
  put(undefined, "01", 1);
  expect(medallion("sync", "--yes").code).toBe(0);
  // After the sync: one partition of acme's is new.
  put("acme", "03", 30);
});

describe("grouping by tenant", () => {
  it("diff --by tenant sums each tenant's tables and partitions, the tenant-less ones apart", () => {
    const run = medallion("diff", "--by", "tenant", "--json");
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc.inSync).toBe(false);
    expect(
      doc.tenants.map((t: { tenant: string | null; tables: number; outOfSync: number }) => [
        t.tenant,
        t.tables,
        t.outOfSync,
      ]),
    ).toEqual([
      [null, 1, 0],
      ["acme", 1, 1],
      ["globex", 1, 0],
    ]);
    expect(doc.tenants[1].counts).toMatchObject({ "in-sync": 2, add: 1 });
    const human = medallion("diff", "--by", "tenant").stdout;
    expect(human).toMatch(/^acme\s+1\s+1\s+2 in sync · 1 to add$/m);
    expect(medallion("diff", "--by", "domain").stderr).toBe(
      "medallion: --by domain: expected table or tenant\n",
    );
  });

  it("cost --by tenant prices each tenant's bytes, as on disk", () => {
    const doc = JSON.parse(medallion("cost", "--json").stdout);
    const byTenant = Object.fromEntries(
      doc.byTenant.map((r: { name: string; bytes: number }) => [r.name, r.bytes]),
    );
    expect(byTenant.acme).toBe(bytes.acme);
    expect(byTenant.globex).toBe(bytes.globex);
    const human = medallion("cost", "--by", "tenant").stdout;
    expect(human).toMatch(/^tenant\s+objects/m);
    expect(human).toMatch(/^acme\s+3\s/m);
    expect(human).toMatch(/^globex\s+1\s/m);
  });
});

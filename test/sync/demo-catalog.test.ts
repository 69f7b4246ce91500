import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createDemoLake } from "../../src/demo/index.js";

const run = promisify(execFile);

describe("the demo lake's catalog", () => {
  it("opens on a real diff: unregistered newest days, one stale entry, payments in sync; sync fixes it", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "medallion-demo-sync-")), "lake");
    await createDemoLake(dir, { days: 6, endDate: new Date(Date.UTC(2024, 0, 31)) });
    const cli = [path.resolve("dist/commands/medallion.js")];
    const diff = await run(process.execPath, [...cli, "diff", "bronze", "--json"], { cwd: dir }).then(
      () => undefined,
      (err: { code: number; stdout: string }) => err,
    );
    expect(diff?.code).toBe(1);
    const doc = JSON.parse(diff?.stdout ?? "{}");
    const rows = doc.tables.map((t: { path: string; partitions: { status: string; name: string }[] }) => [
      t.path,
      t.partitions.map((p) => `${p.status} ${p.name}`),
    ]);
    expect(rows).toEqual([
      ["bronze/sales/customers", ["add year=2024/month=01/day=31"]],
      [
        "bronze/sales/orders",
        ["drop year=2024/month=01/day=25", "add year=2024/month=01/day=30", "add year=2024/month=01/day=31"],
      ],
      ["bronze/sales/payments", []],
      // The tenants' orders are registered whole (as bronze.acme_sales_orders, bronze.globex_sales_orders).
      ["bronze/tenant=acme/sales/orders", []],
      ["bronze/tenant=globex/sales/orders", []],
    ]);

    await run(process.execPath, [...cli, "sync", "bronze", "--yes", "--drop-stale"], { cwd: dir });
    const after = await run(process.execPath, [...cli, "diff", "bronze"], { cwd: dir });
    expect(after.stdout).toContain("5 tables, 0 out of sync");
  });
});

import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createDemoLake } from "../../src/demo/index.js";

const cli = path.resolve("dist/commands/medallion.js");
const session = `medallion-sync-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", args, { encoding: "utf8" });
const screen = () => tmux("capture-pane", "-p", "-t", session);

async function waitFor(text: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen();
    if (shown.includes(text)) return shown;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${JSON.stringify(text)}; screen:\n${shown}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Keys one at a time, with the pause a person leaves between them. */
async function press(...keys: string[]): Promise<void> {
  for (const key of keys) {
    tmux("send-keys", "-t", session, key);
    await new Promise((r) => setTimeout(r, 300));
  }
}

afterEach(() => {
  try {
    tmux("kill-session", "-t", session);
  } catch {
    // already gone (the app quit)
  }
});

describe("sync in a real terminal on the demo lake", () => {
  it("flags unregistered partitions, d shows the diff, s + confirm syncs, and the table ends in sync", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "medallion-e2e-sync-")), "lake");
    await createDemoLake(dir, { days: 6, endDate: new Date(Date.UTC(2024, 0, 31)) });
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", `cd ${dir} && node ${cli}`);
    await waitFor("bronze/");
    await press("Enter");
    await waitFor("sales/");
    await press("Enter");
    await waitFor("orders/");
    await press("j", "Enter");
    // The partitions of orders, each with its catalog status; the newest two are not registered.
    let shown = await waitFor("+ to add");
    expect(shown).toMatch(/year 2024 · month 01 · day 30\s+\+ to add/);
    expect(shown).toMatch(/year 2024 · month 01 · day 26\s+✓ in sync/);

    await press("d");
    shown = await waitFor("4 in sync · 2 to add · 1 stale");
    expect(shown).toContain("- stale    year=2024/month=01/day=25 in the catalog, no folder in storage");

    await press("s");
    shown = await waitFor("Sync the local catalog?");
    expect(shown).toContain("• add 2 partitions");
    expect(shown).toContain("• keep 1 stale partition (x drops them)");
    await press("x");
    await waitFor("• drop 1 stale partition");
    await press("y");
    shown = await waitFor("Sync done");
    expect(shown).toContain("bronze/sales/orders: added 2, dropped 1");
    await press("Enter");
    shown = await waitFor("6 in sync");
    expect(shown).not.toContain("to add");

    // Back in the browser the rows say so too; and the CLI agrees.
    await press("Escape");
    shown = await waitFor("month 01 · day 30");
    expect(shown).toMatch(/year 2024 · month 01 · day 30\s+✓ in sync/);
    await press("q");
    const diff = execFileSync(process.execPath, [cli, "diff", "bronze/sales/orders"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(diff).toContain("bronze/sales/orders → bronze.sales_orders: in sync");
  });

  it("medallion sync asks on a terminal, and applies only after y", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "medallion-e2e-sync-")), "lake");
    await createDemoLake(dir, { days: 4, endDate: new Date(Date.UTC(2024, 0, 31)) });
    tmux(
      "new-session",
      "-d",
      "-s",
      session,
      "-x",
      "120",
      "-y",
      "30",
      `cd ${dir} && node ${cli} sync bronze; sleep 30`,
    );
    let shown = await waitFor("Apply to the local catalog? [y/N]");
    expect(shown).toContain(
      "bronze/sales/orders → bronze.sales_orders: add 2 partitions; keep 1 stale partition (--drop-stale drops them)",
    );
    await press("n", "Enter");
    shown = await waitFor("nothing changed");
    tmux("kill-session", "-t", session);
    tmux(
      "new-session",
      "-d",
      "-s",
      session,
      "-x",
      "120",
      "-y",
      "30",
      `cd ${dir} && node ${cli} sync bronze --drop-stale; sleep 30`,
    );
    await waitFor("Apply to the local catalog? [y/N]");
    await press("y", "Enter");
    shown = await waitFor("bronze/sales/orders: added 2, dropped 1");
    const diff = execFileSync(process.execPath, [cli, "diff", "bronze"], { cwd: dir, encoding: "utf8" });
    expect(diff).toContain("5 tables, 0 out of sync"); // the shop's three and two tenants' orders
  });
});

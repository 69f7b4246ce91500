import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { entry, fakeLake, partition, TREE } from "./fake-lake.js";
import { KEYS, renderApp } from "./render-app.js";

afterEach(() => cleanup());

/** The data rows of the frame: lines between the grid header and the status line. */
function rowLines(frame: string, header: string): string[] {
  const lines = frame.split("\n");
  const start = lines.findIndex((l) => l.includes(header));
  return lines.slice(start + 1).filter((l) => l.trim() !== "");
}

describe("browser", () => {
  it("opens on the layers with the lake in the header and the keys in the footer", async () => {
    const app = renderApp();
    const frame = await app.waitForText("bronze/");
    expect(frame).toContain("s3://acme-lake/prod");
    expect(frame).toContain("profile data · eu-west-1");
    expect(frame).toContain("catalog glue");
    expect(frame).toContain("READ-ONLY");
    expect(frame).toContain("silver/");
    expect(frame).toContain("⏎ open");
    expect(frame).toContain("? help");
    expect(frame).toContain("q quit");
    // d and s work on a table: not in the footer above one.
    expect(frame).not.toContain("d diff");
  });

  it("shows d in the footer inside a table, and s not at all in read-only mode", async () => {
    const app = renderApp({ start: { screen: "browser", params: { path: "bronze/sales/payments" } } });
    const frame = await app.waitForText("d diff");
    expect(frame).not.toContain("s sync");
  });

  it("drills layer → domain → table → partition → file and goes back with the cursor where it was", async () => {
    const app = renderApp();
    await app.waitForText("bronze/");
    await app.press(KEYS.enter);
    await app.waitForText("sales/");
    await app.press(KEYS.enter);
    await app.waitForText("payments/");
    await app.press("G", "l");
    // Partitions show their values as columns, and the anomaly is flagged in its row.
    let frame = await app.waitForText("year 2024 · month 01");
    expect(frame).toContain("bronze › sales › payments");
    const flagged = frame.split("\n").find((l) => l.includes("month 02 · year 2024"));
    expect(flagged).toMatch(/^.?!/);
    expect(flagged).toContain("keys out of order");
    // Name order puts month=02/year=2024 (the out-of-order one) first.
    await app.press("j", KEYS.enter);
    frame = await app.waitForText("part-0.parquet");
    expect(frame).toContain("bronze › sales › payments › year=2024/month=01");
    await app.press(KEYS.backspace);
    frame = await app.waitForText("year 2024 · month 01");
    await app.press("h");
    frame = await app.waitForText("customers/");
    // Back on the tables, the cursor is on payments (the row we came from): Enter goes back in.
    await app.press(KEYS.enter);
    await app.waitForText("year 2024 · month 01");
  });

  it("opens with the cursor on the first layer, past the tool's own _medallion folder", async () => {
    const lake = fakeLake({ tree: { ...TREE, "": [entry("folder", "_medallion"), ...(TREE[""] ?? [])] } });
    const app = renderApp({ lake });
    await app.waitForText("_medallion/");
    await app.press(KEYS.enter);
    const frame = await app.waitForText("sales/");
    expect(frame).toContain("1 domain ·");
  });

  it("filters as you type and Esc clears the filter", async () => {
    const app = renderApp({ start: { screen: "browser", params: { path: "bronze/sales" } } });
    await app.waitForText("customers/");
    await app.press("/", "p", "a", "y");
    const frame = await app.waitForText("/pay");
    expect(frame).toContain("payments/");
    expect(frame).not.toContain("customers/");
    expect(frame).not.toContain("orders/");
    expect(frame).toContain("1 of 3");
    // While typing, q is a letter, not quit.
    await app.press("q");
    await app.waitForText("nothing matches the filter");
    await app.press(KEYS.esc);
    const cleared = await app.waitForText("orders/");
    expect(cleared).toContain("customers/");
  });

  it("cycles the sort through name, size, modified and count with o", async () => {
    const app = renderApp({ start: { screen: "browser", params: { path: "bronze/sales" } } });
    await app.waitForText("customers/");
    const order = (frame: string) =>
      rowLines(frame, "objects")
        .map((l) => /(customers|orders|payments)\//.exec(l)?.[1])
        .filter(Boolean);
    expect(order(app.frame())).toEqual(["customers", "orders", "payments"]);
    await app.press("o");
    expect(order(await app.waitForText("sort size ↓"))).toEqual(["orders", "payments", "customers"]);
    await app.press("o");
    expect(order(await app.waitForText("sort modified ↓"))).toEqual(["payments", "customers", "orders"]);
    await app.press("o");
    expect(order(await app.waitForText("sort count ↓"))).toEqual(["orders", "customers", "payments"]);
    await app.press("o");
    expect(order(await app.waitForText("sort name ↑"))).toEqual(["customers", "orders", "payments"]);
  });

  it("puts the cursor on the first row after o, shows the direction, and O reverses it", async () => {
    const app = renderApp({ start: { screen: "browser", params: { path: "bronze/sales" } } });
    await app.waitForText("customers/");
    await app.press("j", "j");
    await app.press("o");
    await app.waitForText("sort size ↓");
    // The biggest table first, and the cursor on it.
    await app.press("y");
    expect(await app.waitForText("copied")).toContain("bronze/sales/orders");
    await app.press("O");
    const reversed = await app.waitForText("sort size ↑");
    expect(
      rowLines(reversed, "objects")
        .map((l) => /(customers|orders|payments)\//.exec(l)?.[1])
        .filter(Boolean),
    ).toEqual(["customers", "payments", "orders"]);
    await app.press("y");
    expect(await app.waitForText("bronze/sales/customers")).toContain("copied");
  });

  it("copies the URI of the row with y and prints it in the status line", async () => {
    const app = renderApp({ start: { screen: "browser", params: { path: "bronze/sales" } } });
    await app.waitForText("customers/");
    await app.press("j", "y");
    await app.waitForText("copied (test clipboard): s3://acme-lake/prod/bronze/sales/orders");
    expect(app.copied).toEqual(["s3://acme-lake/prod/bronze/sales/orders"]);
  });

  it("shows a listing error as one line and keeps the rows that arrived", async () => {
    const lake = fakeLake({
      batch: 2,
      failing: {
        "bronze/sales": "access denied to s3://acme-lake/prod/bronze/sales/: check the role's s3:ListBucket",
      },
    });
    const app = renderApp({ lake, start: { screen: "browser", params: { path: "bronze/sales" } } });
    const frame = await app.waitForText("access denied");
    expect(frame).toContain("customers/");
    expect(frame).not.toContain("Error:");
    // The UI still answers keys.
    await app.press("?");
    await app.waitForText("Keys");
  });

  it("refreshes with r", async () => {
    const app = renderApp({ start: { screen: "browser", params: { path: "bronze/sales" } } });
    await app.waitForText("customers/");
    expect(app.lake.listed).toEqual(["bronze/sales"]);
    await app.press("r");
    await app.waitFor(() => app.lake.listed.length === 2, "a second listing");
    await app.waitForText("customers/");
  });
});

describe("browser with 100,000 partitions", () => {
  const table = "bronze/sales/orders";
  const many = function* () {
    for (let i = 0; i < 100_000; i++) {
      const d = String(i).padStart(6, "0");
      yield partition(table, [
        ["batch", d.slice(0, 3)],
        ["part", d.slice(3)],
      ]);
    }
  };

  it("shows the first rows while the rest stream in, then scrolls to the end at once", async () => {
    const lake = fakeLake({ generated: { [table]: many }, batch: 1000, pauseMs: 1 });
    const app = renderApp({ lake, start: { screen: "browser", params: { path: table } } });
    const early = await app.waitForText("batch 000 · part 000");
    expect(early).toMatch(/loading… [\d,]+ so far/);
    // Keys work while the rest streams in.
    app.copied.length = 0;
    await app.press("j", "y");
    await app.waitFor(() => app.copied.length > 0, "a copy while loading");
    expect(app.copied.splice(0)).toEqual([`s3://acme-lake/prod/${table}/batch=000/part=001`]);
    expect(app.frame()).toMatch(/loading… [\d,]+ so far/);
    await app.press("g");
    const done = await app.waitForText("100,000 partitions", 30_000);
    // Only the rows on screen are drawn: 30 lines minus the shell and the browser's own lines.
    expect(rowLines(done, "objects").filter((l) => l.includes("batch ")).length).toBeLessThanOrEqual(24);
    // The end in one step: the last screenful, not a walk through the rows (waits for what is drawn, not a clock).
    await app.press("G");
    const end = await app.waitForText("batch 099 · part 999");
    expect(rowLines(end, "objects").filter((l) => l.includes("batch ")).length).toBeLessThanOrEqual(24);
    expect(done).not.toContain("loading…");
    expect(end).not.toContain("batch 000 · part 000");
    await app.press("g");
    await app.waitForText("batch 000 · part 000");
    // Paging moves by a screen, not by a row.
    const uriAfter = async (...keys: string[]) => {
      await app.press(...keys, "y");
      await app.waitFor(() => app.copied.length > 0, "a copied URI");
      return app.copied.splice(0).join();
    };
    expect(await uriAfter(KEYS.down)).toBe(`s3://acme-lake/prod/${table}/batch=000/part=001`);
    expect(await uriAfter("\u001b[6~")).toBe(`s3://acme-lake/prod/${table}/batch=000/part=024`);
    // Filtering 100,000 rows as you type, on what the rows show (not the folder names).
    await app.press("/", ..."099 · part 999");
    const filtered = await app.waitForText("1 of 100,000");
    expect(filtered).toContain("batch 099 · part 999");
  }, 60_000);
});

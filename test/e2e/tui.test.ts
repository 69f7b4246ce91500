// The built CLI in a real terminal (tmux): what a person sees and types, on a demo lake in a tmp dir.
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, GetBucketLifecycleConfigurationCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDemoLake } from "../../src/demo/index.js";
import { S3Store } from "../../src/storage/s3-store.js";
import { DEFAULT_RULES_UNDER_LAKE, rulePrefixes } from "../cost/_policy.js";
import { parquetWriter } from "../parquet/_duckdb.js";
import { buildCli, cli } from "../preview/_cli.js";

// A tmux server of our own, so nothing here touches the user's sessions or other tests'.
const socket = `medallion-e2e-tui-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
const screen = (session: string, escapes = false) =>
  tmux("capture-pane", "-p", ...(escapes ? ["-e"] : []), "-t", session);

async function waitFor(session: string, test: (shown: string) => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = screen(session);
    if (test(shown)) return shown;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${shown}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const waitForText = (session: string, text: string, timeoutMs?: number) =>
  waitFor(session, (s) => s.includes(text), JSON.stringify(text), timeoutMs);

/** Sends keys one at a time, as a person types them, and counts them. */
function keyboard(session: string) {
  let count = 0;
  return {
    get count() {
      return count;
    },
    async press(...keys: string[]) {
      for (const key of keys) {
        tmux("send-keys", "-t", session, key);
        count += 1;
        await new Promise((r) => setTimeout(r, 150));
      }
    },
  };
}

/** Starts `command` in a fresh terminal of that size; after it exits, the pane says how. */
function launch(session: string, width: number, height: number, cwd: string, command: string, env = "") {
  tmux(
    "new-session",
    "-d",
    "-s",
    session,
    "-x",
    String(width),
    "-y",
    String(height),
    `cd ${cwd} && ${env} node ${cli} ${command}; echo "EXITED:$?"; sleep 60`,
  );
}

/** SGR parameters that set a colour (30–38, 40–48, 90–107); 39/49 only reset to the default. */
function colourCodes(escaped: string): string[] {
  const codes: string[] = [];
  // SGR sequences: ESC [ params m.
  for (const match of escaped.matchAll(new RegExp(`${"\u001b"}\\[([0-9;]*)m`, "g"))) {
    for (const p of (match[1] ?? "").split(";")) {
      const n = Number(p);
      if ((n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 107)) codes.push(p);
    }
  }
  return codes;
}

let lake: string;

/** Writes the rows of `sql` with DuckDB as `<folder>/part-0.parquet` in the demo lake. */
async function placeParquet(folder: string, sql: string): Promise<void> {
  const duck = await parquetWriter();
  try {
    const name = await duck.write("placed.parquet", sql);
    mkdirSync(path.join(lake, folder), { recursive: true });
    copyFileSync(path.join(duck.dir, name), path.join(lake, folder, "part-0.parquet"));
  } finally {
    duck.close();
  }
}

/** `medallion` at 80×24, then `:<file>` Enter: the file's preview; the keyboard that typed it. */
async function previewAt80x24(session: string, file: string) {
  launch(session, 80, 24, lake, "");
  await waitFor(session, (s) => s.includes("bronze/") && s.includes("/ filter"), "the first frame");
  const keys = keyboard(session);
  await keys.press(":");
  tmux("send-keys", "-t", session, "-l", file);
  await keys.press("Enter");
  return keys;
}

beforeAll(async () => {
  await buildCli();
  lake = path.join(mkdtempSync(path.join(tmpdir(), "medallion-e2e-tui-")), "demo-lake");
  await createDemoLake(lake, { days: 6, endDate: new Date(Date.UTC(2024, 0, 31)) });
}, 180_000);

afterAll(() => {
  spawnSync("tmux", ["-L", socket, "kill-server"]);
});

describe("the terminal UI on the demo lake (built CLI, real terminal)", () => {
  it("goes from `medallion` to a previewed Parquet row in 4 keystrokes, and q restores the terminal", async () => {
    const session = "drill";
    launch(session, 120, 40, lake, "");
    const first = await waitForText(session, "bronze/");
    expect(first).toContain(`Medallion  ${lake}  local folder  catalog local`);
    const keys = keyboard(session);
    // Enter: bronze (the cursor starts on the first layer) → Enter: sales → G: payments (the last
    // table) → p: preview its first file.
    await keys.press("Enter");
    await waitForText(session, "sales/");
    await keys.press("Enter");
    await waitForText(session, "payments/");
    await keys.press("G", "p");
    const shown = await waitFor(session, (s) => /^\s*1 PAY-\d+ +ORD-\d+/m.test(s), "the first Parquet row");
    expect(keys.count).toBe(4);
    expect(keys.count).toBeLessThanOrEqual(5);
    expect(shown).toContain("bronze/sales/payments/year=2024/month=01/part-");
    expect(shown).toMatch(/parquet · [\d.]+ KiB/);
    expect(shown).toMatch(/rows 1–\d+ of [\d,]+ · row group 1\/\d+/);
    expect(shown).toContain("payment_id");
    // Several rows, numbered, each with a payment id.
    expect(shown.split("\n").filter((l) => /^\s*\d+ PAY-\d+/.test(l)).length).toBeGreaterThan(20);

    // The other panes of the same file.
    await keys.press("2");
    await waitForText(session, "payment_id  string");
    await keys.press("3");
    await waitFor(
      session,
      (s) => /row group 1\/\d+ · rows 1–[\d,]+ \([\d,]+\)/.test(s) && s.includes("SNAPPY"),
      "row group stats",
    );
    await keys.press("4");
    await waitForText(session, "source = medallion demo: payments export");

    await keys.press("q");
    const after = await waitForText(session, "EXITED:0");
    // Back on the normal screen: the app's frame is gone with the alternate screen.
    expect(after).not.toContain("Medallion  ");
  }, 90_000);

  it("at 80×24: goes to row 1,300 of a wide Parquet file, opens it as a record, then scrolls right three pages", async () => {
    // 2,000 rows, 42 columns: an id (the row number), 39 short ones, a long note and a struct.
    await placeParquet(
      "silver/web/wide",
      `SELECT i + 1 AS id, ${Array.from({ length: 39 }, (_, c) => `'c${c + 1}-' || (i + 1) AS c${c + 1}`).join(", ")},
         repeat('long note ', 12) || 'END-' || (i + 1) AS note,
         {'city': 'city-' || (i + 1), 'zip': (75000 + i)::VARCHAR} AS address
       FROM range(2000) t(i)`,
    );
    const session = "record";
    const keys = await previewAt80x24(session, "silver/web/wide/part-0.parquet");
    await waitFor(session, (s) => /^\s*1 +1 +c1-1 /m.test(s), "the first row");
    await keys.press("#", "1", "3", "0", "0");
    await waitForText(session, "go to row: 1300");
    await keys.press("Enter");
    const grid = await waitFor(session, (s) => /^\s*1,300 +1300 +c1-1300 /m.test(s), "row 1,300 in the grid");
    expect(grid).toMatch(/row 1,300 · rows [\d,]+–[\d,]+ of 2,000/);

    await keys.press("Enter");
    const record = await waitFor(
      session,
      (s) => s.includes("record: row 1,300 of 2,000") && /^id +1300$/m.test(s),
      "the record of row 1,300",
    );
    expect(record).toMatch(/^c1 +c1-1300$/m);
    for (const line of record.trimEnd().split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    // Down to its last columns: the long note whole over several lines, the struct one field a line.
    await keys.press("G");
    const end = await waitFor(
      session,
      (s) => s.includes('"city": "city-1300"'),
      "the struct, pretty-printed",
    );
    expect(end).toMatch(/^address +\{$/m);
    expect(end).toMatch(/^ +"zip": "76299"$/m);
    const note = end
      .split("\n")
      .filter((l) => /^(note)? +\S/.test(l) && !l.includes('"') && !/[{}]/.test(l))
      .map((l) => l.replace(/^(note)? +/, ""))
      .join("");
    // Wrapped at any character: compare without the spaces the wrap may have moved.
    expect(note.replaceAll(" ", "")).toContain(`${"long note ".repeat(12)}END-1300`.replaceAll(" ", ""));

    // Back to the grid and three pages right: the row number and the id stay, the columns move on.
    await keys.press("Escape");
    await waitFor(session, (s) => /^\s*1,300 +1300 +c1-1300 /m.test(s), "the grid again");
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      await keys.press(">");
      const shown = await waitFor(
        session,
        (s) => {
          const at = /columns 1, (\d+)–(\d+) of 42/.exec(s);
          return at !== null && !seen.includes(at[1] ?? "") && !/^\s*1,300 +1300 .*…/m.test(s);
        },
        `page ${page} to the right`,
      );
      const at = /columns 1, (\d+)–(\d+) of 42/.exec(shown);
      seen.push(at?.[1] ?? "");
      const first = Number(at?.[1]) - 1; // the data column cN is column N + 1
      expect(shown).toMatch(new RegExp(`^\\s*1,300 +1300 +c${first}-1300 `, "m"));
    }
    expect(Number(seen[2])).toBeGreaterThan(Number(seen[1]));
    expect(Number(seen[1])).toBeGreaterThan(Number(seen[0]));
    await keys.press("q");
    await waitForText(session, "EXITED:0");
  }, 120_000);

  it("at 80×24: s sorts a preview's loaded rows by the column under the cursor, f filters them, Esc clears", async () => {
    // 300 rows: the first page loads 100. Amounts whose text order is not their value order; every 10th null.
    await placeParquet(
      "silver/web/sortable",
      `SELECT i + 1 AS id,
         CASE WHEN i % 10 = 3 THEN NULL ELSE ((i * 37) % 101 + (i % 10) / 10)::DECIMAL(10,2) END AS amount,
         ['visa', 'amex', 'mastercard'][i % 3 + 1] AS brand
       FROM range(300) t(i)`,
    );
    const amount = (i: number) => ((i * 37) % 101) + (i % 10) / 10;
    const loaded = Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 10 !== 3);
    loaded.sort((a, b) => amount(a) - amount(b) || a - b);
    const [least] = loaded;
    const most = loaded[loaded.length - 1] as number;

    const session = "order";
    const keys = await previewAt80x24(session, "silver/web/sortable/part-0.parquet");
    await waitFor(session, (s) => /^\s*1 +1 +\d+\.\d0 +visa/m.test(s), "the first row");
    expect(screen(session)).toContain("s sort  f filter");

    await keys.press("Right", "s");
    let shown = await waitFor(
      session,
      (s) => s.includes("sorted by amount ↑ · 100 loaded rows of 300") && s.includes("amount ↑"),
      "sorted by amount",
    );
    const rows = () =>
      screen(session)
        .split("\n")
        .filter((l) => /^\s*\d+ +\d+ /.test(l));
    expect(rows()[0]).toMatch(
      new RegExp(
        `^\\s*${(least as number) + 1} +${(least as number) + 1} +${amount(least as number).toFixed(2)} `,
      ),
    );
    for (const line of shown.trimEnd().split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    await keys.press("s");
    await waitFor(session, (s) => s.includes("sorted by amount ↓"), "reversed");
    await waitFor(
      session,
      () => new RegExp(`^\\s*${most + 1} +${most + 1} +${amount(most).toFixed(2)} `).test(rows()[0] ?? ""),
      "the largest first",
    );
    // The record of the row under the cursor.
    await keys.press("Enter");
    shown = await waitForText(session, `record: row 1 of 100 shown (row ${most + 1})`);
    expect(shown).toMatch(new RegExp(`^id +${most + 1}$`, "m"));
    await keys.press("Escape");

    // f on brand, typed: only those rows, counted against the loaded ones.
    await keys.press("Right", "f");
    tmux("send-keys", "-t", session, "-l", "amex");
    shown = await waitForText(session, "filtered: 33 of 100 loaded rows");
    await keys.press("Enter");
    shown = await waitFor(
      session,
      (s) => s.includes("filtered: 33 of 100 loaded rows · sorted by amount ↓"),
      "filtered and sorted",
    );
    expect(rows().length).toBeGreaterThan(10);
    for (const line of rows()) expect(line).toMatch(/ amex\s*$/);
    // Esc: file order again, everything shown.
    await keys.press("Escape");
    shown = await waitFor(
      session,
      (s) => /rows [\d,]+–[\d,]+ of 300/.test(s) && !s.includes("sorted by"),
      "file order",
    );
    expect(shown).toContain("visa");
    await keys.press("q");
    await waitForText(session, "EXITED:0");
  }, 120_000);

  it("renders in 80×24, shows every key with ?, and draws no colour under NO_COLOR", async () => {
    const session = "small";
    launch(session, 80, 24, lake, "", "NO_COLOR=1");
    // A frame is drawn in several writes: wait until its last line (the footer) is there too.
    await waitFor(session, (s) => s.includes("bronze/") && s.includes("/ filter"), "the first full frame");
    const lines = screen(session).replace(/\n+$/, "").split("\n");
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^Medallion {2}/);
    expect(lines.some((l) => l.includes("⏎ open") && l.includes("/ filter"))).toBe(true);
    const escaped = screen(session, true);
    expect(escaped).toContain("\u001b[1m"); // bold survives: NO_COLOR removes only colour
    expect(colourCodes(escaped)).toEqual([]);

    const keys = keyboard(session);
    await keys.press("?");
    // The browser's keys no longer fit side by side at 80×24: the help scrolls (j/k) to the global ones.
    const first = await waitForText(session, "Browser");
    const keysSeen = [first];
    for (let i = 0; i < 12 && !keysSeen.join("\n").includes("Everywhere"); i++) {
      await keys.press("j");
      keysSeen.push(screen(session));
    }
    const help = keysSeen.join("\n");
    expect(help).toContain("Everywhere");
    expect(help).toContain("copy URI");
    await keys.press("Escape", "q");
    await waitForText(session, "EXITED:0");
  }, 60_000);

  it("draws in colour without NO_COLOR", async () => {
    const session = "colour";
    launch(session, 100, 30, lake, "");
    await waitForText(session, "bronze/");
    expect(colourCodes(screen(session, true)).length).toBeGreaterThan(0);
    await keyboard(session).press("q");
    await waitForText(session, "EXITED:0");
  }, 60_000);

  it("`medallion start` writes the demo lake when it is missing and opens the UI on it", async () => {
    const session = "start";
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-e2e-start-"));
    launch(session, 100, 30, dir, "start");
    await waitForText(session, "bronze/", 120_000);
    expect(existsSync(path.join(dir, "demo-lake", "medallion.yaml"))).toBe(true);
    expect(screen(session)).toContain(path.join(dir, "demo-lake"));
    await keyboard(session).press("q");
    await waitForText(session, "EXITED:0");
  }, 150_000);

  it("`medallion open` starts at a partition; y copies its URI into tmux's buffer with tmux's default settings", async () => {
    const session = "open";
    const table = "bronze/sales/orders";
    launch(session, 80, 24, lake, `open ${table}`);
    await waitFor(
      session,
      (s) => s.includes("bronze › sales › orders") && /2024 · 01 · \d\d/.test(s),
      "the partitions",
    );
    await keyboard(session).press("y");
    const shown = await waitForText(session, "copied ");
    const buffer = tmux("show-buffer");
    expect(buffer).toMatch(new RegExp(`^${lake}/${table}/year=2024/month=01/day=\\d\\d$`));
    expect(shown).toContain("copied (tmux buffer + terminal clipboard): ");
    await keyboard(session).press("q");
    await waitForText(session, "EXITED:0");
  }, 60_000);

  it("acts on Enter Enter j Enter pasted as one write, landing where the four keys lead", async () => {
    const session = "paste";
    launch(session, 80, 24, lake, "");
    await waitFor(session, (s) => s.includes("bronze/") && s.includes("/ filter"), "the first full frame");
    // One write to the terminal, as a paste or a laggy SSH link delivers it.
    tmux("send-keys", "-t", session, "-l", "\r\rj\r");
    // bronze → sales → (j) orders → its partitions.
    await waitFor(
      session,
      (s) => s.includes("bronze › sales › orders") && /2024 · 01 · \d\d/.test(s),
      "orders' partitions",
    );
    await keyboard(session).press("q");
    await waitForText(session, "EXITED:0");
  }, 60_000);

  it("takes a key remapped in the settings file: v previews, ? lists v for preview", async () => {
    const session = "keymap";
    const settings = mkdtempSync(path.join(tmpdir(), "medallion-e2e-settings-"));
    writeFileSync(
      path.join(settings, "settings.json"),
      JSON.stringify({ keymap: { browser: { preview: ["v"] } } }),
    );
    launch(session, 80, 24, lake, "open bronze/sales", `MEDALLION_SETTINGS_DIR=${settings}`);
    await waitFor(
      session,
      (s) => s.includes("payments/") && s.includes("v preview"),
      "the tables with v in the footer",
    );
    const keys = keyboard(session);
    await keys.press("?");
    const help = await waitForText(session, "Everywhere");
    expect(help).toMatch(/ v +preview/);
    await keys.press("Escape", "G", "v");
    await waitFor(session, (s) => /^\s*1 PAY-\d+/m.test(s), "the first Parquet row");
    await keys.press("q");
    await waitForText(session, "EXITED:0");
  }, 60_000);

  it("does not open on a lake it cannot reach: the CLI's one line, exit 2", async () => {
    const session = "unreachable";
    launch(session, 80, 24, lake, "--lake /nonexistent/medallion-lake");
    const shown = await waitForText(session, "EXITED:2");
    expect(shown).toMatch(/medallion: lake folder \/nonexistent\/medallion-lake does not exist/);
    expect(shown).not.toContain("Medallion  ");
  }, 60_000);

  it("`medallion` without a lake says in one line how to get one, exit 2", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-e2e-nolake-"));
    const run = spawnSync("node", [cli], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, MEDALLION_CONFIG: "" },
    });
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^medallion: no lake configured: .*--lake .*medallion demo/);
  });

  it("with --tenant acme: the header names the tenant, and a layer holds acme's folder alone", async () => {
    const session = "tenant";
    launch(session, 100, 24, lake, "--tenant acme");
    const first = await waitForText(session, "bronze/");
    expect(first).toContain(`Medallion  ${lake}  tenant acme  local folder  catalog local`);
    // The demo's silver and gold are the shop's, not acme's: only bronze holds acme's data.
    expect(first).not.toMatch(/silver\/|gold\//);
    await keyboard(session).press("Enter");
    const bronze = await waitForText(session, "tenant=acme/");
    expect(bronze).not.toContain("globex");
    expect(bronze).toMatch(/1 tenant ·/); // and no domain of the shop's beside it
    await keyboard(session).press("q");
    await waitForText(session, "EXITED:0");
  }, 60_000);

  it("at 80×24: P on orders shows its promotion plan, R the demo's runs, Enter one run's journal", async () => {
    const session = "promote";
    launch(session, 80, 24, lake, "open bronze/sales");
    await waitFor(session, (s) => s.includes("bronze › sales") && s.includes("orders"), "the tables");
    const keys = keyboard(session);
    await keys.press("j"); // customers → orders (sorted by name)
    await keys.press("P");
    let shown = await waitForText(session, "promote bronze/sales/orders → silver/sales/orders with duckdb");
    // The demo promoted everything already: nothing new to read.
    expect(shown).toContain("nothing new or changed since the last run of silver/sales/orders");
    await keys.press("R");
    shown = await waitForText(session, "committed");
    expect(shown).toMatch(/committed\s+silver\/sales\/orders/);
    await keys.press("Enter");
    shown = await waitForText(session, "inputs: ");
    for (const line of shown.trimEnd().split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    await keys.press("q");
    await waitForText(session, "EXITED:0");
  }, 90_000);

  it("at 80×24: c shows the demo's $/month by layer with the what-if, Enter drills into a layer, Esc back", async () => {
    const session = "cost";
    launch(session, 80, 24, lake, "");
    await waitFor(session, (s) => s.includes("bronze") && s.includes("silver"), "the layers");
    const keys = keyboard(session);
    await keys.press("c");
    let shown = await waitForText(session, "by layer");
    shown = await waitForText(session, "/month →");
    expect(shown).toMatch(/now \$[0-9.]+\/month → with the policy \$[0-9.]+\/month/);
    expect(shown).toMatch(/^bronze\s+[0-9,]+\s/m);
    for (const line of shown.trimEnd().split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    await keys.press("Enter");
    shown = await waitForText(session, "by table");
    expect(shown).toContain("bronze/sales/orders");
    await keys.press("Escape");
    await waitForText(session, "by layer");
    // A local lake has no lifecycle rules: a says so in one line and asks nothing.
    await keys.press("a");
    shown = await waitForText(
      session,
      "nothing to apply: lifecycle rules are S3's, and this lake is a local folder",
    );
    expect(shown).not.toContain("PutBucketLifecycleConfiguration");
    await keys.press("q");
    await waitForText(session, "EXITED:0");
  }, 90_000);

  it("at 80×24 under NO_COLOR on an S3 lake (moto): c, a shows the lifecycle JSON, y applies it to the bucket", async () => {
    const endpoint = inject("motoEndpoint");
    const s3 = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1" });
    const bucket = `e2e-cost-${process.pid}`;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    // The demo's orders of two days, as they sit in the local demo lake.
    const store = new S3Store({ bucket, prefix: "lake/", endpointUrl: endpoint });
    for (const day of ["30", "31"]) {
      const key = `bronze/sales/orders/year=2024/month=01/day=${day}/part-00000.json`;
      await store.put(key, readFileSync(path.join(lake, key)));
    }
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-e2e-cost-"));
    writeFileSync(
      path.join(dir, "medallion.yaml"),
      `lake: s3://${bucket}/lake\nendpointUrl: ${endpoint}\nregion: us-east-1\n`,
    );
    const session = "cost-apply";
    launch(session, 80, 24, dir, "", "NO_COLOR=1 AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing");
    await waitForText(session, "bronze/");
    const keys = keyboard(session);
    await keys.press("c");
    await waitForText(session, "/month →");
    await keys.press("a");
    let shown = await waitForText(session, `PutBucketLifecycleConfiguration s3://${bucket}`);
    expect(shown).toContain('"Rules": [');
    expect(shown).toContain(`Replace the lifecycle rules of bucket ${bucket} with these?`);
    for (const line of shown.trimEnd().split("\n")) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    expect(colourCodes(screen(session, true))).toEqual([]);
    await keys.press("y");
    shown = await waitForText(session, `applied 5 lifecycle rules to s3://${bucket}`);
    const rules = (await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }))).Rules ?? [];
    expect(rulePrefixes(rules)).toEqual(DEFAULT_RULES_UNDER_LAKE);
    await keys.press("q");
    await waitForText(session, "EXITED:0");
  }, 90_000);
});

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, expectTypeOf, it } from "vitest";
import {
  globalBindings,
  keyLabel,
  keymapProblem,
  paletteBindings,
  remapBindings,
} from "../../components/keys.js";
import { screenKeys } from "../../components/screen-keys.js";
import { type BrowserAction, browserBindings } from "../../components/screens/browser-keys.js";
import { confirmBindings, type DiffScreenAction, diffBindings } from "../../components/sync/keys.js";
import { openSettings } from "../../src/config/settings.js";
import { KEYS, renderApp } from "./render-app.js";

afterEach(() => cleanup());

describe("the user's keymap", () => {
  it("replaces the keys of a remapped action and takes its new keys from every other action", () => {
    const remapped = remapBindings(browserBindings, { preview: ["v", "o"] });
    expect(remapped.find((b) => b.action === "preview")?.keys).toEqual(["v", "o"]);
    // `o` sorted before; now it previews, so the sort keeps only its other keys.
    const sort = remapped.find((b) => b.action === "sort");
    expect(sort?.keys).not.toContain("o");
    expect(remapBindings(browserBindings, undefined)).toBe(browserBindings);
  });

  it("hands a screen's handler the action of its own table, the user's keys applied", () => {
    const acted: BrowserAction[] = [];
    const keys = screenKeys(browserBindings, (action) => {
      expectTypeOf(action).toEqualTypeOf<BrowserAction>();
      acted.push(action);
    });
    expect(keys.act("v", { preview: ["v"] })).toBe(true);
    expect(keys.act("p", { preview: ["v"] })).toBe(false);
    expect(keys.act("G", undefined)).toBe(true);
    expect(acted).toEqual(["preview", "last"]);
    // A screen with modes takes the union of its tables: the confirmation's `apply` is one of them.
    const modes: DiffScreenAction[] = [];
    screenKeys<DiffScreenAction>(confirmBindings, (action) => modes.push(action)).act("y", undefined);
    screenKeys<DiffScreenAction>(diffBindings, (action) => modes.push(action)).act("s", undefined);
    expect(modes).toEqual(["apply", "sync"]);
  });

  it("draws the palette's hint line from its table and acts on a remapped palette key", async () => {
    const app = renderApp({
      keymap: { palette: { next: ["ctrl-o"] } },
      size: { width: 160, height: 30 },
    });
    await app.waitForText("bronze/");
    await app.press(":");
    const palette = await app.waitForText("ctrl-o next");
    for (const b of paletteBindings.filter((b) => b.footer !== false && b.action !== "next"))
      expect(palette).toContain(`${keyLabel(b.keys[0] ?? "")} ${b.description}`);
    // The choices are the screens (browser, diff, catalog): ctrl-o twice, then Enter opens the third.
    await app.press("\u000f", "\u000f", KEYS.enter);
    await app.waitForText("a all/out of step");
  });

  it("names an action or screen the keymap gets wrong, with what exists", () => {
    const actions = { browser: ["open", "preview"], global: ["quit"] };
    expect(keymapProblem({ browser: { previw: ["v"] } }, actions)).toBe(
      "keymap.browser.previw: no such action (actions: open, preview)",
    );
    expect(keymapProblem({ browsr: {} }, actions)).toMatch(/^keymap\.browsr: no such screen/);
    expect(keymapProblem({ global: { quit: ["x"] } }, actions)).toBeUndefined();
  });

  it("acts on the remapped key, shows it in the footer and the help, and no longer on the old one", async () => {
    const app = renderApp({
      keymap: { browser: { preview: ["v"] }, global: { help: ["H"] } },
      start: { screen: "browser", params: { path: "bronze/sales" } },
    });
    await app.waitForText("payments/");
    expect(app.frame()).toContain("v preview");
    await app.press("G", "p");
    await new Promise((r) => setTimeout(r, 100));
    expect(app.lake.opened).toEqual([]);
    await app.press("v");
    await app.waitForText("payment_id-0");
    expect(app.lake.opened).toEqual(["bronze/sales/payments/year=2024/month=01/part-0.parquet"]);
    await app.press("\u001b");
    await app.waitForText("payments/");
    await app.press("H");
    const help = await app.waitForText("Everywhere");
    expect(help).toMatch(/ v +preview/);
    expect(help).toMatch(/ H +help/);
  });

  it("says in the status line when the keymap names an action that does not exist, and keeps the defaults", async () => {
    const app = renderApp({ keymap: { browser: { previw: ["v"] } } });
    const frame = await app.waitForText("keymap.browser.previw: no such action");
    expect(frame).toContain("p preview");
    expect(globalBindings.length).toBeGreaterThan(0);
  });
});

describe("the settings file", () => {
  it("reads the keymap from settings.json in $MEDALLION_SETTINGS_DIR and remembers sorts and recent paths", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-settings-"));
    writeFileSync(
      path.join(dir, "settings.json"),
      JSON.stringify({ keymap: { browser: { preview: ["v"] } } }),
    );
    const settings = await openSettings({ MEDALLION_SETTINGS_DIR: dir });
    expect(settings.path).toBe(path.join(dir, "settings.json"));
    expect(settings.read().keymap).toEqual({ browser: { preview: ["v"] } });
    settings.rememberPath("bronze/sales");
    settings.rememberPath("silver/sales");
    settings.rememberPath("bronze/sales");
    settings.rememberSort("partition", "size");
    await settings.saved();
    const again = (await openSettings({ MEDALLION_SETTINGS_DIR: dir })).read();
    expect(again.recentPaths).toEqual(["bronze/sales", "silver/sales"]);
    expect(again.sorts).toEqual({ partition: "size" });
  });

  it("restores the last sort chosen at a level on coming back to it, in this session and the next", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-settings-"));
    const store = await openSettings({ MEDALLION_SETTINGS_DIR: dir });
    const app = renderApp({
      remembered: store.read(),
      settingsStore: store,
      start: { screen: "browser", params: { path: "bronze/sales" } },
    });
    await app.waitForText("sort name ↑");
    await app.press("o", "O");
    await app.waitForText("sort size ↑");
    // Into a table (its partitions keep their own order), and back to the tables.
    // Smallest first: customers, payments, orders.
    await app.press("j", KEYS.enter);
    await app.waitForText("year 2024");
    expect(app.frame()).toContain("sort name ↑");
    await app.press(KEYS.esc);
    await app.waitForText("sort size ↑");
    app.unmount();
    await store.saved();

    const next = await openSettings({ MEDALLION_SETTINGS_DIR: dir });
    expect(next.read().sorts).toEqual({ table: "-size" });
    const again = renderApp({
      remembered: next.read(),
      settingsStore: next,
      start: { screen: "browser", params: { path: "bronze/sales" } },
    });
    await again.waitForText("sort size ↑");
  });

  it("offers the files and tables opened last time in the `:` palette, newest first", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-settings-"));
    const store = await openSettings({ MEDALLION_SETTINGS_DIR: dir });
    const file = "bronze/sales/payments/year=2024/month=01/part-0.parquet";
    const app = renderApp({ remembered: store.read(), settingsStore: store });
    await app.waitForText("bronze/");
    await app.press(":", ...file, KEYS.enter);
    await app.waitForText("payment_id-0");
    app.unmount();
    await store.saved();

    const next = await openSettings({ MEDALLION_SETTINGS_DIR: dir });
    expect(next.read().recentPaths).toEqual([file]);
    const again = renderApp({ remembered: next.read(), settingsStore: next });
    await again.waitForText("bronze/");
    await again.press(":");
    await again.waitForText(`${file} recent`);
    // Typed text narrows them; Enter on the recent file opens it in the preview.
    await again.press(..."part-0", KEYS.down, KEYS.enter);
    await again.waitForText("payment_id-0");
    expect(again.lake.opened).toEqual([file]);
  });

  it("says which file and field are wrong in one line", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "medallion-settings-"));
    writeFileSync(path.join(dir, "settings.json"), JSON.stringify({ keymap: { browser: { preview: "v" } } }));
    const settings = await openSettings({ MEDALLION_SETTINGS_DIR: dir });
    expect(() => settings.read()).toThrow(`${path.join(dir, "settings.json")}: keymap.browser.preview: `);
    writeFileSync(path.join(dir, "settings.json"), "{ keymap:");
    expect(() => settings.read()).toThrow(`${path.join(dir, "settings.json")}: not valid JSON: `);
  });
});

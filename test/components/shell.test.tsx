import { EventEmitter } from "node:events";
import { type Key, render } from "ink";
import { cleanup } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "../../components/app.js";
import { footerHints, globalBindings, keyName, typedAheadKeys } from "../../components/keys.js";
import { browserBindings } from "../../components/screens/browser-keys.js";
import { previewBindings } from "../../components/screens/preview-keys.js";
import { themeFor } from "../../components/theme.js";
import { fakeLake } from "./fake-lake.js";
import { KEYS, renderApp } from "./render-app.js";

afterEach(() => cleanup());

/** A terminal whose size can change, like a resized window. */
class ResizableStdout extends EventEmitter {
  last = "";
  isTTY = false;
  constructor(
    public columns: number,
    public rows: number,
  ) {
    super();
  }
  write = (frame: string) => {
    this.last = frame;
    return true;
  };
  resize(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.emit("resize");
  }
}

class TestStdin extends EventEmitter {
  isTTY = true;
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read = () => null;
}
const ink = { TestStdin };

async function until(predicate: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("app shell", () => {
  it("lists every key of the screen and the global ones in the help overlay, from the same table", async () => {
    const app = renderApp({ size: { width: 100, height: 40 } });
    await app.waitForText("bronze/");
    await app.press("?");
    const help = await app.waitForText("Everywhere");
    for (const b of [...browserBindings, ...globalBindings]) expect(help).toContain(b.description);
    expect(help).toContain("G/end");
    expect(help).toContain("q/ctrl-c");
    // The footer is empty under the overlay and any key closes it.
    await app.press("x");
    const back = await app.waitForText("⏎ open");
    expect(back).not.toContain("Everywhere");
  });

  it("jumps to a lake path typed in the palette", async () => {
    const app = renderApp();
    await app.waitForText("bronze/");
    await app.press(":", ..."bronze/sales/payments");
    await app.waitForText("go to bronze/sales/payments");
    await app.press(KEYS.enter);
    const frame = await app.waitForText("year 2024 · month 01");
    expect(frame).toContain("bronze › sales › payments");
  });

  it("accepts an s3:// URI in the palette and says in one line when it is outside the lake", async () => {
    const app = renderApp();
    await app.waitForText("bronze/");
    await app.press(":", ..."s3://other-bucket/x", KEYS.enter);
    // The palette stays open with the reason under the typed text; Esc goes back to the listing.
    await app.waitForText("outside the lake");
    await app.press(KEYS.esc);
    await app.waitForText("bronze/");
    await app.press(":", ..."s3://acme-lake/prod/bronze/sales", KEYS.enter);
    await app.waitForText("payments/");
  });

  it("completes from paths seen this session and opens files in the preview", async () => {
    const app = renderApp();
    await app.waitForText("bronze/");
    await app.press(":", ..."bronze/sales/payments/year=2024/month=01", KEYS.enter);
    await app.waitForText("part-0.parquet");
    await app.press(":", ..."part-0");
    await app.waitForText("bronze/sales/payments/year=2024/month=01/part-0.parquet");
    // ↓ past the typed text to the known file, Enter opens it in the preview.
    await app.press(KEYS.down, KEYS.enter);
    await app.waitForText("payment_id-0");
    expect(app.lake.opened).toEqual(["bronze/sales/payments/year=2024/month=01/part-0.parquet"]);
  });

  it("takes keys that arrive in one read one by one, each after the screen redrew (G then p)", async () => {
    const app = renderApp({ start: { screen: "browser", params: { path: "bronze/sales" } } });
    await app.waitForText("payments/");
    app.stdin.write("Gp");
    await app.waitForText("payment_id-0");
    expect(app.lake.opened).toEqual(["bronze/sales/payments/year=2024/month=01/part-0.parquet"]);
  });

  it("acts on every key of a paste in order: Enter Enter j Enter in one write opens what they lead to", async () => {
    const app = renderApp();
    await app.waitForText("bronze/");
    // Enter opens bronze, Enter opens bronze/sales, j moves to orders, Enter opens it.
    app.stdin.write("\r\rj\r");
    await app.waitFor(() => app.lake.listed.includes("bronze/sales/orders"), "orders listed");
    expect(app.lake.listed).toEqual(["", "bronze", "bronze/sales", "bronze/sales/orders"]);
  });

  it("splits a run of typed-ahead text into the presses it stands for", () => {
    const chunk = typedAheadKeys("\r\tJ\u007f\u0001x", { return: false, ctrl: false } as Key);
    expect(chunk.map(({ input, key }) => keyName(input, key))).toEqual([
      "enter",
      "tab",
      "J",
      "backspace",
      "ctrl-a",
      "x",
    ]);
  });

  it("says in the palette, in one line, when a typed path has nothing at it, and stays open", async () => {
    const app = renderApp();
    await app.waitForText("bronze/");
    await app.press(":", ..."bronze/nope", KEYS.enter);
    const frame = await app.waitForText("nothing at bronze/nope");
    expect(frame).toContain(":bronze/nope");
    expect(frame).not.toContain("⏎ go");
    // Typing again clears the line; a path that lists something is gone to.
    await app.press(KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace, ..."sales", KEYS.enter);
    await app.waitForText("payments/");
    expect(app.frame()).not.toContain("nothing at");
  });

  it("suggests the path a mistyped one most likely meant", async () => {
    const app = renderApp();
    await app.waitForText("bronze/");
    await app.press(":", ..."bronze/slaes/ordres", KEYS.enter);
    const frame = await app.waitForText("did you mean");
    expect(frame).toContain("nothing at bronze/slaes/ordres (did you mean bronze/sales/orders?)");
  });

  it("takes the only match on Enter when one remains besides the typed text", async () => {
    const app = renderApp();
    await app.waitForText("bronze/");
    await app.press(":", ..."bronze/sales/payments/year=2024/month=01", KEYS.enter);
    await app.waitForText("part-0.parquet");
    await app.press(":", ..."zz-corr");
    const frame = await app.waitForText("go to zz-corr");
    expect(frame).toContain("month=01/zz-corrupt.parquet");
    // One match besides the typed text: Enter opens it without moving to it first.
    await app.press(KEYS.enter);
    await app.waitFor(() => app.lake.opened.length > 0, "the file opened");
    expect(app.lake.opened).toEqual(["bronze/sales/payments/year=2024/month=01/zz-corrupt.parquet"]);
  });

  it("quits on :q", async () => {
    const app = renderApp();
    await app.waitForText("bronze/");
    let exited = false;
    app.stdin.on("removeListener", () => {
      exited = true;
    });
    await app.press(":", "q");
    await app.waitForText("quit Medallion");
    expect(exited).toBe(false);
    await app.press(KEYS.enter);
    await app.waitFor(() => exited, "the app to exit");
  });

  it("Esc closes the palette without going anywhere", async () => {
    const app = renderApp();
    await app.waitForText("bronze/");
    await app.press(":", "x", KEYS.esc);
    const frame = await app.waitForText("⏎ open");
    expect(frame).not.toContain("go to x");
    expect(app.lake.listed).toEqual([""]);
  });

  it("fits an 80×24 terminal: no line wider than 80, header to footer in 24 lines", async () => {
    const app = renderApp({
      size: { width: 80, height: 24 },
      start: { screen: "browser", params: { path: "bronze/sales/payments" } },
    });
    const frame = await app.waitForText("year 2024 · month 01");
    const lines = frame.split("\n");
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(80);
    expect(lines[0]).toContain("Medallion");
    expect(lines[lines.length - 1]).toContain("⏎ open");
  });

  it("follows a terminal resize", async () => {
    const stdout = new ResizableStdout(80, 24);
    const stdin = new ink.TestStdin();
    const instance = render(<App source={fakeLake()} theme={{}} />, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      debug: true,
      exitOnCtrlC: false,
      patchConsole: false,
    });
    try {
      await until(() => stdout.last.includes("bronze/"));
      expect(Math.max(...stdout.last.split("\n").map((l) => l.length))).toBeLessThanOrEqual(80);
      stdout.resize(140, 30);
      await until(
        () =>
          stdout.last.split("\n")[0]?.includes("READ-ONLY") === true &&
          (stdout.last.split("\n")[0]?.length ?? 0) > 100,
      );
      // One line short of the terminal, so Ink never has to clear the screen.
      expect(stdout.last.split("\n").length).toBe(29);
    } finally {
      instance.unmount();
    }
  });

  it("quits on q", async () => {
    const app = renderApp();
    await app.waitForText("bronze/");
    let exited = false;
    // Ink's exit unmounts the tree; the frame stops changing and the stdin listener goes away.
    app.stdin.on("removeListener", () => {
      exited = true;
    });
    await app.press("q");
    await app.waitFor(() => exited, "the app to exit");
  });
});

describe("keys as data", () => {
  it("names keys the way the tables spell them", () => {
    const none = {
      upArrow: false,
      downArrow: false,
      leftArrow: false,
      rightArrow: false,
      pageDown: false,
      pageUp: false,
      home: false,
      end: false,
      return: false,
      escape: false,
      ctrl: false,
      shift: false,
      tab: false,
      backspace: false,
      delete: false,
      meta: false,
      super: false,
      hyper: false,
      capsLock: false,
      numLock: false,
    };
    expect(keyName("", { ...none, delete: true })).toBe("backspace");
    expect(keyName("", { ...none, return: true })).toBe("enter");
    expect(keyName("", { ...none, escape: true, meta: true })).toBe("esc");
    expect(keyName("", { ...none, tab: true, shift: true })).toBe("shift-tab");
    expect(keyName("c", { ...none, ctrl: true })).toBe("ctrl-c");
    expect(keyName("G", { ...none, shift: true })).toBe("G");
  });

  it("builds the footer from the table, hiding motion keys and stopping at the width", () => {
    const footer = footerHints(previewBindings, 200);
    expect(footer).toContain("tab next tab");
    expect(footer).not.toContain("scroll down");
    expect(footerHints(previewBindings, 20).length).toBeLessThanOrEqual(20);
  });

  it("drops every colour under NO_COLOR", () => {
    expect(themeFor({ NO_COLOR: "1" })).toEqual({});
    expect(themeFor({ NO_COLOR: "" }).accent).toBeDefined();
    expect(themeFor({}).error).toBeDefined();
  });
});

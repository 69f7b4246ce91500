import { describe, expect, it } from "vitest";
import { copyNotice, terminalClipboard, tmuxCopy } from "../../components/clipboard.js";
import { firstFrame } from "../../components/first-frame.js";
import { headerFor } from "../../components/lake-source.js";
import { entryLayout, entryRowCells } from "../../components/render/entry-row.js";
import { breadcrumb, listingLevel, looksLikeFile, parentPath } from "../../components/render/lake-paths.js";
import { sortFromSetting, sortSetting } from "../../components/render/list-order.js";
import { defaultChoice, labelParts, paletteChoices } from "../../components/render/palette.js";
import { windowLayout } from "../../components/render/window-grid.js";
import { browserScreen } from "../../components/screens/browser.js";
import { previewScreen } from "../../components/screens/preview.js";
import { visibleColumns } from "../../components/widgets/grid.js";
import { move, moveTo } from "../../components/widgets/window.js";
import type { Config } from "../../src/config/index.js";
import type { LakeEntry } from "../../src/lake/entry.js";
import { listingShape } from "../../src/lake/render.js";
import { MAX_CELL } from "../../src/render/table.js";
import { cutMiddle, fitText } from "../../src/render/text.js";
import { entry, partition } from "./fake-lake.js";

describe("lake paths in the browser", () => {
  it("goes back from a partition to its table, since partitions are listed flat under it", () => {
    expect(parentPath("bronze/sales/orders/year=2024/month=01/day=15")).toBe("bronze/sales/orders");
    expect(parentPath("bronze/sales/orders/year=2024/month=01/day=15/part-0.json")).toBe(
      "bronze/sales/orders/year=2024/month=01/day=15",
    );
    expect(parentPath("bronze/tenant=acme/sales/orders/year=2024")).toBe("bronze/tenant=acme/sales/orders");
    expect(parentPath("bronze/tenant=acme")).toBe("bronze");
    expect(parentPath("bronze")).toBe("");
  });

  it("shows the partition as one crumb", () => {
    expect(breadcrumb("")).toBe("lake");
    expect(breadcrumb("silver/sales/orders/year=2024/month=01")).toBe(
      "silver › sales › orders › year=2024/month=01",
    );
  });

  it("names the level a path lists, tenants and all, for the sort kept per level", () => {
    expect(
      ["", "bronze", "bronze/tenant=acme", "bronze/tenant=acme/sales", "bronze/sales/orders"].map(
        listingLevel,
      ),
    ).toEqual(["layer", "domain", "domain", "table", "partition"]);
    expect(listingLevel("bronze/sales/orders/year=2024/month=01")).toBe("file");
    expect(sortFromSetting(sortSetting("size", true))).toEqual({ sort: "size", reversed: true });
    expect(sortFromSetting("name")).toEqual({ sort: "name", reversed: false });
    expect(sortFromSetting("colour")).toBeUndefined();
  });

  it("tells files from folders by their extension", () => {
    expect(looksLikeFile("bronze/sales/orders/year=2024/part-0.json.gz")).toBe(true);
    expect(looksLikeFile("silver/sales/orders")).toBe(false);
  });
});

describe("text", () => {
  it("cuts a long file path in the middle, keeping partition and file name", () => {
    const cut = cutMiddle("bronze/sales/payments/year=2024/month=01/part-00000-fb254c91.snappy.parquet", 60);
    expect(cut).toHaveLength(60);
    expect(cut.startsWith("bronze/sales/payments/")).toBe(true);
    expect(cut.endsWith(".snappy.parquet")).toBe(true);
  });
});

describe("palette choices", () => {
  const screens = [browserScreen, previewScreen];
  it("offers the typed location first, then matching paths seen this session", () => {
    const choices = paletteChoices("orders", screens, [
      "bronze/sales/orders",
      "silver/sales/orders",
      "bronze/sales",
    ]);
    expect(choices.map((c) => c.label)).toEqual([
      "go to orders",
      "bronze/sales/orders",
      "silver/sales/orders",
    ]);
  });

  it("marks only the characters that match, and no part of the typed location itself", () => {
    const choices = paletteChoices("Orders", screens, ["bronze/sales/orders"]);
    expect(choices.map(labelParts)).toEqual([
      ["go to Orders", "", ""],
      ["bronze/sales/", "orders", ""],
    ]);
    // The only match besides what was typed is what Enter takes; not when the typed path was seen itself.
    expect(defaultChoice(choices)).toBe(1);
    expect(
      defaultChoice(paletteChoices("bronze/sales", screens, ["bronze/sales", "bronze/sales/orders"])),
    ).toBe(0);
    expect(paletteChoices("q", screens, [])[0]?.target).toEqual({ quit: true });
  });

  it("opens a screen by its id, with an argument", () => {
    const [first] = paletteChoices("browser silver/sales", screens, []);
    expect(first?.target).toEqual({ screen: "browser", params: { path: "silver/sales" } });
  });

  it("does not offer screens that need a file, like the preview", () => {
    expect(paletteChoices("", screens, []).map((c) => c.label)).toEqual(["browser — Browser"]);
  });
});

describe("virtual window", () => {
  it("scrolls only as far as needed to keep the cursor on screen", () => {
    expect(moveTo({ top: 0, cursor: 0 }, 25, 100_000, 20)).toEqual({ top: 6, cursor: 25 });
    expect(moveTo({ top: 6, cursor: 25 }, 10, 100_000, 20)).toEqual({ top: 6, cursor: 10 });
    expect(move({ top: 0, cursor: 0 }, "last", 100_000, 20)).toEqual({ top: 99_980, cursor: 99_999 });
    expect(move({ top: 0, cursor: 5 }, "pageDown", 100_000, 20)).toEqual({ top: 5, cursor: 24 });
    expect(move({ top: 0, cursor: 0 }, "up", 0, 20)).toEqual({ top: 0, cursor: 0 });
  });
});

describe("columns that fit", () => {
  it("keeps frozen columns and scrolls the rest", () => {
    const columns = [5, 10, 10, 10, 10].map((width, i) => ({ title: `c${i}`, width }));
    expect(visibleColumns(columns, 30, 0, 1)).toEqual([0, 1, 2]);
    expect(visibleColumns(columns, 30, 2, 1)).toEqual([0, 3, 4]);
  });

  const partitions = [
    partition(
      "bronze/sales/orders",
      [
        ["year", "2024"],
        ["month", "01"],
        ["day", "15"],
      ],
      {
        anomalies: [{ kind: "unknown-key", segment: "x=1", message: "x is not a key of the table" }],
      },
    ),
  ];
  const badge = { id: "catalog", title: "catalog", width: 10, cell: () => ({ text: "✓" }) };
  const total = (columns: { width: number }[]) => columns.reduce((n, c) => n + c.width + 1, -1);

  it("shows partitions in full, with an anomalies column, when the width allows", () => {
    const wide = entryLayout(140, listingShape(partitions));
    expect(wide.compact).toBe(false);
    expect(wide.columns.map((c) => c.title)).toContain("anomalies");
    expect(total(wide.columns)).toBeLessThanOrEqual(140);
    expect(entryRowCells(partitions[0] as LakeEntry, wide)[1]?.text).toBe("year 2024 · month 01 · day 15");
  });

  it("puts the keys in the title and only values in the rows when 80 columns are tight", () => {
    const narrow = entryLayout(80, listingShape(partitions), [badge]);
    expect(narrow.compact).toBe(true);
    expect(narrow.columns[1]?.title).toBe("year · month · day");
    expect(narrow.columns.map((c) => c.title)).toEqual([
      "",
      "year · month · day",
      "catalog",
      "objects",
      "size",
      "storage",
      "modified (UTC)",
    ]);
    expect(total(narrow.columns)).toBeLessThanOrEqual(80);
    expect(entryRowCells(partitions[0] as LakeEntry, narrow, [badge])[1]?.text).toBe("2024 · 01 · 15");
    expect(entryRowCells(partitions[0] as LakeEntry, narrow, [badge])[2]?.text).toBe("✓");
    // Without the badge the full form fits in 80.
    expect(entryLayout(80, listingShape(partitions)).compact).toBe(false);
  });

  it("gives files no objects column (always 1) and cuts their names in the middle, keeping the extension", () => {
    // Two Spark jobs' files: the same long start, told apart by their uuid, the extension at the end.
    const files = ["8f1e2d3c-4b5a", "9a2b7c6d-1e0f"].map((uuid) =>
      entry(
        "file",
        `silver/sales/orders/year=2024/part-00000-${uuid}-6978-8a9b-0c1d2e3f4a5b-c000.snappy.parquet`,
      ),
    );
    const layout = entryLayout(80, listingShape(files));
    expect(layout.columns.map((c) => c.title)).toEqual(["file", "size", "storage", "modified (UTC)"]);
    const shown = files.map((f) =>
      fitText(
        entryRowCells(f, layout)[0]?.text ?? "",
        layout.columns[0]?.width ?? 0,
        "left",
        layout.columns[0]?.cut,
      ),
    );
    expect(new Set(shown).size).toBe(2);
    for (const name of shown) expect(name.trimEnd()).toMatch(/^part-00000-\w+.*….*\.snappy\.parquet$/);
  });
});

const ESC = "\u001b";

describe("header and first frame", () => {
  const base = {
    catalog: "glue",
    readOnly: true,
    layers: { bronze: "bronze", silver: "silver", gold: "gold" },
  };
  it("names the lake, profile and region, catalog and read-only state", () => {
    const config = {
      ...base,
      root: { kind: "s3", bucket: "acme", prefix: "prod/" },
      profile: "data",
      region: "eu-west-1",
    } as unknown as Config;
    expect(headerFor(config, {})).toEqual({
      root: "s3://acme/prod",
      where: "profile data · eu-west-1",
      catalog: "glue",
      readOnly: true,
    });
    expect(
      headerFor({ ...config, profile: undefined, region: undefined } as Config, {
        AWS_PROFILE: "p",
        AWS_REGION: "us-east-1",
      }).where,
    ).toBe("profile p · us-east-1");
    const local = {
      ...base,
      catalog: "local",
      readOnly: false,
      root: { kind: "local", path: "/lakes/demo" },
    } as unknown as Config;
    expect(headerFor(local, {}).where).toBe("local folder");
  });

  it("draws the first frame without colour under NO_COLOR", () => {
    const header = { root: "/lakes/demo", where: "local folder", catalog: "local" as const, readOnly: true };
    const plain = firstFrame(header, 80, true);
    expect(plain).toContain("Medallion  /lakes/demo  local folder  catalog local");
    expect(plain).toContain("READ-ONLY");
    expect(plain).not.toContain(`${ESC}[1;36m`);
    expect(plain).toContain(`${ESC}[1m`);
    expect(firstFrame(header, 80, false)).toContain(`${ESC}[1;36m`);
  });
});

describe("clipboard", () => {
  const tty = () => {
    const written: string[] = [];
    return {
      written,
      stdout: { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream,
    };
  };
  const uri = "s3://acme/prod/bronze";
  const osc = `\u001b]52;c;${Buffer.from(uri).toString("base64")}\u0007`;

  it("sends OSC 52 straight to the terminal outside tmux and screen", () => {
    const { written, stdout } = tty();
    const result = terminalClipboard(stdout, { TERM: "xterm-256color" })(uri);
    expect(written).toEqual([osc]);
    expect(result.copied).toBe(true);
    expect(copyNotice(uri, result)).toBe(`copied (terminal clipboard, OSC 52 if it allows it): ${uri}`);
  });

  it("wraps OSC 52 for GNU screen to pass through", () => {
    const { written, stdout } = tty();
    terminalClipboard(stdout, { TERM: "screen", STY: "1234.pts-0.host" })(uri);
    expect(written).toEqual([`\u001bP${osc}\u001b\\`]);
  });

  it("inside tmux loads tmux's buffer with -w, and says so; no escape sequence is written", () => {
    const { written, stdout } = tty();
    const calls: string[][] = [];
    const result = terminalClipboard(stdout, { TMUX: "/tmp/tmux-0/default,1,0" }, (args, input) => {
      calls.push([...args, input]);
      return { status: 0, stderr: "" };
    })(uri);
    expect(calls).toEqual([["load-buffer", "-w", "-", uri]]);
    expect(written).toEqual([]);
    expect(result).toEqual({ copied: true, note: "tmux buffer + terminal clipboard" });
  });

  it("falls back to the tmux buffer alone on a tmux older than 3.2, and tells how to paste", () => {
    const result = tmuxCopy(uri, (args) => ({ status: args.includes("-w") ? 1 : 0, stderr: "" }));
    expect(result.copied).toBe(true);
    expect(result.note).toContain("prefix ]");
  });

  it("says nothing was copied when there is no terminal to copy to", () => {
    const result = terminalClipboard({ isTTY: false } as NodeJS.WriteStream, {})(uri);
    expect(result.copied).toBe(false);
    expect(copyNotice(uri, result)).toMatch(/^s3:\/\/acme\/prod\/bronze — /);
  });
});

describe("the preview's rows grid", () => {
  const note = `a note far longer than any cell: ${"x".repeat(80)}`;
  const columns = [
    { name: "id", type: "int64" },
    { name: "note", type: "string" },
  ];
  const rows = [{ index: 0, cells: ["1", note], values: [1, note] }];
  const at = { top: 0, lastRow: 1, width: 100, firstColumn: 0, frozen: 2 };

  it(`cuts long values at ${MAX_CELL} columns, and shows them whole up to the screen with w`, () => {
    expect(windowLayout(columns, rows, {}, at).columns[2]?.width).toBe(MAX_CELL);
    const whole = windowLayout(columns, rows, {}, { ...at, wholeValues: true });
    expect(whole.columns[2]?.width).toBe(92);
    // A value shorter than the screen shows to its last character.
    expect(windowLayout(columns, rows, {}, { ...at, width: 200, wholeValues: true }).columns[2]?.width).toBe(
      note.length,
    );
  });
});

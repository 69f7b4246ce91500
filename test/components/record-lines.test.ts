import { describe, expect, it } from "vitest";
import { recordLines, wrap } from "../../components/render/record-lines.js";

const columns = [
  { name: "id", type: "int64" },
  { name: "note", type: "string" },
  { name: "address", type: "struct" },
  { name: "tags", type: "list<string>" },
  { name: "deleted_at", type: "timestamp(us)" },
  { name: "later", type: "string" },
];

describe("a row as a record", () => {
  const long = `${"x".repeat(50)}END`;
  const row = {
    index: 1299,
    cells: ["1300", long, '{city: "Paris", zip: "75001"}', '["a", "b"]', null, undefined],
    values: [1300, long, { city: "Paris", zip: "75001" }, ["a", "b"], null, undefined],
  };

  it("keeps a long value whole, wrapped to the width, and pretty-prints nested values one member a line", () => {
    const { lines, starts } = recordLines(columns, row, 40);
    const text = lines.map((l) => `${l.name}  ${l.text}`);
    // The name column is as wide as the longest name (deleted_at), the value takes the rest.
    expect(text[0]).toBe("id          1300");
    expect(
      lines
        .slice(starts[1], starts[2])
        .map((l) => l.text)
        .join(""),
    ).toBe(long);
    expect(lines.slice(starts[1], starts[2]).every((l) => Array.from(l.text).length <= 40 - 12)).toBe(true);
    expect(text.slice(starts[2], starts[3])).toEqual([
      "address     {",
      '              "city": "Paris",',
      '              "zip": "75001"',
      "            }",
    ]);
    expect(text.slice(starts[3], starts[4])).toEqual([
      "tags        [",
      '              "a",',
      '              "b"',
      "            ]",
    ]);
    expect(lines[starts[4] ?? 0]).toEqual({ name: "deleted_at", text: "NULL", tone: "muted" });
    // A column not read yet holds one line, so the screen can tell which columns its lines need.
    expect(lines[starts[5] ?? 0]).toEqual({ name: "later     ", text: "…", tone: "muted" });
    expect(starts[5]).toBe(lines.length - 1);
  });

  it("cuts text into pieces of at most the width, by code point", () => {
    expect(wrap("abcdefg", 3)).toEqual(["abc", "def", "g"]);
    expect(wrap("ééé", 2)).toEqual(["éé", "é"]);
    expect(wrap("", 5)).toEqual([""]);
  });
});

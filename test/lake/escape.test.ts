import { describe, expect, it } from "vitest";
import {
  escapePartitionValue,
  findBadEscape,
  HIVE_DEFAULT_PARTITION,
  partitionSegment,
  unescapePartitionValue,
} from "../../src/lake/index.js";

// Hive FileUtils.charToEscape: every char below 0x20, plus these, as %XX in uppercase hex.
const hiveSpecials: [string, string][] = [
  ['"', "%22"],
  ["#", "%23"],
  ["%", "%25"],
  ["'", "%27"],
  ["*", "%2A"],
  ["/", "%2F"],
  [":", "%3A"],
  ["=", "%3D"],
  ["?", "%3F"],
  ["\\", "%5C"],
  ["\u007F", "%7F"],
  ["{", "%7B"],
  ["[", "%5B"],
  ["]", "%5D"],
  ["^", "%5E"],
];

const controls: [string, string][] = [
  ["\u0000", "%00"],
  ["\u0001", "%01"],
  ["\t", "%09"],
  ["\n", "%0A"],
  ["\r", "%0D"],
  ["\u001B", "%1B"],
  ["\u001F", "%1F"],
];

// Printable ASCII Hive leaves alone (note `}` is not escaped, only `{`).
const keptAscii = " !$&()+,-.;<>@`|}~azAZ09_";

const nonAscii = ["é", "ü", "日本語", "😀", "\u0080", "\u00A0", "\u00FF", "Ω"];

describe("escapePartitionValue", () => {
  it.each(hiveSpecials)("escapes %j as %s like Hive", (char, escaped) => {
    expect(escapePartitionValue(`a${char}b`)).toBe(`a${escaped}b`);
  });

  it.each(controls)("escapes control character %j as %s", (char, escaped) => {
    expect(escapePartitionValue(char)).toBe(escaped);
  });

  it("escapes every character below 0x20 and nothing else in ASCII but Hive's list", () => {
    for (let code = 0; code < 0x80; code++) {
      const char = String.fromCharCode(code);
      const escaped = escapePartitionValue(char);
      const shouldEscape = code < 0x20 || hiveSpecials.some(([c]) => c === char);
      expect(escaped, `char 0x${code.toString(16)}`).toBe(
        shouldEscape ? `%${code.toString(16).toUpperCase().padStart(2, "0")}` : char,
      );
    }
  });

  it.each([...keptAscii])("keeps %j as is", (char) => {
    expect(escapePartitionValue(char)).toBe(char);
  });

  it.each(nonAscii)("keeps non-ASCII %j unchanged", (text) => {
    expect(escapePartitionValue(text)).toBe(text);
  });

  it("writes __HIVE_DEFAULT_PARTITION__ for null, undefined and empty", () => {
    expect(escapePartitionValue(null)).toBe(HIVE_DEFAULT_PARTITION);
    expect(escapePartitionValue(undefined)).toBe(HIVE_DEFAULT_PARTITION);
    expect(escapePartitionValue("")).toBe(HIVE_DEFAULT_PARTITION);
    expect(HIVE_DEFAULT_PARTITION).toBe("__HIVE_DEFAULT_PARTITION__");
  });

  it("escapes a realistic timestamp value", () => {
    expect(escapePartitionValue("2024-01-15 10:30:00")).toBe("2024-01-15 10%3A30%3A00");
    expect(escapePartitionValue("50%/off")).toBe("50%25%2Foff");
  });
});

describe("unescapePartitionValue", () => {
  it.each([...hiveSpecials, ...controls])("turns %j back from %s", (char, escaped) => {
    expect(unescapePartitionValue(`x${escaped}y`)).toBe(`x${char}y`);
  });

  it("accepts lowercase hex as Hive does", () => {
    expect(unescapePartitionValue("10%3a30%2f")).toBe("10:30/");
  });

  it("reads __HIVE_DEFAULT_PARTITION__ as null", () => {
    expect(unescapePartitionValue(HIVE_DEFAULT_PARTITION)).toBeNull();
  });

  it("keeps a malformed % sequence as written instead of throwing", () => {
    expect(unescapePartitionValue("100%")).toBe("100%");
    expect(unescapePartitionValue("a%G1b")).toBe("a%G1b");
    expect(unescapePartitionValue("a%4")).toBe("a%4");
  });

  it("round-trips every character from 0 to 0x2FF and astral text", () => {
    let all = "";
    for (let code = 0; code < 0x300; code++) all += String.fromCharCode(code);
    all += "😀 日本 =%/";
    expect(unescapePartitionValue(escapePartitionValue(all))).toBe(all);
  });

  it.each(nonAscii)("round-trips non-ASCII %j", (text) => {
    expect(unescapePartitionValue(escapePartitionValue(text))).toBe(text);
  });

  it("round-trips null through the default partition", () => {
    expect(unescapePartitionValue(escapePartitionValue(null))).toBeNull();
  });
});

describe("findBadEscape", () => {
  it.each([
    ["100%", "%"],
    ["a%G1", "%G1"],
    ["a%4", "%4"],
    ["%%41", "%%4"],
  ])("finds the malformed sequence in %j", (text, bad) => {
    expect(findBadEscape(text)).toBe(bad);
  });

  it("finds nothing in well-formed names", () => {
    expect(findBadEscape("10%3A30%2f")).toBeUndefined();
    expect(findBadEscape("plain")).toBeUndefined();
  });
});

describe("partitionSegment", () => {
  it("escapes key and value the same way", () => {
    expect(partitionSegment("a=b", "c/d")).toBe("a%3Db=c%2Fd");
    expect(partitionSegment("year", null)).toBe("year=__HIVE_DEFAULT_PARTITION__");
  });
});

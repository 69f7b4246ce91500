// The layout check of a REQUIRED column's v1 page (src/parquet/required-pages.ts) on bodies laid out as
// the format writes them: values alone pass; the same values behind definition levels do not.
import type { DataPageHeader } from "hyparquet";
import { describe, expect, it } from "vitest";
import { requiredBodyProblem } from "../../src/parquet/required-pages.js";

const page = (encoding: DataPageHeader["encoding"], num_values: number): DataPageHeader => ({
  num_values,
  encoding,
  definition_level_encoding: "RLE",
  repetition_level_encoding: "RLE",
});

const byteArrays = (...values: string[]) =>
  Buffer.concat(
    values.map((v) => {
      const length = Buffer.alloc(4);
      length.writeUInt32LE(Buffer.byteLength(v));
      return Buffer.concat([length, Buffer.from(v)]);
    }),
  );
// Definition levels as a v1 page of an OPTIONAL column carries them: a 4-byte length, then RLE runs.
const levels = (defined: number) => Buffer.from([2, 0, 0, 0, defined << 1, 1]);

describe("a REQUIRED column's page body", () => {
  it("passes byte arrays that end at the page's end, fails them behind levels", () => {
    const body = byteArrays("a", "bc", "");
    expect(requiredBodyProblem(body, page("PLAIN", 3), "BYTE_ARRAY")).toBeUndefined();
    expect(requiredBodyProblem(Buffer.concat([levels(3), body]), page("PLAIN", 3), "BYTE_ARRAY")).toMatch(
      /byte-array values/,
    );
  });

  it("passes dictionary indexes in RLE and bit-packed runs, fails them behind levels", () => {
    // Bit width 2; an RLE run of 5 × index 3; a bit-packed group of 8 indexes (2 bytes × 2 bits).
    const body = Buffer.from([2, 5 << 1, 3, (1 << 1) | 1, 0b11100100, 0b00011011]);
    expect(requiredBodyProblem(body, page("RLE_DICTIONARY", 13), "BYTE_ARRAY")).toBeUndefined();
    expect(requiredBodyProblem(body, page("PLAIN_DICTIONARY", 10), "INT64")).toBeUndefined();
    expect(
      requiredBodyProblem(Buffer.concat([levels(13), body]), page("RLE_DICTIONARY", 13), "BYTE_ARRAY"),
    ).toMatch(/holds no values/);
  });
});

import { describe, expect, it } from "vitest";
import { csvColumns, jsonColumns } from "../../src/sync/sample-columns.js";

describe("columns of a bronze sample", () => {
  it("reads JSON lines: names lowercased, integers bigint, mixed numbers double, nested struct and array", () => {
    const text = [
      '{"OrderId": 1, "amount": 10, "paid": true, "address": {"City": "Oslo"}, "tags": ["a"]}',
      '{"OrderId": 2, "amount": 10.5, "paid": false, "note": "late", "tags": []}',
      '{"OrderId": 3, "amo', // a read cut short mid-line
    ].join("\n");
    expect(jsonColumns(text)).toEqual([
      { name: "orderid", type: "bigint" },
      { name: "amount", type: "double" },
      { name: "paid", type: "boolean" },
      { name: "address", type: "struct<city:string>" },
      { name: "tags", type: "array<string>" },
      { name: "note", type: "string" },
    ]);
  });

  it("refuses a JSON sample whose first line is not JSON, with one line", () => {
    expect(() => jsonColumns("id,name\n1,a\n")).toThrow(/line 1 of the sample is not JSON/);
  });

  it("reads a CSV header, quoted names included, every column a string", () => {
    expect(csvColumns('\uFEFFId,"Customer, Name",amount\r\n1,"a, b",3\n')).toEqual([
      { name: "id", type: "string" },
      { name: "customer, name", type: "string" },
      { name: "amount", type: "string" },
    ]);
  });

  it("refuses a CSV sample with no header", () => {
    expect(() => csvColumns("\n1,2\n")).toThrow(/no header line/);
  });
});

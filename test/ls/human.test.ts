import { describe, expect, it } from "vitest";
import {
  anomalyFlag,
  humanAge,
  humanBytes,
  humanCount,
  humanDate,
  humanDuration,
  partitionColumns,
  plural,
  storageClassMix,
} from "../../src/lake/human.js";

describe("humanBytes", () => {
  it("prints bytes under 1 KiB as whole bytes", () => {
    expect(humanBytes(0)).toBe("0 B");
    expect(humanBytes(1023)).toBe("1023 B");
  });
  it("uses binary units with one decimal under 100 and none above", () => {
    expect(humanBytes(1024)).toBe("1.0 KiB");
    expect(humanBytes(1.2 * 1024 * 1024)).toBe("1.2 MiB");
    expect(humanBytes(34_634_098)).toBe("33.0 MiB");
    expect(humanBytes(120 * 1024 ** 3)).toBe("120 GiB");
  });
  it("never prints 1024 of a unit", () => {
    expect(humanBytes(1024 * 1024 - 1)).toBe("1.0 MiB");
  });
});

describe("counts and durations", () => {
  it("groups thousands and picks singular or plural", () => {
    expect(humanCount(1234567)).toBe("1,234,567");
    expect(plural(1, "file")).toBe("1 file");
    expect(plural(12000, "partition")).toBe("12,000 partitions");
  });
  it("writes counts as toLocaleString('en-US') does, rounded, negatives and huge ones too", () => {
    for (const n of [0, 7, 999, 1000, 65_536, 999_999.5, -1_234_567, 2 ** 53 - 1, 2 ** 60, 1e21]) {
      expect(humanCount(n)).toBe(Math.round(n).toLocaleString("en-US"));
    }
  });
  it("prints durations for people", () => {
    expect(humanDuration(850)).toBe("850 ms");
    expect(humanDuration(1234)).toBe("1.2 s");
    expect(humanDuration(184_000)).toBe("3 min 4 s");
  });
});

describe("storageClassMix", () => {
  it("shows shares of bytes, largest first", () => {
    expect(storageClassMix({ GLACIER: 8, STANDARD: 92 })).toBe("STANDARD 92% · GLACIER 8%");
  });
  it("shows a single class alone and nothing for no objects", () => {
    expect(storageClassMix({ STANDARD: 5 })).toBe("STANDARD");
    expect(storageClassMix({})).toBe("");
  });
  it("shows a tiny share as <1%, not 0%", () => {
    expect(storageClassMix({ STANDARD: 999_000, DEEP_ARCHIVE: 1_000 })).toBe(
      "STANDARD 100% · DEEP_ARCHIVE <1%",
    );
  });
});

describe("dates", () => {
  it("prints UTC minutes, sortable", () => {
    expect(humanDate(new Date("2024-01-15T10:23:45Z"))).toBe("2024-01-15 10:23");
    expect(humanDate(undefined)).toBe("");
  });
  it("prints ages relative to now", () => {
    const now = new Date("2024-03-01T12:00:00Z");
    expect(humanAge(new Date("2024-03-01T11:59:30Z"), now)).toBe("just now");
    expect(humanAge(new Date("2024-03-01T11:55:00Z"), now)).toBe("5 min ago");
    expect(humanAge(new Date("2024-03-01T09:00:00Z"), now)).toBe("3 h ago");
    expect(humanAge(new Date("2024-02-28T12:00:00Z"), now)).toBe("2 days ago");
    expect(humanAge(new Date("2023-01-01T00:00:00Z"), now)).toBe("2023-01-01");
  });
});

describe("partitionColumns", () => {
  it("shows partition values as columns, null as (null)", () => {
    expect(
      partitionColumns([
        { key: "year", value: "2024" },
        { key: "month", value: "01" },
        { key: "day", value: "15" },
      ]),
    ).toBe("year 2024 · month 01 · day 15");
    expect(partitionColumns([{ key: "country", value: null }])).toBe("country (null)");
  });
});

describe("anomalyFlag", () => {
  it("names a single anomaly and its segment", () => {
    expect(anomalyFlag([{ kind: "keys-out-of-order", segment: "day=15", message: "" }])).toBe(
      "! keys out of order: day=15",
    );
  });
  it("counts several and lists their kinds once", () => {
    expect(
      anomalyFlag([
        { kind: "stray-file", segment: "a.txt", message: "" },
        { kind: "stray-file", segment: "b.txt", message: "" },
        { kind: "unknown-key", segment: "hour=3", message: "" },
      ]),
    ).toBe("! 3 anomalies: stray file, unknown key");
    expect(anomalyFlag([])).toBe("");
  });
});

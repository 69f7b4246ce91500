// Pure formatting shared by `medallion ls` and the browser: sizes, counts, dates, storage classes,
// partition values and anomalies, each as a short string for one cell.
import type { Anomaly, PartitionValue } from "./types.js";

const BYTE_UNITS = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/** 512 B, 1.2 KiB, 34.6 MiB, 120 GiB: binary units, one decimal under 100. */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // 1023.96 KiB would print as "1024 KiB": move up a unit instead.
  if (Math.round(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** 1,234,567 */
export function humanCount(count: number): string {
  const rounded = Math.round(count);
  // As toLocaleString("en-US") writes it, without its first call's ICU set-up (part of the TUI's first frame).
  if (!Number.isSafeInteger(rounded)) return rounded.toLocaleString("en-US");
  return String(rounded).replace(/\B(?=(\d{3})+$)/g, ",");
}

/** `3 files`, `1 file`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${humanCount(count)} ${count === 1 ? noun : nouns}`;
}

/**
 * Storage classes by share of bytes, largest first: `STANDARD 92% · GLACIER 8%`. One class shows alone
 * (`STANDARD`); a class holding under 0.5% shows as `<1%`, never as a misleading 0%.
 */
export function storageClassMix(bytesByClass: Record<string, number>): string {
  const classes = Object.entries(bytesByClass).filter(([, bytes]) => bytes >= 0);
  if (classes.length === 0) return "";
  if (classes.length === 1) return classes[0]?.[0] ?? "";
  const total = classes.reduce((n, [, bytes]) => n + bytes, 0);
  return classes
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, bytes]) => {
      if (total === 0) return `${name} 0%`;
      const share = (bytes / total) * 100;
      return `${name} ${share > 0 && share < 0.5 ? "<1" : Math.round(share)}%`;
    })
    .join(" · ");
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** `2024-01-15 10:23` in UTC: sortable, and the same on every machine the lake is looked at from. */
export function humanDate(date: Date | undefined): string {
  if (!date || Number.isNaN(date.getTime())) return "";
  return `${date.getUTCFullYear()}-${pad2(date.getUTCMonth() + 1)}-${pad2(date.getUTCDate())} ${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
}

/** `just now`, `5 min ago`, `3 h ago`, `12 days ago`, then the date. */
export function humanAge(date: Date | undefined, now: Date = new Date()): string {
  if (!date || Number.isNaN(date.getTime())) return "";
  const seconds = Math.round((now.getTime() - date.getTime()) / 1000);
  if (seconds < 60) return "just now";
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  if (days < 60) return `${plural(days, "day")} ago`;
  return humanDate(date).slice(0, 10);
}

/** 850 ms, 1.2 s, 3 min 4 s. */
export function humanDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** `year 2024 · month 01 · day 15`; a null (__HIVE_DEFAULT_PARTITION__) value shows as `(null)`. */
export function partitionColumns(values: PartitionValue[]): string {
  return values.map(({ key, value }) => `${key} ${value === null ? "(null)" : value}`).join(" · ");
}

/** The row's flag: `! keys out of order: day=15` or `! 2 anomalies: stray file, unknown key`. */
export function anomalyFlag(anomalies: Anomaly[]): string {
  const first = anomalies[0];
  if (!first) return "";
  const words = (a: Anomaly) => a.kind.replaceAll("-", " ");
  if (anomalies.length === 1) return `! ${words(first)}: ${first.segment}`;
  const kinds = [...new Set(anomalies.map(words))];
  return `! ${anomalies.length} anomalies: ${kinds.join(", ")}`;
}

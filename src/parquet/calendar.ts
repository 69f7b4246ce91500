// Dates and times at any year. JS Date stops at ±275,760 years and toISOString writes years past 9999
// as "+012345"; a Parquet timestamp (INT64 nanos, or INT96's 32-bit Julian day) reaches millions of years.

export type TimeUnit = "MILLIS" | "MICROS" | "NANOS";

export const PER_SECOND: Record<TimeUnit, bigint> = {
  MILLIS: 1_000n,
  MICROS: 1_000_000n,
  NANOS: 1_000_000_000n,
};
const DIGITS: Record<TimeUnit, number> = { MILLIS: 3, MICROS: 6, NANOS: 9 };

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** ISO 8601 year with astronomical numbering: 0044 BC is -0043, year 12345 is 12345. */
function yearText(year: number): string {
  if (year < 0) return `-${pad(-year, 4)}`;
  return pad(year, 4);
}

/** `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's civil_from_days). */
export function dateText(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${yearText(year)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** `HH:MM:SS[.fraction]` of `count` units since midnight; the fraction without trailing zeros, as DuckDB shows it. */
export function timeOfDayText(count: bigint, unit: TimeUnit): string {
  const scale = PER_SECOND[unit];
  const seconds = Number(count / scale);
  const fraction = count % scale;
  const hms = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`;
  return fraction === 0n
    ? hms
    : `${hms}.${fraction.toString().padStart(DIGITS[unit], "0").replace(/0+$/, "")}`;
}

/** `YYYY-MM-DDTHH:MM:SS[.fraction]` of `epoch` units since 1970-01-01T00:00, at any year. */
export function timestampText(epoch: bigint, unit: TimeUnit): string {
  const perDay = PER_SECOND[unit] * 86_400n;
  let days = epoch / perDay;
  let rest = epoch % perDay;
  if (rest < 0n) {
    rest += perDay;
    days -= 1n;
  }
  return `${dateText(Number(days))}T${timeOfDayText(rest, unit)}`;
}

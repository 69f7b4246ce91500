/** One day of the demo: its date and its partition values, zero-padded as Hive folders hold them. */
export interface DemoDay {
  index: number;
  date: string; // YYYY-MM-DD
  year: string;
  month: string;
  day: string;
}

/** `count` consecutive days ending on `end` (UTC), oldest first. */
export function demoDays(end: Date, count: number): DemoDay[] {
  const last = Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate());
  const days: DemoDay[] = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(last - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    const [year = "", month = "", day = ""] = date.split("-");
    days.push({ index: i, date, year, month, day });
  }
  return days;
}

/** Yesterday (UTC): the newest complete day a daily feed has delivered. */
export function yesterday(now = new Date()): Date {
  return new Date(now.getTime() - 86_400_000);
}

/** A day's files arrive at 01:00 UTC the next day (their modification time). */
export const DELIVERY_MS = 25 * 3_600_000;
/** The daily promotion runs an hour after the delivery: 02:00 UTC the next day. */
const PROMOTION_MS = 26 * 3_600_000;

/**
 * When the daily pipeline last wrote a silver or gold partition (`year`, `month`, optional `day`): the
 * morning after its day, or after its month's last day for a monthly partition, which the pipeline
 * rewrites every day of that month; never after the morning following `lastDay` (YYYY-MM-DD).
 */
export function promotedAt(
  values: { key: string; value: string | null }[],
  lastDay: string,
): Date | undefined {
  const of = (key: string) => Number(values.find((v) => v.key === key)?.value ?? Number.NaN);
  const [year, month, day] = [of("year"), of("month"), of("day")];
  if (!Number.isInteger(year) || !Number.isInteger(month)) return undefined;
  // Day 0 of the next month is this month's last day.
  const end = Number.isInteger(day) ? Date.UTC(year, month - 1, day) : Date.UTC(year, month, 0);
  return new Date(Math.min(end, Date.parse(`${lastDay}T00:00:00Z`)) + PROMOTION_MS);
}

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

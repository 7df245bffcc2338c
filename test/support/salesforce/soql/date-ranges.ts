const DAY_MS = 86_400_000;

/** [start, end) in UTC epoch milliseconds for a SOQL date literal such as THIS_MONTH or LAST_N_DAYS:7. */
export function dateRange(name: string, n: number | undefined, nowMs: number): [number, number] {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const d = new Date(today);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const month = (offset: number): [number, number] => [Date.UTC(y, m + offset, 1), Date.UTC(y, m + offset + 1, 1)];
  const year = (offset: number): [number, number] => [Date.UTC(y + offset, 0, 1), Date.UTC(y + offset + 1, 0, 1)];
  // Weeks start on Sunday, the en_US locale default.
  const sunday = today - d.getUTCDay() * DAY_MS;
  const week = (offset: number): [number, number] => [sunday + offset * 7 * DAY_MS, sunday + (offset + 1) * 7 * DAY_MS];
  const count = n ?? 0;
  switch (name) {
    case "YESTERDAY":
      return [today - DAY_MS, today];
    case "TODAY":
      return [today, today + DAY_MS];
    case "TOMORROW":
      return [today + DAY_MS, today + 2 * DAY_MS];
    case "LAST_WEEK":
      return week(-1);
    case "THIS_WEEK":
      return week(0);
    case "NEXT_WEEK":
      return week(1);
    case "LAST_MONTH":
      return month(-1);
    case "THIS_MONTH":
      return month(0);
    case "NEXT_MONTH":
      return month(1);
    case "LAST_90_DAYS":
      return [today - 90 * DAY_MS, today + DAY_MS];
    case "NEXT_90_DAYS":
      return [today + DAY_MS, today + 91 * DAY_MS];
    case "THIS_YEAR":
      return year(0);
    case "LAST_YEAR":
      return year(-1);
    case "NEXT_YEAR":
      return year(1);
    case "LAST_N_DAYS":
      return [today - count * DAY_MS, today + DAY_MS];
    case "NEXT_N_DAYS":
      return [today + DAY_MS, today + (count + 1) * DAY_MS];
    case "LAST_N_MONTHS":
      return [Date.UTC(y, m - count, 1), Date.UTC(y, m, 1)];
    case "NEXT_N_MONTHS":
      return [Date.UTC(y, m + 1, 1), Date.UTC(y, m + 1 + count, 1)];
    case "LAST_N_YEARS":
      return [Date.UTC(y - count, 0, 1), Date.UTC(y, 0, 1)];
    case "NEXT_N_YEARS":
      return [Date.UTC(y + 1, 0, 1), Date.UTC(y + 1 + count, 0, 1)];
    default:
      throw new Error(`Unknown date literal ${name}`);
  }
}

/**
 * Local time in Asia/Shanghai, where tariff periods and settlement days are counted. China has
 * kept UTC+8 all year since 1991 (no daylight saving), so a fixed offset is exact for every time
 * the platform can meet, and far cheaper than Intl on the pricing path.
 */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar date in Shanghai, "YYYY-MM-DD". */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since local midnight (0–1439). */
export function shanghaiMinuteOfDay(at: Date): number {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
}

/** The UTC instant of local midnight starting the Shanghai day that contains `at`. */
export function shanghaiMidnight(at: Date): Date {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  return new Date(local - (((local % DAY_MS) + DAY_MS) % DAY_MS) - SHANGHAI_OFFSET_MS);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC instant of 00:00 Shanghai on a "YYYY-MM-DD" date; undefined if it is no real date. */
export function shanghaiDayStart(date: string): Date | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(utc).toISOString().slice(0, 10);
  return back === date ? new Date(utc - SHANGHAI_OFFSET_MS) : undefined;
}

/** "HH:MM" → minutes since midnight. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The local time of day "HH:MM:SS" (T/CEC writes policy starts as HHmmss). */
export function shanghaiTimeOfDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(11, 19);
}

/** "YYYY-MM-DD HH:mm:ss" in Shanghai (how CSV exports and T/CEC write times). */
export function shanghaiDateTime(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

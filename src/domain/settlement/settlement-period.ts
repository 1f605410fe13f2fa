import { AppError } from '../../shared/errors.js';
import { SHANGHAI_OFFSET_MS, shanghaiDate, shanghaiDayStart } from '../../shared/shanghai-time.js';

/**
 * Settlement periods are local days or months in Asia/Shanghai (fixed UTC+8, no daylight saving):
 * a day runs from 16:00Z of the previous UTC day for exactly 24 h; a month from 16:00Z of the last
 * UTC day of the month before.
 */
export type PeriodKind = 'day' | 'month';

export interface SettlementPeriod {
  readonly kind: PeriodKind;
  /** "YYYY-MM-DD"; for a month its first day. */
  readonly date: string;
  /** UTC instants of the local boundaries, [from, to). */
  readonly from: Date;
  readonly to: Date;
}

const DAY_MS = 86_400_000;

const invalid = (field: string, message: string): AppError => new AppError('VALIDATION_FAILED', message, { field });

/**
 * The period of `kind` holding the local date `date` ("YYYY-MM-DD", a real date). For a month any
 * day of it will do; the period's date is then the 1st.
 */
export function settlementPeriod(kind: PeriodKind, date: string): SettlementPeriod {
  if (kind !== 'day' && kind !== 'month') throw invalid('kind', `period kind must be 'day' or 'month'`);
  const start = typeof date === 'string' ? shanghaiDayStart(date) : undefined;
  if (start === undefined) throw invalid('date', `date must be a real date written YYYY-MM-DD, got ${JSON.stringify(date)}`);
  if (kind === 'day') return { kind, date, from: start, to: new Date(start.getTime() + DAY_MS) };
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)); // 1–12
  // Date.UTC rolls month 12 over into January of the next year.
  return {
    kind,
    date: `${date.slice(0, 7)}-01`,
    from: new Date(Date.UTC(year, month - 1, 1) - SHANGHAI_OFFSET_MS),
    to: new Date(Date.UTC(year, month, 1) - SHANGHAI_OFFSET_MS),
  };
}

/** The period of `kind` that contains the instant `at`. */
export function periodContaining(kind: PeriodKind, at: Date): SettlementPeriod {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw invalid('at', 'at must be a valid instant');
  return settlementPeriod(kind, shanghaiDate(at));
}

/** The period right after `p` (same kind): it starts where `p` ends. */
export const nextPeriod = (p: SettlementPeriod): SettlementPeriod => settlementPeriod(p.kind, shanghaiDate(p.to));

/** The period right before `p` (same kind): it ends where `p` starts. */
export const previousPeriod = (p: SettlementPeriod): SettlementPeriod =>
  settlementPeriod(p.kind, shanghaiDate(new Date(p.from.getTime() - 1)));

/** True once `now` has reached the period's end (the end is exclusive). */
export const hasEnded = (p: SettlementPeriod, now: Date): boolean => now.getTime() >= p.to.getTime();

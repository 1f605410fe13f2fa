import type { Job } from './scheduler.js';

interface Settlements {
  closeDue(): Promise<{ day: string[]; month: string[] }>;
  run(kind: 'day' | 'month', date: string): Promise<unknown>;
}

/**
 * Five minutes after midnight Asia/Shanghai the day that ended (and on the 1st, the month) closes,
 * with unclosed ones before it, once the CDRs of sessions that ended before midnight are priced
 * (`pricingCaughtUp`; the few minutes let them be). It runs every hour at :05 so a jobs node that
 * was down at midnight closes within the hour; when nothing is due it does nothing.
 */
export const closeSettlementJob = (settlements: Settlements, pricingCaughtUp: () => Promise<void>): Job => ({
  name: 'close-settlement',
  schedule: '0 5 * * * *',
  leaseMs: 30 * 60_000,
  run: async () => {
    await pricingCaughtUp();
    const r = await settlements.closeDue();
    return `days ${r.day.join(',') || '-'}; months ${r.month.join(',') || '-'}`;
  },
});

/**
 * Every 10 minutes, today's and this month's provisional statements, for operators to watch; at
 * :07, :17 … so the first run of a day comes after the close of the day before.
 */
export const provisionalSettlementJob = (settlements: Settlements, today: () => string): Job => ({
  name: 'provisional-settlement',
  schedule: '0 7-59/10 * * * *',
  leaseMs: 9 * 60_000,
  run: async () => {
    await settlements.run('day', today());
    await settlements.run('month', today());
  },
});

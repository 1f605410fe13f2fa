import type { Job } from './scheduler.js';

interface Settlements {
  closeDue(): Promise<{ day: string[]; month: string[] }>;
  run(kind: 'day' | 'month', date: string): Promise<unknown>;
}

/** At 00:00 Asia/Shanghai: the day that ended (and on the 1st, the month) closes; unclosed ones before it too. */
export const closeSettlementJob = (settlements: Settlements): Job => ({
  name: 'close-settlement',
  schedule: '0 0 0 * * *',
  leaseMs: 30 * 60_000,
  run: async () => {
    const r = await settlements.closeDue();
    return `days ${r.day.join(',') || '-'}; months ${r.month.join(',') || '-'}`;
  },
});

/** Every 10 minutes, today's and this month's provisional statements, for operators to watch. */
export const provisionalSettlementJob = (settlements: Settlements, today: () => string): Job => ({
  name: 'provisional-settlement',
  schedule: '0 */10 * * * *',
  leaseMs: 9 * 60_000,
  run: async () => {
    await settlements.run('day', today());
    await settlements.run('month', today());
  },
});

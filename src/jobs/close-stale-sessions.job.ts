import type { Job } from './scheduler.js';

/** Running sessions nobody has heard of for `hours` end (their CDRs follow); every 15 minutes. */
export const closeStaleSessionsJob = (sessions: { closeStale(before: Date): Promise<number> }, hours: number): Job => ({
  name: 'close-stale-sessions',
  schedule: '0 */15 * * * *',
  leaseMs: 14 * 60_000,
  run: () => sessions.closeStale(new Date(Date.now() - hours * 3_600_000)),
});

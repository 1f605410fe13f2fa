import type { Job } from './scheduler.js';

/** Events older than a week that every durable consumer has handled are deleted, a batch at a time. */
export const pruneOutboxJob = (outbox: { prune(before: Date): Promise<number> }, keepDays = 7): Job => ({
  name: 'prune-outbox',
  schedule: '0 */10 * * * *',
  leaseMs: 9 * 60_000,
  run: () => outbox.prune(new Date(Date.now() - keepDays * 86_400_000)),
});

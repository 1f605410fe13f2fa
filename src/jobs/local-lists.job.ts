import type { Job } from './scheduler.js';

/**
 * Brings every managed station's local list up to date every few seconds (LOCAL_LIST_SYNC_SECONDS, default 30): a token blocked, added or
 * changed in the platform, or an agreement that starts or ends, reaches the lists within a minute.
 */
export const localListsJob = (lists: { syncAll(): Promise<number> }, everySeconds: number): Job => ({
  name: 'local-lists',
  schedule: `*/${everySeconds} * * * * *`,
  leaseMs: Math.max(1_000, everySeconds * 1_000 - 500),
  run: () => lists.syncAll(),
});

import type { Job } from './scheduler.js';

/**
 * Asks stations about sessions silent for longer than RECONCILE_AFTER_SECONDS and closes the ones
 * they no longer know (ReconciliationService); runs every minute, or as often as that bound if shorter.
 */
export const reconcileSessionsJob = (reconciliation: { reconcile(): Promise<{ probed: number; closed: number }> }, afterSeconds: number): Job => {
  const every = Math.min(60, Math.max(1, afterSeconds));
  return {
    name: 'reconcile-sessions',
    schedule: every >= 60 ? '30 * * * * *' : `*/${every} * * * * *`,
    leaseMs: Math.max(1_000, every * 1_000 - 500),
    run: async () => JSON.stringify(await reconciliation.reconcile()),
  };
};

import { shanghaiDate } from '../shared/shanghai-time.js';
import type { Job } from './scheduler.js';

/** Yesterday's orders to every T/CEC partner whose drivers charged with us (check_charge_orders), daily at 02:20 Asia/Shanghai. */
export const orderCheckJob = (queueChecks: (day: string) => Promise<number>): Job => ({
  name: 'tcec-check-charge-orders',
  schedule: '0 20 2 * * *',
  leaseMs: 30 * 60_000,
  run: () => queueChecks(shanghaiDate(new Date(Date.now() - 86_400_000))),
});

/** Finished pushes older than `days` go, nightly at 03:50 (pending ones stay until tried). */
export const prunePartnerPushesJob = (pushes: { prune(before: Date): Promise<number> }, days = 30): Job => ({
  name: 'prune-partner-pushes',
  schedule: '0 50 3 * * *',
  leaseMs: 30 * 60_000,
  run: () => pushes.prune(new Date(Date.now() - days * 86_400_000)),
});

/** Partners' stations changed since the last sync come into the catalog every 10 minutes (incremental, LastQueryTime). */
export const stationSyncJob = (syncAll: () => Promise<number>): Job => ({
  name: 'tcec-station-sync',
  schedule: '0 */10 * * * *',
  leaseMs: 9 * 60_000,
  run: () => syncAll(),
});

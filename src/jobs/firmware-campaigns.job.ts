import type { Job } from './scheduler.js';

/**
 * Advances every running firmware campaign every 30 s: the first stations after a restart, the
 * next ones when a slot is free, and a station that has not finished in time fails. (Progress
 * itself follows the stations' messages at once, through the firmware-campaigns consumer.)
 */
export const firmwareCampaignsJob = (campaigns: { advanceAll(): Promise<number> }): Job => ({
  name: 'firmware-campaigns',
  schedule: '*/30 * * * * *',
  leaseMs: 25_000,
  run: () => campaigns.advanceAll(),
});

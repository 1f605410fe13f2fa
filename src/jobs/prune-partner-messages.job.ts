import type { Job } from './scheduler.js';

/** The roaming message audit trail is kept `days` days (PARTNER_MESSAGE_RETENTION_DAYS), then deleted nightly. */
export const prunePartnerMessagesJob = (partners: { pruneMessages(days: number): Promise<number> }, days: number): Job => ({
  name: 'prune-partner-messages',
  // 03:40 Asia/Shanghai, every day.
  schedule: '0 40 3 * * *',
  leaseMs: 30 * 60_000,
  run: () => partners.pruneMessages(days),
});

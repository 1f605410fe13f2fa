import type { Config } from '../config/index.js';
import { CDR_PRICING } from '../domain/cdrs/index.js';
import { expireCommandsJob } from '../jobs/expire-commands.job.js';
import { expireReservationsJob } from '../jobs/expire-reservations.job.js';
import { closeStaleSessionsJob } from '../jobs/close-stale-sessions.job.js';
import { pruneOutboxJob } from '../jobs/prune-outbox.job.js';
import { firmwareCampaignsJob } from '../jobs/firmware-campaigns.job.js';
import { localListsJob } from '../jobs/local-lists.job.js';
import { reconcileSessionsJob } from '../jobs/reconcile-sessions.job.js';
import { prunePartnerMessagesJob } from '../jobs/prune-partner-messages.job.js';
import { pruneTcecAccessJob } from '../jobs/prune-tcec-access.job.js';
import { SqlPartnerAccessTokens, SqlReplayGuard } from '../adapters/prisma/partner-access.store.js';
import { closeSettlementJob, provisionalSettlementJob } from '../jobs/settlement.jobs.js';
import { shanghaiDate } from '../shared/shanghai-time.js';
import { Scheduler, type Job } from '../jobs/scheduler.js';
import type { Logger } from '../shared/logger.js';
import type { Bus } from './bus.js';
import type { Closers } from './closers.js';
import type { Services } from './services.js';
import type { Store } from './store.js';

/**
 * Until the CDR pricing consumer has handled every session.ended written so far (at most 5 min;
 * what is priced later goes into the next statement as an adjustment).
 */
async function pricingCaughtUp(store: Store, log: Logger): Promise<void> {
  const deadline = Date.now() + 5 * 60_000;
  while (await store.outbox.pending(CDR_PRICING, ['session.ended'])) {
    if (Date.now() > deadline) return void log.warn({ consumer: CDR_PRICING }, 'settlement closes before pricing caught up');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Scheduled jobs; each run happens on one node at a time (the bus's job lock). */
export function startJobsRole(config: Config, store: Store, bus: Bus, s: Services, log: Logger, closers: Closers, roamingJobs: readonly Job[] = []): void {
  const scheduler = new Scheduler(bus.jobLock, config.nodeId, log.child({ component: 'jobs' }));
  scheduler.start([
    expireCommandsJob(s.commands),
    expireReservationsJob(s.reservations),
    pruneOutboxJob(store.outbox),
    closeStaleSessionsJob(s.sessions, config.staleSessionHours),
    firmwareCampaignsJob(s.firmwareCampaigns),
    localListsJob(s.localLists, config.fleet.localListSyncSeconds),
    reconcileSessionsJob(s.reconciliation, config.fleet.reconcileAfterSeconds),
    closeSettlementJob(s.settlements, () => pricingCaughtUp(store, log)),
    provisionalSettlementJob(s.settlements, () => shanghaiDate(new Date())),
    prunePartnerMessagesJob(s.partners, config.partners.messageRetentionDays),
    pruneTcecAccessJob(new SqlPartnerAccessTokens(store.db.sql), new SqlReplayGuard(store.db.sql), config.tcec.timestampWindowSeconds),
    ...roamingJobs,
  ]);
  closers.add(() => scheduler.stop());
}

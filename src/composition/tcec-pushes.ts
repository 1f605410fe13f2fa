import type { Config } from '../config/index.js';
import { prunePartnerPushesJob, orderCheckJob, stationSyncJob } from '../jobs/roaming-pushes.jobs.js';
import type { Job } from '../jobs/scheduler.js';
import type { EventConsumer } from '../domain/events/index.js';
import { TcecClient } from '../roaming/tcec/client/index.js';
import { driverSideHandlers, TcecDriverSide } from '../roaming/tcec/driver/index.js';
import type { InboundHandlers } from '../roaming/tcec/server/index.js';
import { SqlPartnerCatalogLinks } from '../adapters/prisma/partner-catalog.links.js';
import type { SqlConnection } from '../adapters/prisma/database.js';
import { ChargeStatusTicker, partnerAnswerHandlers, PushPlanner, PushSender, queueOrderChecks } from '../roaming/tcec/pushes/index.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Closers } from './closers.js';
import type { Services } from './services.js';

export interface TcecPushes {
  /** The one outbound client of this node (pushes and the driver side share its tokens). */
  readonly client: TcecClient;
  readonly sender: PushSender;
  readonly consumers: EventConsumer[];
  readonly jobs: Job[];
  /** Queues check_charge_orders for a day (the daily job; tests call it for their day). */
  queueOrderChecks(day: string): Promise<number>;
  /** The driver side: our drivers on partners' stations, and the notifications those partners send us. */
  readonly driver: TcecDriverSide;
  readonly driverInbound: InboundHandlers;
}

/**
 * Pushes to T/CEC partners on every node: the outbox consumer that queues them, the sender that
 * sends new ones at once and retries due ones, the ticker of charge status while charging, and
 * the daily order check job.
 */
export function startTcecPushes(config: Config, s: Services, sql: SqlConnection, clock: Clock, log: Logger, closers: Closers): TcecPushes {
  const pushLog = log.child({ component: 'tcec-pushes' });
  const client = new TcecClient({ clock, messages: s.partners.messages, health: s.partners.store, seqs: s.tcecSeqs, tokens: s.tcecTokens, node: config.nodeId });
  const sender = new PushSender({
    queue: s.partnerPushes,
    client,
    partners: s.partners.store,
    clock,
    log: pushLog,
    answers: partnerAnswerHandlers({
      charges: s.roamingCharges,
      raiseDispute: (partnerId, cdrId, reason, note) => s.disputes.raise({ kind: 'operator', operatorId: partnerId }, { cdrId, reason, note }),
      clock,
      log: pushLog,
    }),
  });
  const planner = new PushPlanner({
    partners: s.partners.store,
    stationOwner: (id) => s.catalog.repo.getStationOwnership(id),
    charges: s.roamingCharges,
    cdrs: s.cdrs.repo,
    catalog: s.availabilityCatalog,
    sender,
    clock,
    serviceTel: config.tcec.serviceTel,
  });
  const ticker = new ChargeStatusTicker({ partners: s.partners.store, charges: s.roamingCharges, liveCost: (id) => s.cdrs.liveCost(id), sender, clock, log: pushLog });
  sender.start();
  ticker.start();
  closers.add(async () => {
    ticker.stop();
    await sender.stop();
  });
  const queueChecks = (day: string) => queueOrderChecks({ partners: s.partners.store, charges: s.roamingCharges, cdrs: s.cdrs.repo, sender }, day, clock.now());
  const driverDeps = {
    partners: s.partners.store,
    client,
    links: new SqlPartnerCatalogLinks(sql),
    charges: s.roamingCharges,
    catalog: s.catalog.repo,
    connectorStatus: (report: Parameters<Services['stations']['connectorStatus']>[0], place: Parameters<Services['stations']['connectorStatus']>[1]) => s.stations.connectorStatus(report, place),
    cdrs: s.cdrs.repo,
    raiseDispute: (providerId: string, cdrId: string, reason: 1 | 2 | 3, note: string) => s.disputes.raise({ kind: 'operator', operatorId: providerId }, { cdrId, reason, note }),
    clock,
    log: log.child({ component: 'tcec-driver' }),
  };
  const driver = new TcecDriverSide(driverDeps);
  const syncAll = async () => {
    let n = 0;
    for (const p of await s.partners.store.list()) {
      if (p.protocol !== 'tcec' || p.role !== 'cpo' || p.state === 'suspended') continue;
      n += (await driver.syncStations(p.id, false).catch((err: unknown) => (pushLog.warn({ err, partner: p.id }, 'station sync failed'), { stations: 0 }))).stations;
    }
    return n;
  };
  return {
    client,
    sender,
    consumers: [planner.consumer()],
    jobs: [orderCheckJob(queueChecks), prunePartnerPushesJob(s.partnerPushes), stationSyncJob(syncAll)],
    queueOrderChecks: queueChecks,
    driver,
    driverInbound: driverSideHandlers(driverDeps, driver),
  };
}

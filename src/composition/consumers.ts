import { cdrPricing } from '../domain/cdrs/index.js';
import { reservationFollowUps } from '../domain/reservations/index.js';
import { remoteStartLinks } from '../domain/commands/index.js';
import { certificateIssuer } from '../domain/certificates/index.js';
import type { EventConsumer } from '../domain/events/index.js';
import { loadBalancing } from '../domain/smart-charging/index.js';
import { firmwareCampaigns } from '../domain/firmware/index.js';
import { customerClearFollowUp, localLists } from '../domain/local-lists/index.js';
import { transactionReconciliation } from '../domain/reconciliation/index.js';
import { deviceModelFollowUps } from '../domain/device-model/index.js';
import { stationLogFollowUps } from '../domain/station-logs/index.js';
import type { Services } from './services.js';

/**
 * The durable consumers of the outbox. They run on every node (a lease in the store lets one node
 * at a time handle each), so follow-ups happen whichever roles a deployment splits.
 */
export function durableConsumers(s: Services, roaming: readonly EventConsumer[] = []): EventConsumer[] {
  const commandError = async (id: string) => (await s.commandRepo.get(id))?.error ?? null;
  return [
    remoteStartLinks(s.commandRepo),
    reservationFollowUps(s.reservations, s.commandRepo),
    cdrPricing(s.cdrs),
    certificateIssuer(s.certificates),
    loadBalancing(s.smartCharging),
    firmwareCampaigns(s.firmwareCampaigns, commandError),
    localLists(s.localLists, commandError),
    transactionReconciliation(s.reconciliation, async (id) => (await s.commandRepo.get(id))?.response ?? null),
    deviceModelFollowUps(s.deviceModel, s.commandRepo),
    stationLogFollowUps(s.stationLogs, s.commandRepo),
    customerClearFollowUp(s.localLists, s.commandRepo),
    ...roaming,
  ];
}

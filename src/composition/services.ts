import { CachedAgreementLookup } from '../adapters/memory/agreement-cache.js';
import { SqlAgreementRepository } from '../adapters/prisma/agreement.repository.js';
import { SqlCdrRepository } from '../adapters/prisma/cdr.repository.js';
import { SqlDisputeRepository } from '../adapters/prisma/dispute.repository.js';
import { cityReportRows } from '../adapters/prisma/report.queries.js';
import { SqlSettlementStore } from '../adapters/prisma/settlement.store.js';
import { SqlApiKeyRepository } from '../adapters/prisma/api-key.repository.js';
import { SqlAvailabilityCatalog } from '../adapters/prisma/availability.catalog.js';
import { PrismaCatalogRepository } from '../adapters/prisma/catalog.repository.js';
import { SqlCommandRepository } from '../adapters/prisma/command.repository.js';
import { SqlCertificateRepository } from '../adapters/prisma/certificate.repository.js';
import { PrismaSessionQueries, PrismaStationQueries } from '../adapters/prisma/queries.js';
import { SqlReservationRepository } from '../adapters/prisma/reservation.repository.js';
import { SqlSessionRepository } from '../adapters/prisma/session.repository.js';
import { SqlStationRepository } from '../adapters/prisma/station.repository.js';
import { SqlTariffRepository } from '../adapters/prisma/tariff.repository.js';
import { SqlTokenLookup } from '../adapters/prisma/token.lookup.js';
import { SqlSmartChargingRepository } from '../adapters/prisma/smart-charging.repository.js';
import { SmartChargingService } from '../domain/smart-charging/index.js';
import { SqlFirmwareCampaignRepository } from '../adapters/prisma/firmware-campaign.repository.js';
import { FirmwareCampaignService } from '../domain/firmware/index.js';
import { SqlLocalListRepository } from '../adapters/prisma/local-list.repository.js';
import { LocalListService } from '../domain/local-lists/index.js';
import { SqlReconciliationRepository } from '../adapters/prisma/reconciliation.repository.js';
import { ReconciliationService } from '../domain/reconciliation/index.js';
import { SqlDeviceModelStore } from '../adapters/prisma/device-model.store.js';
import { DeviceModelService } from '../domain/device-model/index.js';
import { SqlStationLogStore } from '../adapters/prisma/station-log.store.js';
import { SqlStationEventQueries } from '../adapters/prisma/station-event.queries.js';
import { StationLogService } from '../domain/station-logs/index.js';
import { SqlPartnerMessageLog } from '../adapters/prisma/partner-message.log.js';
import { SqlPartnerStore } from '../adapters/prisma/partner.store.js';
import { SqlPartnerAccessTokens } from '../adapters/prisma/partner-access.store.js';
import { SqlPartnerPushQueue } from '../adapters/prisma/partner-push.queue.js';
import { SqlEnvelopeSeqBlocks } from '../adapters/prisma/envelope-seq.blocks.js';
import { SqlPartnerOutboundTokens } from '../adapters/prisma/partner-outbound-tokens.store.js';
import { SqlRoamingChargeStore } from '../adapters/prisma/roaming-charge.store.js';
import { PartnerService, type SecretSealer } from '../domain/partners/index.js';
import type { Config } from '../config/index.js';
import { AgreementService } from '../domain/agreements/index.js';
import { CdrService } from '../domain/cdrs/index.js';
import { DisputeService } from '../domain/disputes/index.js';
import { ReportService } from '../domain/reports/index.js';
import { SettlementService } from '../domain/settlement/index.js';
import { AuthorizationService } from '../domain/authorization/index.js';
import { LiveStatusPublisher } from '../domain/availability/index.js';
import { CatalogService } from '../domain/catalog/index.js';
import { CommandService } from '../domain/commands/index.js';
import { CertificateService, type CertificateAuthority } from '../domain/certificates/index.js';
import { ReservationService } from '../domain/reservations/index.js';
import { SessionService } from '../domain/sessions/index.js';
import { StationService } from '../domain/stations/index.js';
import { TariffService } from '../domain/tariffs/index.js';
import type { Clock } from '../shared/clock.js';
import type { Bus } from './bus.js';
import type { Closers } from './closers.js';
import type { Store } from './store.js';

/** The domain services and the repositories behind them, wired the same way in every role. */
export function buildServices(config: Config, store: Store, bus: Bus, clock: Clock, closers: Closers, ca: CertificateAuthority, partnerSecrets: SecretSealer) {
  const { db, gc } = store;
  // Writes of master data and command answers wait until this node's readers saw their events.
  const afterCommit = () => store.afterCommit();
  const stationRepo = new SqlStationRepository(db.sql, gc);
  closers.add(() => stationRepo.close());
  const catalog = new CatalogService(new PrismaCatalogRepository(db.prisma, afterCommit));
  const agreementRepo = new SqlAgreementRepository(db.sql, afterCommit);
  const agreements = new AgreementService(agreementRepo, catalog);
  // Authorizations read agreements from memory; any change anywhere empties it (outbox tail).
  const agreementCache = new CachedAgreementLookup(agreementRepo);
  store.tail.on(['agreement.changed'], () => agreementCache.invalidate());
  const auth = new AuthorizationService(new SqlTokenLookup(db.sql), agreementCache, clock);
  const stations = new StationService(stationRepo, clock, {
    heartbeatIntervalSec: config.ocpp.heartbeatIntervalSec,
    autoRegister: config.ocpp.autoRegister,
    live: new LiveStatusPublisher(bus.liveStatus, bus.statusEvents),
  });
  const commandRepo = new SqlCommandRepository(db.sql, afterCommit);
  const sessions = new SessionService(new SqlSessionRepository(db.sql, gc), auth, clock);
  const commands = new CommandService(commandRepo, commandRepo, bus.dispatch, clock, agreementCache);
  const certificates = new CertificateService(
    new SqlCertificateRepository(db.sql),
    ca,
    {
      deliver: (c) =>
        commands.sendFromPlatform({ id: c.commandId, stationId: c.stationId, kind: 'certificate-signed', params: { certificateChain: c.certificateChain, certificateType: c.certificateType } }),
      isQueued: (id) => commands.exists(id),
    },
    clock,
    { validityDays: config.pki.certificateValidityDays },
  );
  const reservations = new ReservationService(
    new SqlReservationRepository(db.sql),
    { release: (stationId, evseNo, at) => stations.releaseReserved(stationId, evseNo, at) },
    clock,
  );
  const tariffs = new TariffService(new SqlTariffRepository(db.sql, afterCommit), catalog, clock);
  const cdrRepo = new SqlCdrRepository(db.sql);
  const cdrs = new CdrService(cdrRepo, clock);
  const settlements = new SettlementService(new SqlSettlementStore(db.sql), clock);
  const disputes = new DisputeService(new SqlDisputeRepository(db.sql), cdrRepo, clock);
  const reports = new ReportService({ cityRows: (from, to) => cityReportRows(db.sql, from, to) });
  const smartCharging = new SmartChargingService(new SqlSmartChargingRepository(db.sql, afterCommit), commandRepo, bus.dispatch, clock);
  const firmwareCampaigns = new FirmwareCampaignService(new SqlFirmwareCampaignRepository(db.sql), commands, clock);
  const localLists = new LocalListService(new SqlLocalListRepository(db.sql), commands, clock);
  const reconciliation = new ReconciliationService(new SqlReconciliationRepository(db.sql), commands, sessions, clock, config.fleet.reconcileAfterSeconds * 1_000);
  const deviceModel = new DeviceModelService(
    new SqlDeviceModelStore(db.sql),
    { submit: (c) => commands.submit(c), byId: (id) => commandRepo.get(id) },
    stationRepo,
    clock,
    { acceptAutoRegisteredAfterReport: config.ocpp.autoRegisterAccept === 'after-report' },
  );
  // Where stations upload log files: PUBLIC_URL, or this node's API port once it listens (platform.ts).
  const uploadBase = { url: config.uploads.publicUrl ?? `http://${localHost(config.http.host)}:${config.http.port}` };
  const stationLogs = new StationLogService(new SqlStationLogStore(db.sql), clock, { publicUrl: () => uploadBase.url, maxBytes: config.uploads.maxBytes });
  const partners = new PartnerService(new SqlPartnerStore(db.sql, partnerSecrets), new SqlPartnerMessageLog(db.sql), clock, new SqlPartnerAccessTokens(db.sql));
  return {
    catalog,
    deviceModel,
    stationLogs,
    uploadBase,
    stationEvents: new SqlStationEventQueries(db.sql),
    agreements,
    partners,
    cdrs,
    settlements,
    disputes,
    reports,
    auth,
    stations,
    sessions,
    commandRepo,
    commands,
    certificates,
    reservations,
    tariffs,
    smartCharging,
    firmwareCampaigns,
    localLists,
    reconciliation,
    apiKeys: new SqlApiKeyRepository(db.sql),
    availabilityCatalog: new SqlAvailabilityCatalog(db.sql),
    stationQueries: new PrismaStationQueries(db.prisma),
    sessionQueries: new PrismaSessionQueries(db.prisma),
    // Roaming: pushes owed to partners, and the charges that run through one (issue 9).
    partnerPushes: new SqlPartnerPushQueue(db.sql),
    roamingCharges: new SqlRoamingChargeStore(db.sql),
    // What every node's T/CEC client shares: Seq blocks per OperatorID, and partners' tokens (sealed).
    tcecSeqs: new SqlEnvelopeSeqBlocks(db.sql),
    tcecTokens: new SqlPartnerOutboundTokens(db.sql, partnerSecrets),
  };
}

/** A host name stations on this machine reach a listener bound to `host` by. */
const localHost = (host: string) => (host === '0.0.0.0' || host === '::' || host === '' ? 'localhost' : host.includes(':') ? `[${host}]` : host);

export type Services = ReturnType<typeof buildServices>;

import type { ApiKeyRepository, RequestCounter } from '../domain/access/index.js';
import type { AgreementService } from '../domain/agreements/index.js';
import type { CdrService } from '../domain/cdrs/index.js';
import type { DisputeService } from '../domain/disputes/index.js';
import type { ReportService } from '../domain/reports/index.js';
import type { OverviewService } from '../domain/overview/index.js';
import type { PartnerService } from '../domain/partners/index.js';
import type { RoamingDriver } from '../domain/roaming/index.js';
import type { SettlementService } from '../domain/settlement/index.js';
import type { AvailabilityService, StatusEventBus } from '../domain/availability/index.js';
import type { CatalogService } from '../domain/catalog/index.js';
import type { CommandService } from '../domain/commands/index.js';
import type { CertificateService } from '../domain/certificates/index.js';
import type { DeviceModelService } from '../domain/device-model/index.js';
import type { StationLogService } from '../domain/station-logs/index.js';
import type { ReservationService } from '../domain/reservations/index.js';
import type { SessionQueries } from '../domain/sessions/index.js';
import type { SmartChargingService } from '../domain/smart-charging/index.js';
import type { FirmwareCampaignService } from '../domain/firmware/index.js';
import type { LocalListService } from '../domain/local-lists/index.js';
import type { ReconciliationService } from '../domain/reconciliation/index.js';
import type { TariffService } from '../domain/tariffs/index.js';
import type { StationEventQueries, StationPresence, StationQueries } from '../domain/stations/index.js';

/** Where the built console is and how its map gets tiles (served to the browser as /console/config.json). */
export interface ConsoleSettings {
  readonly dir: string;
  /** Leaflet URL template, or null: no tiles (the cities' outlines on a blank background). */
  readonly tileUrl: string | null;
  readonly tileAttribution: string;
  /** gcj02 when the tiles are drawn in GCJ-02 (Chinese map providers). */
  readonly tileCoords: 'wgs84' | 'gcj02';
  /** A signed-in console forgets its key after this long without use. */
  readonly sessionMinutes: number;
}

/** What the HTTP edge needs from the rest of the platform; main.ts builds it. */
export interface ApiDeps {
  readonly catalog: CatalogService;
  readonly availability: AvailabilityService;
  readonly statusEvents: StatusEventBus;
  readonly commands: CommandService;
  readonly certificates: Pick<CertificateService, 'caCertificatePem' | 'listForStation'>;
  readonly deviceModel: Pick<DeviceModelService, 'list' | 'setVariables' | 'setReportOnBoot'>;
  readonly stationLogs: Pick<StationLogService, 'list' | 'download' | 'expectUpload' | 'receiveUpload' | 'maxBytes'>;
  readonly reservations: ReservationService;
  readonly tariffs: TariffService;
  readonly smartCharging: SmartChargingService;
  readonly firmwareCampaigns: FirmwareCampaignService;
  readonly localLists: LocalListService;
  readonly reconciliation: Pick<ReconciliationService, 'gapsOf'>;
  readonly agreements: AgreementService;
  readonly cdrs: CdrService;
  readonly settlements: SettlementService;
  readonly disputes: DisputeService;
  readonly reports: ReportService;
  readonly overview: OverviewService;
  /** Roaming partners (absent: no partners API, as before issue 9). */
  readonly partners?: PartnerService | undefined;
  /** The driver side of roaming (absent: no partner charge routes). */
  readonly roamingDriver?: RoamingDriver | undefined;
  /** Queues a day's order checks to every partner whose drivers charged with us (absent: no such route). */
  readonly queueOrderChecks?: ((day: string) => Promise<number>) | undefined;
  readonly stations: StationQueries;
  readonly stationEvents: StationEventQueries;
  readonly sessions: SessionQueries;
  readonly presence: StationPresence;
  readonly adminApiKey: string;
  readonly apiKeys: ApiKeyRepository;
  /** Requests per minute per API key (the admin key is not limited). */
  readonly rateLimitPerMinute: number;
  /** Where the requests are counted: Redis (all API nodes together) or in process. */
  readonly requestCounter: RequestCounter;
  /** Each check resolves true when its dependency answers. */
  readonly readiness: Readonly<Record<string, () => Promise<boolean>>>;
  readonly metrics: { readonly contentType: string; text(): Promise<string> };
  /** The web console's built files and map settings (absent: no console on this node). */
  readonly console?: ConsoleSettings | undefined;
}

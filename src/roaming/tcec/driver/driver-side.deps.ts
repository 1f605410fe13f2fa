import type { ConnectorStatusReport } from '../../../domain/stations/station.model.js';
import type { StationPlace } from '../../../domain/availability/live-status.publisher.js';
import type { CatalogRepository } from '../../../domain/catalog/catalog.ports.js';
import type { Cdr } from '../../../domain/cdrs/cdr.model.js';
import type { DisputeReason } from '../../../domain/disputes/dispute.model.js';
import type { Partner } from '../../../domain/partners/index.js';
import type { PartnerCatalogLinks, RoamingChargeStore } from '../../../domain/roaming/index.js';
import type { Clock } from '../../../shared/clock.js';
import type { Logger } from '../../../shared/logger.js';
import type { TcecClient } from '../client/index.js';

export interface DriverSideDeps {
  readonly partners: { get(id: string): Promise<Partner | null> };
  readonly client: Pick<TcecClient, 'call' | 'request'>;
  readonly links: PartnerCatalogLinks;
  readonly charges: RoamingChargeStore;
  readonly catalog: Pick<
    CatalogRepository,
    'getLocation' | 'createLocation' | 'updateLocation' | 'listLocations' | 'deleteLocation' | 'getStationEvses' | 'createStation' | 'setStationEvses' | 'deleteStation' | 'stationsOf' | 'getToken'
  >;
  /** Records a partner connector's status like a station's own report (store, live status, SSE). */
  readonly connectorStatus: (report: ConnectorStatusReport, place: StationPlace) => Promise<void>;
  readonly cdrs: { insert(cdrs: readonly Cdr[]): Promise<string[]>; get(id: string): Promise<Cdr | null>; list(filter: { sessionId: string; limit: number }): Promise<{ items: Cdr[] }> };
  /** Our member disputes the partner's CDR it pays for. */
  readonly raiseDispute: (providerId: string, cdrId: string, reason: DisputeReason, note: string) => Promise<unknown>;
  readonly clock: Clock;
  readonly log: Logger;
}

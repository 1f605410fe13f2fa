import type { PartnerConnectorLink } from './partner-catalog.model.js';

/** The driver side's links from partners' connectors into our catalog, and how far each sync got. */
export interface PartnerCatalogLinks {
  /** Adds or moves links (by partner and its connector id). */
  save(links: readonly PartnerConnectorLink[]): Promise<void>;
  /** Drops every link into one of our stations (it is written anew from the partner's answer). */
  forgetStation(partnerId: string, stationId: string): Promise<void>;
  /** The links into one of our stations, by EVSE. */
  ofStation(partnerId: string, stationId: string): Promise<PartnerConnectorLink[]>;
  byPartnerConnector(partnerId: string, partnerConnectorId: string): Promise<PartnerConnectorLink | null>;
  byConnector(stationId: string, evseNo: number, connectorNo: number): Promise<PartnerConnectorLink | null>;
  /** The partner's station ids (its StationIDs are our locations) we hold, for status queries. */
  locationsOf(partnerId: string): Promise<string[]>;
  /** When the last station sync asked from (the next LastQueryTime); null: never synced. */
  lastSync(partnerId: string): Promise<Date | null>;
  setLastSync(partnerId: string, at: Date): Promise<void>;
}

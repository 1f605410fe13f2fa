import type { StoredEvse } from './evse-plan.js';
import type { EvseChanges, EvseLayout, Location, NewStation, Operator, Page, Patch, StationPatch, TokenRecord } from './catalog.model.js';

/**
 * Master data kept by operators and the platform admin. Implementations throw AppError with
 * *_ALREADY_EXISTS on a duplicate id, *_NOT_FOUND for a missing row, *_IN_USE when a delete
 * would orphan dependants.
 */
export interface CatalogRepository {
  createOperator(op: Omit<Operator, 'createdAt'>): Promise<Operator>;
  getOperator(id: string): Promise<Operator | null>;
  listOperators(cursor: string | undefined, limit: number): Promise<Page<Operator>>;
  updateOperator(id: string, patch: Patch<Omit<Operator, 'id' | 'createdAt'>>): Promise<Operator>;
  deleteOperator(id: string): Promise<void>;

  createLocation(loc: Location): Promise<Location>;
  getLocation(id: string): Promise<Location | null>;
  listLocations(filter: { operatorId?: string | undefined; city?: string | undefined }, cursor: string | undefined, limit: number): Promise<Page<Location>>;
  updateLocation(id: string, patch: Patch<Omit<Location, 'id'>>): Promise<Location>;
  deleteLocation(id: string): Promise<void>;

  createStation(station: NewStation): Promise<void>;
  getStationOwnership(id: string): Promise<{ operatorId: string; locationId: string | null; hasPassword: boolean } | null>;
  updateStation(id: string, patch: StationPatch): Promise<void>;
  /**
   * STATION_IN_USE (details.referencedBy) while sessions, CDRs, roaming charges, reservations or
   * firmware campaigns name it: such a station is retired (setStationEvses with no EVSEs), not deleted.
   */
  deleteStation(id: string): Promise<void>;
  /** Every station of the operator, with its location. */
  stationsOf(operatorId: string): Promise<{ id: string; locationId: string | null }[]>;
  /**
   * Brings the station's EVSEs and connectors to the full list given (see planEvses): named ones
   * created or updated, left-out ones retired at `at` when history names them, deleted when not.
   * A catalog.changed event goes with it when anything changed. STATION_NOT_FOUND.
   */
  /** The station's EVSEs with their connectors as stored, retired ones too; null: no such station. */
  getStationEvses(stationId: string): Promise<StoredEvse[] | null>;
  setStationEvses(stationId: string, evses: readonly EvseLayout[], at: Date): Promise<EvseChanges>;

  createToken(token: TokenRecord): Promise<TokenRecord>;
  getToken(uid: string): Promise<TokenRecord | null>;
  listTokens(filter: { operatorId?: string | undefined }, cursor: string | undefined, limit: number): Promise<Page<TokenRecord>>;
  updateToken(uid: string, patch: Patch<Omit<TokenRecord, 'uid'>>): Promise<TokenRecord>;
  deleteToken(uid: string): Promise<void>;
}

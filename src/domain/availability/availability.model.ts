import type { ConnectorStatus } from '../stations/connector-status.js';
import type { TariffSummary } from '../tariffs/tariff.model.js';

/** What drivers are told about a place itself, in the catalog and in every answer. */
export interface LocationFacts {
  readonly id: string;
  readonly operatorId: string;
  readonly name: string;
  readonly city: string;
  readonly district: string | null;
  readonly address: string;
  /** WGS 84 */
  readonly lat: number;
  readonly lng: number;
  readonly timeZone: string;
}

/** Static description of a location and its charging points (changes rarely; cached by API nodes). */
export interface CatalogLocation extends LocationFacts {
  readonly stations: readonly CatalogStation[];
  /** The tariff that applies here, summarized (none: the operator has not published one). */
  readonly tariff?: TariffSummary | null | undefined;
}

export interface CatalogStation {
  readonly id: string;
  readonly evses: readonly {
    readonly evseNo: number;
    /** format: CABLE or SOCKET (absent: CABLE). */
    readonly connectors: readonly { readonly connectorNo: number; readonly standard: string; readonly format?: string | undefined; readonly maxPowerW: number | null }[];
  }[];
}

export interface AvailabilityQuery {
  /** Search centre (WGS 84); with it, results are sorted by distance. */
  readonly near?: { readonly lat: number; readonly lng: number; readonly radiusKm: number } | undefined;
  readonly city?: string | undefined;
  readonly operatorId?: string | undefined;
  readonly standards?: readonly string[] | undefined;
  readonly minPowerKw?: number | undefined;
  readonly availableOnly?: boolean | undefined;
  /** Opaque position from the previous page. */
  readonly after?: { readonly distanceKm: number; readonly id: string } | undefined;
  readonly limit: number;
}

export interface ConnectorAvailability {
  readonly connectorId: number;
  readonly standard: string;
  readonly maxPowerKw: number | null;
  readonly status: ConnectorStatus;
}

export interface EvseAvailability {
  /** "{stationId}.{evseNo}" */
  readonly id: string;
  readonly stationId: string;
  readonly evseId: number;
  readonly status: ConnectorStatus;
  readonly connectors: ConnectorAvailability[];
}

/** A location with live statuses, without a distance: shared between searches while nothing changes. */
export type LocationView = Omit<LocationAvailability, 'distanceKm'>;

/** One search result: a (possibly shared, read-only) view and its distance from the query's centre. */
export interface SearchHit {
  readonly view: LocationView;
  /** km to the metre; null without a centre. */
  readonly distanceKm: number | null;
}

export interface LocationAvailability extends LocationFacts {
  /** Present when the query had a centre. */
  readonly distanceKm: number | null;
  readonly availableConnectors: number;
  readonly totalConnectors: number;
  readonly evses: EvseAvailability[];
  /** What charging here costs per kWh (null: no tariff published). */
  readonly tariff: TariffSummary | null;
}

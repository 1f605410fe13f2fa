import type { ConnectorStatus } from '../stations/connector-status.js';
import type {
  AvailabilityQuery,
  CatalogLocation,
  ConnectorAvailability,
  EvseAvailability,
  LocationAvailability,
  LocationView,
} from './availability.model.js';
import { connectorFilterOf, fitsConnector } from './connector-filter.js';
import { distanceKm, toMetres } from './geo.js';
import { liveReadOf, type LiveConnectorStatus, type LiveRead } from './live-status.ports.js';
import { sortedAfter, type RankedLocation } from './nearest.js';

export { boundingBox, distanceKm } from './geo.js';
export { sortedAfter, type CandidateSet, type Cursor, type RankedLocation } from './nearest.js';

/** An EVSE is as available as its best connector: one free plug makes it AVAILABLE. */
const EVSE_RANK: Record<ConnectorStatus, number> = {
  AVAILABLE: 0, PREPARING: 1, CHARGING: 2, SUSPENDED: 3, FINISHING: 4, RESERVED: 5, UNAVAILABLE: 6, FAULTED: 7, OFFLINE: 8, UNKNOWN: 9,
};

/**
 * Every candidate of a query, nearest first, by a plain scan of the whole catalog: no grid, box or
 * selection. The reference the fast path (LocationIndex, AvailabilityService) is tested against.
 */
export function rankCandidates(catalog: readonly CatalogLocation[], q: AvailabilityQuery): RankedLocation[] {
  const plugs = connectorFilterOf(q);
  const locations: CatalogLocation[] = [];
  const distances: number[] = [];
  for (const loc of catalog) {
    if (q.city && loc.city !== q.city) continue;
    if (q.operatorId && loc.operatorId !== q.operatorId) continue;
    const d = q.near ? toMetres(distanceKm(q.near, loc)) : 0;
    if (q.near && d > q.near.radiusKm) continue;
    if (plugs.active && !loc.stations.some((s) => s.evses.some((e) => e.connectors.some((c) => fitsConnector(c, plugs))))) continue;
    locations.push(loc);
    distances.push(d);
  }
  return sortedAfter({ locations, distances, hasCentre: q.near !== undefined }, q.after);
}

/**
 * Joins static locations with live statuses and applies a driver's query: "where is a free
 * connector near me, of my plug type and power, right now". Pure: the caller supplies the catalog
 * snapshot, live statuses and which stations are offline.
 */
export function searchAvailability(
  catalog: readonly CatalogLocation[],
  live: ReadonlyMap<string, readonly LiveConnectorStatus[]>,
  offline: ReadonlySet<string>,
  q: AvailabilityQuery,
): { items: LocationAvailability[]; hasMore: boolean } {
  const read = liveReadOf(live, offline);
  const matches = rankCandidates(catalog, q)
    .map((r) => locationAvailability(r.location, read, r.distanceKm, q))
    .filter((v) => !q.availableOnly || v.availableConnectors > 0);
  return { items: matches.slice(0, q.limit), hasMore: matches.length > q.limit };
}

function liveStatusOf(statuses: readonly LiveConnectorStatus[], evseNo: number, connectorNo: number): ConnectorStatus {
  for (const s of statuses) if (s.evseNo === evseNo && s.connectorNo === connectorNo) return s.status;
  return 'UNKNOWN';
}

/** One location with live statuses and its distance (see locationView). */
export function locationAvailability(
  loc: CatalogLocation,
  live: LiveRead,
  distance: number | null,
  q: Pick<AvailabilityQuery, 'standards' | 'minPowerKw'> = {},
): LocationAvailability {
  return { ...locationView(loc, live, q), distanceKm: distance === null ? null : toMetres(distance) };
}

/** One location with live statuses; connectors that do not fit the query's plug type or power are left out. */
export function locationView(loc: CatalogLocation, live: LiveRead, q: Pick<AvailabilityQuery, 'standards' | 'minPowerKw'> = {}): LocationView {
  const plugs = connectorFilterOf(q);
  const evses: EvseAvailability[] = [];
  let available = 0;
  let total = 0;
  for (const st of loc.stations) {
    const { statuses, offline: isOffline } = live.station(st.id);
    for (const e of st.evses) {
      const connectors: ConnectorAvailability[] = [];
      let best: ConnectorStatus = 'UNKNOWN';
      for (const c of e.connectors) {
        if (!fitsConnector(c, plugs)) continue;
        const status: ConnectorStatus = isOffline ? 'OFFLINE' : liveStatusOf(statuses, e.evseNo, c.connectorNo);
        connectors.push({ connectorId: c.connectorNo, standard: c.standard, maxPowerKw: c.maxPowerW === null ? null : c.maxPowerW / 1000, status });
        if (EVSE_RANK[status] < EVSE_RANK[best]) best = status;
        if (status === 'AVAILABLE') available++;
      }
      if (connectors.length === 0) continue;
      total += connectors.length;
      evses.push({ id: `${st.id}.${e.evseNo}`, stationId: st.id, evseId: e.evseNo, status: best, connectors });
    }
  }
  return {
    id: loc.id,
    operatorId: loc.operatorId,
    name: loc.name,
    city: loc.city,
    district: loc.district,
    address: loc.address,
    lat: loc.lat,
    lng: loc.lng,
    timeZone: loc.timeZone,
    availableConnectors: available,
    totalConnectors: total,
    evses,
    tariff: loc.tariff ?? null,
  };
}

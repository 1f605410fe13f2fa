import type { ConnectorStatus } from '../stations/connector-status.js';
import type {
  AvailabilityQuery,
  CatalogLocation,
  ConnectorAvailability,
  EvseAvailability,
  LocationAvailability,
} from './availability.model.js';
import type { LiveConnectorStatus } from './live-status.ports.js';

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km between two WGS 84 points (haversine). */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** An EVSE is as available as its best connector: one free plug makes it AVAILABLE. */
const EVSE_RANK: ConnectorStatus[] = ['AVAILABLE', 'PREPARING', 'CHARGING', 'SUSPENDED', 'FINISHING', 'RESERVED', 'UNAVAILABLE', 'FAULTED', 'OFFLINE', 'UNKNOWN'];
const evseStatus = (connectors: readonly ConnectorAvailability[]): ConnectorStatus =>
  connectors.map((c) => c.status).sort((x, y) => EVSE_RANK.indexOf(x) - EVSE_RANK.indexOf(y))[0] ?? 'UNKNOWN';

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
  const matches: LocationAvailability[] = [];
  for (const loc of catalog) {
    if (q.city && loc.city !== q.city) continue;
    if (q.operatorId && loc.operatorId !== q.operatorId) continue;
    const d = q.near ? distanceKm(q.near, loc) : null;
    if (q.near && d !== null && d > q.near.radiusKm) continue;
    const view = locationAvailability(loc, live, offline, d, q);
    // A plug-type or power filter that leaves no EVSE rules the location out; without one, a
    // location still being built (no stations yet) is listed.
    if (view.evses.length === 0 && (q.standards?.length || q.minPowerKw !== undefined)) continue;
    if (q.availableOnly && view.availableConnectors === 0) continue;
    matches.push(view);
  }
  matches.sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0) || a.id.localeCompare(b.id));
  const after = q.after;
  const start = after ? matches.findIndex((m) => (m.distanceKm ?? 0) > after.distanceKm || ((m.distanceKm ?? 0) === after.distanceKm && m.id > after.id)) : 0;
  const page = start < 0 ? [] : matches.slice(start, start + q.limit);
  return { items: page, hasMore: start >= 0 && start + q.limit < matches.length };
}

/** One location with live statuses; connectors that do not fit the query's plug type or power are left out. */
export function locationAvailability(
  loc: CatalogLocation,
  live: ReadonlyMap<string, readonly LiveConnectorStatus[]>,
  offline: ReadonlySet<string>,
  distance: number | null,
  q: Pick<AvailabilityQuery, 'standards' | 'minPowerKw'> = {},
): LocationAvailability {
  const evses: EvseAvailability[] = [];
  for (const st of loc.stations) {
    const statuses = new Map((live.get(st.id) ?? []).map((s) => [`${s.evseNo}.${s.connectorNo}`, s.status]));
    for (const e of st.evses) {
      const connectors = e.connectors
        .filter((c) => !q.standards?.length || q.standards.includes(c.standard))
        .filter((c) => q.minPowerKw === undefined || (c.maxPowerW ?? 0) >= q.minPowerKw * 1000)
        .map((c) => ({
          connectorId: c.connectorNo,
          standard: c.standard,
          maxPowerKw: c.maxPowerW === null ? null : c.maxPowerW / 1000,
          status: offline.has(st.id) ? 'OFFLINE' : (statuses.get(`${e.evseNo}.${c.connectorNo}`) ?? 'UNKNOWN'),
        }) satisfies ConnectorAvailability);
      if (connectors.length === 0) continue;
      evses.push({ id: `${st.id}.${e.evseNo}`, stationId: st.id, evseId: e.evseNo, status: evseStatus(connectors), connectors });
    }
  }
  const all = evses.flatMap((e) => e.connectors);
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
    distanceKm: distance === null ? null : Math.round(distance * 1000) / 1000,
    availableConnectors: all.filter((c) => c.status === 'AVAILABLE').length,
    totalConnectors: all.length,
    evses,
  };
}

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

export interface RankedLocation {
  readonly location: CatalogLocation;
  readonly distanceKm: number | null;
}

const round3 = (km: number): number => Math.round(km * 1000) / 1000;

/**
 * The static half of a driver's query: place, operator, radius, plug type and power (a location
 * with no fitting connector is out), nearest first, after the cursor. Needs no live state, so the
 * caller fetches live statuses only for as many candidates as a page needs.
 */
export function rankCandidates(catalog: readonly CatalogLocation[], q: AvailabilityQuery): RankedLocation[] {
  const fits = (c: { standard: string; maxPowerW: number | null }) =>
    (!q.standards?.length || q.standards.includes(c.standard)) && (q.minPowerKw === undefined || (c.maxPowerW ?? 0) >= q.minPowerKw * 1000);
  const plugFilter = Boolean(q.standards?.length) || q.minPowerKw !== undefined;
  const ranked: RankedLocation[] = [];
  for (const loc of catalog) {
    if (q.city && loc.city !== q.city) continue;
    if (q.operatorId && loc.operatorId !== q.operatorId) continue;
    const d = q.near ? round3(distanceKm(q.near, loc)) : null;
    if (q.near && d !== null && d > q.near.radiusKm) continue;
    // A plug-type or power filter that leaves no connector rules the location out; without one, a
    // location still being built (no stations yet) is listed.
    if (plugFilter && !loc.stations.some((s) => s.evses.some((e) => e.connectors.some(fits)))) continue;
    ranked.push({ location: loc, distanceKm: d });
  }
  ranked.sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0) || a.location.id.localeCompare(b.location.id));
  const after = q.after;
  if (!after) return ranked;
  return ranked.filter((r) => (r.distanceKm ?? 0) > after.distanceKm || ((r.distanceKm ?? 0) === after.distanceKm && r.location.id > after.id));
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
  const matches = rankCandidates(catalog, q)
    .map((r) => locationAvailability(r.location, live, offline, r.distanceKm, q))
    .filter((v) => !q.availableOnly || v.availableConnectors > 0);
  return { items: matches.slice(0, q.limit), hasMore: matches.length > q.limit };
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
    distanceKm: distance === null ? null : round3(distance),
    availableConnectors: all.filter((c) => c.status === 'AVAILABLE').length,
    totalConnectors: all.length,
    evses,
  };
}

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
import { toMetres } from './geo.js';
import { liveReadOf, type LiveConnectorStatus, type LiveRead } from './live-status.ports.js';
import { LocationIndex } from './location-index.js';
import type { CandidateSet } from './location-index.js';

export { boundingBox, distanceKm } from './geo.js';

/** An EVSE is as available as its best connector: one free plug makes it AVAILABLE. */
const EVSE_RANK: Record<ConnectorStatus, number> = {
  AVAILABLE: 0, PREPARING: 1, CHARGING: 2, SUSPENDED: 3, FINISHING: 4, RESERVED: 5, UNAVAILABLE: 6, FAULTED: 7, OFFLINE: 8, UNKNOWN: 9,
};

export interface RankedLocation {
  readonly location: CatalogLocation;
  readonly distanceKm: number | null;
}

/** (distance, id) order: nearest first, equal distances by id in plain code-unit order (as the cursor compares). */
const before = (d1: number, id1: string, d2: number, id2: string): boolean => d1 < d2 || (d1 === d2 && id1 < id2);

/**
 * The `k` nearest candidates in (distance, id) order. A page needs a few dozen of a city's
 * hundreds, so the k-th distance is found by selection and only what is within it gets sorted.
 */
export function nearest(set: CandidateSet, k: number): RankedLocation[] {
  const n = set.distances.length;
  if (k <= 0) return [];
  if (k * 4 >= n) return sortedAfter(set).slice(0, k);
  const kth = kthSmallest(Float64Array.from(set.distances), k - 1);
  const within: CandidateSet = { locations: [], distances: [], hasCentre: set.hasCentre };
  for (let i = 0; i < n; i++) {
    const d = set.distances[i] as number;
    if (d <= kth) {
      (within.locations as CatalogLocation[]).push(set.locations[i] as CatalogLocation);
      (within.distances as number[]).push(d);
    }
  }
  return sortedAfter(within).slice(0, k);
}

/** The candidates that come after `after` in (distance, id) order. */
export function candidatesAfter(set: CandidateSet, after: { distanceKm: number; id: string }): CandidateSet {
  const locations: CatalogLocation[] = [];
  const distances: number[] = [];
  for (let i = 0; i < set.locations.length; i++) {
    const loc = set.locations[i] as CatalogLocation;
    const d = set.distances[i] as number;
    if (!before(after.distanceKm, after.id, d, loc.id)) continue;
    locations.push(loc);
    distances.push(d);
  }
  return { locations, distances, hasCentre: set.hasCentre };
}

/** The value that would stand at index k if `a` were sorted (Hoare's selection; reorders `a`). */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

/** Every candidate after `after`, in (distance, id) order. */
export function sortedAfter(set: CandidateSet, after?: { distanceKm: number; id: string }): RankedLocation[] {
  const ranked: RankedLocation[] = [];
  set.locations.forEach((location, i) => {
    const d = set.distances[i] as number;
    if (!after || before(after.distanceKm, after.id, d, location.id)) ranked.push({ location, distanceKm: d });
  });
  ranked.sort((a, b) => {
    const da = a.distanceKm ?? 0;
    const db = b.distanceKm ?? 0;
    return before(da, a.location.id, db, b.location.id) ? -1 : before(db, b.location.id, da, a.location.id) ? 1 : 0;
  });
  return set.hasCentre ? ranked : ranked.map((r) => ({ location: r.location, distanceKm: null }));
}

/** Every candidate of a query, nearest first (see LocationIndex.candidates). */
export function rankCandidates(catalog: readonly CatalogLocation[], q: AvailabilityQuery): RankedLocation[] {
  return sortedAfter(new LocationIndex(catalog).candidates(q));
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

function liveStatusOf(statuses: readonly LiveConnectorStatus[] | undefined, evseNo: number, connectorNo: number): ConnectorStatus {
  if (statuses) for (const s of statuses) if (s.evseNo === evseNo && s.connectorNo === connectorNo) return s.status;
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
    const statuses = live.statuses(st.id);
    const isOffline = live.offline(st.id);
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
  };
}

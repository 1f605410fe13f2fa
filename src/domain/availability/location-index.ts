import type { AvailabilityQuery, CatalogLocation } from './availability.model.js';
import { connectorFilterOf, fitsConnector } from './connector-filter.js';
import type { ConnectorFilter } from './connector-filter.js';
import { RAD, boundingBox, haversineKm, toMetres } from './geo.js';
import { sortedAfter, type CandidateSet, type RankedLocation } from './nearest.js';
import { ListWalk, RingWalk, cellKey, cellOf, cellsInReach, type Grid, type LocationWalk } from './nearest-walk.js';

/** Grid cells of 0.02° (≈ 2.2 km north–south in the three cities). */
const CELL_DEG = 0.02;
/**
 * A walk may visit at most this many cells, or as many as there are locations if that is more;
 * beyond it (a wide radius, or near a pole where cells narrow) one scan of the candidates is cheaper.
 */
const MIN_CELL_BUDGET = 1_024;
/** Plug filters whose per-location answers are kept (a driver's app asks a handful of combinations). */
const MAX_PLUG_FILTERS = 64;

const cell = (v: number): number => cellOf(v, CELL_DEG);
const COLS = Math.round(360 / CELL_DEG);
/** Degrees of longitude between two meridians, the short way round. */
const lngGap = (a: number, b: number): number => {
  const d = Math.abs(a - b) % 360;
  return d > 180 ? 360 - d : d;
};

/**
 * A catalog snapshot prepared for drivers' searches: locations bucketed on a lat/lng grid and by
 * city, positions kept in flat arrays (degrees, radians and cosines), and per plug filter which
 * locations have a fitting connector, so a search touches only the cells its circle covers and does
 * little per location. Built once per snapshot; read-only afterwards except for the filter memo.
 */
export class LocationIndex {
  readonly #lat: Float64Array;
  readonly #lng: Float64Array;
  readonly #latRad: Float64Array;
  readonly #lngRad: Float64Array;
  readonly #cosLat: Float64Array;
  /** Highest power (W) per standard at each location; empty for a location with no connectors. */
  readonly #bestPower: ReadonlyMap<string, number>[] = [];
  readonly #cells = new Map<number, number[]>();
  readonly #cities = new Map<string, number[]>();
  readonly #every: number[] = [];
  readonly #byId = new Map<string, CatalogLocation>();
  readonly #byStation = new Map<string, CatalogLocation>();
  /** Per plug filter (standards|minPowerW), 1 where the location has a fitting connector. */
  readonly #fitting = new Map<string, Uint8Array>();
  /** The arrays above as a nearest-first walk reads them. */
  readonly #grid: Grid;

  constructor(readonly all: readonly CatalogLocation[]) {
    const n = all.length;
    this.#lat = new Float64Array(n);
    this.#lng = new Float64Array(n);
    this.#latRad = new Float64Array(n);
    this.#lngRad = new Float64Array(n);
    this.#cosLat = new Float64Array(n);
    all.forEach((loc, i) => {
      this.#lat[i] = loc.lat;
      this.#lng[i] = loc.lng;
      this.#latRad[i] = loc.lat * RAD;
      this.#lngRad[i] = loc.lng * RAD;
      this.#cosLat[i] = Math.cos(loc.lat * RAD);
      const best = new Map<string, number>();
      for (const s of loc.stations) for (const e of s.evses) for (const c of e.connectors) best.set(c.standard, Math.max(best.get(c.standard) ?? 0, c.maxPowerW ?? 0));
      this.#bestPower.push(best);
      this.#every.push(i);
      this.#byId.set(loc.id, loc);
      for (const st of loc.stations) this.#byStation.set(st.id, loc);
      push(this.#cells, cellKey(cell(loc.lat), cell(loc.lng), COLS), i);
      push(this.#cities, loc.city, i);
    });
    this.#grid = { all, cellDeg: CELL_DEG, cols: COLS, latRad: this.#latRad, lngRad: this.#lngRad, cosLat: this.#cosLat, cells: this.#cells };
  }

  byId(id: string): CatalogLocation | undefined {
    return this.#byId.get(id);
  }

  /** The location a station stands at. */
  ofStation(stationId: string): CatalogLocation | undefined {
    return this.#byStation.get(stationId);
  }

  /** The `k` first candidates after the query's cursor, in (distance, id) order. */
  nearest(q: AvailabilityQuery, k: number): RankedLocation[] {
    return this.walk(q).take(k);
  }

  /**
   * The query's candidates after its cursor in (distance, id) order, as many as are asked for at a
   * time. With a centre, the grid is walked outwards from it (a page in a dense city looks at a few
   * cells, not the whole circle); without one, or for a radius wider than the grid serves, the
   * candidates are ordered in one go.
   */
  walk(q: AvailabilityQuery): LocationWalk {
    const near = q.near;
    // The walk needs a box that does not go round the globe (a column must not be visited twice).
    if (near && boundingBox(near, near.radiusKm).dLng < 170 && cellsInReach(near, near.radiusKm, CELL_DEG) <= Math.max(MIN_CELL_BUDGET, this.all.length)) {
      const filter = { fitting: this.#fittingFor(connectorFilterOf(q)), city: q.city, operatorId: q.operatorId, after: q.after };
      return new RingWalk(this.#grid, near, near.radiusKm, filter);
    }
    return new ListWalk(sortedAfter(this.candidates(q), q.after));
  }

  /**
   * Every location that fits the query's static half (place, radius, operator, plug type and
   * power, after the cursor), unordered, by a scan of the city or the catalog: for queries the grid
   * does not serve.
   */
  candidates(q: AvailabilityQuery): CandidateSet {
    const near = q.near;
    const ringKm = near?.radiusKm ?? 0;
    const pool = q.city ? (this.#cities.get(q.city) ?? []) : this.#every;
    const fitting = this.#fittingFor(connectorFilterOf(q));
    const box = near ? boundingBox(near, ringKm) : undefined;
    const cLat = near ? near.lat * RAD : 0;
    const cLng = near ? near.lng * RAD : 0;
    const cCos = Math.cos(cLat);
    const after = q.after;
    const lats = this.#lat;
    const lngs = this.#lng;
    const locations: CatalogLocation[] = [];
    const distances: number[] = [];
    for (const i of pool) {
      let d = 0;
      if (near && box) {
        if (Math.abs((lats[i] as number) - near.lat) > box.dLat || lngGap(lngs[i] as number, near.lng) > box.dLng) continue;
        d = toMetres(haversineKm(cLat, cLng, cCos, this.#latRad[i] as number, this.#lngRad[i] as number, this.#cosLat[i] as number));
        if (d > ringKm) continue;
      }
      if (fitting && fitting[i] === 0) continue;
      const loc = this.all[i] as CatalogLocation;
      if (q.city && loc.city !== q.city) continue;
      if (q.operatorId && loc.operatorId !== q.operatorId) continue;
      if (after && (d < after.distanceKm || (d === after.distanceKm && loc.id <= after.id))) continue;
      locations.push(loc);
      distances.push(d);
    }
    return { locations, distances, hasCentre: near !== undefined };
  }

  /**
   * Which locations a plug filter leaves in (undefined: no filter). Worked out once per filter and
   * snapshot: a plug-type or power filter that leaves no connector rules a location out; without
   * one, a location still being built (no stations yet) is listed.
   */
  #fittingFor(f: ConnectorFilter): Uint8Array | undefined {
    if (!f.active) return undefined;
    const key = `${[...(f.standards ?? [])].sort().join(',')}|${f.minPowerW ?? ''}`;
    let fitting = this.#fitting.get(key);
    if (!fitting) {
      fitting = new Uint8Array(this.all.length);
      for (let i = 0; i < fitting.length; i++) {
        for (const [standard, maxPowerW] of this.#bestPower[i] as ReadonlyMap<string, number>) {
          if (fitsConnector({ standard, maxPowerW }, f)) {
            fitting[i] = 1;
            break;
          }
        }
      }
      if (this.#fitting.size >= MAX_PLUG_FILTERS) this.#fitting.clear();
      this.#fitting.set(key, fitting);
    }
    return fitting;
  }
}

function push<K>(map: Map<K, number[]>, key: K, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

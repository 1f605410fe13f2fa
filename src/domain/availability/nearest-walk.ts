import type { CatalogLocation } from './availability.model.js';
import { KM_PER_DEG, RAD, boundingBox, haversineKm, toMetres } from './geo.js';
import { before, type Cursor, type RankedLocation } from './nearest.js';

/** Locations in (distance, id) order, produced as they are asked for. */
export interface LocationWalk {
  /** Up to `k` more, continuing where the previous call stopped; fewer only at the end. */
  take(k: number): RankedLocation[];
}

/** What a walk over the grid reads: the index's flat arrays (read-only here). */
export interface Grid {
  readonly all: readonly CatalogLocation[];
  readonly cellDeg: number;
  /** Cells around a parallel (360° / cellDeg): column numbers wrap at the ±180° meridian. */
  readonly cols: number;
  readonly latRad: Float64Array;
  readonly lngRad: Float64Array;
  readonly cosLat: Float64Array;
  /** Location numbers per cell, by `cellKey`. */
  readonly cells: ReadonlyMap<number, readonly number[]>;
}

/** The static filters a location must pass (plug filter answered per location beforehand). */
export interface WalkFilter {
  readonly fitting: Uint8Array | undefined;
  readonly city: string | undefined;
  readonly operatorId: string | undefined;
  readonly after: Cursor | undefined;
}

export const cellOf = (v: number, cellDeg: number): number => Math.floor(v / cellDeg);
/**
 * One number per cell, the column taken round the globe (`cols` per parallel), so the cells either
 * side of the ±180° meridian are neighbours. With cells of at least 0.02°, |i| ≤ 4,500 and
 * cols ≤ 18,000: both parts stay inside their ranges and the key a small integer.
 */
export const cellKey = (i: number, j: number, cols: number): number => (i + 5_000) * 20_000 + (((j % cols) + cols) % cols);

/**
 * How many grid cells a walk for this centre and radius may visit: the cells of the radius's
 * bounding box (rows and columns beyond it hold nothing within the radius).
 */
export function cellsInReach(centre: { lat: number }, radiusKm: number, cellDeg: number): number {
  const { dLat, dLng } = boundingBox(centre, radiusKm);
  return (2 * (Math.ceil(dLat / cellDeg) + 1) + 1) * (2 * (Math.ceil(dLng / cellDeg) + 1) + 1);
}

/**
 * Nearest first over the grid, for a centre and radius: cells are visited in square rings around
 * the centre's cell, what they hold goes into a heap, and a location leaves the heap once no cell
 * not yet visited can hold anything nearer. Asking for more continues the same walk (nothing is
 * scanned twice), so a page with `availableOnly` that needs more candidates costs only those.
 */
export class RingWalk implements LocationWalk {
  readonly #ci: number;
  readonly #cj: number;
  readonly #lat: number;
  readonly #cLat: number;
  readonly #cLng: number;
  readonly #cCos: number;
  /** Rows (north–south) and columns (east–west) beyond these ring numbers are outside the radius's box. */
  readonly #rowSpan: number;
  readonly #colSpan: number;
  readonly #lastRing: number;
  /** Nothing within the radius lies further poleward than this latitude (degrees, absolute). */
  readonly #latReach: number;
  #ring = 0;
  /** No location in a ring not yet visited is nearer than this (see #floorFor). */
  #floor = -1;
  // A binary min-heap in (distance, id) order, as parallel arrays of distance and location number.
  readonly #hd: number[] = [];
  readonly #hi: number[] = [];

  constructor(
    private readonly grid: Grid,
    centre: { lat: number; lng: number },
    private readonly radiusKm: number,
    private readonly filter: WalkFilter,
  ) {
    this.#ci = cellOf(centre.lat, grid.cellDeg);
    this.#cj = cellOf(centre.lng, grid.cellDeg);
    this.#lat = centre.lat;
    this.#cLat = centre.lat * RAD;
    this.#cLng = centre.lng * RAD;
    this.#cCos = Math.cos(this.#cLat);
    // Callers keep the box finite (and small: see cellsInReach).
    const { dLat, dLng } = boundingBox(centre, radiusKm);
    this.#rowSpan = Math.ceil(dLat / grid.cellDeg) + 1;
    this.#colSpan = Math.ceil(dLng / grid.cellDeg) + 1;
    this.#lastRing = Math.max(this.#rowSpan, this.#colSpan);
    this.#latReach = Math.min(89.9, Math.abs(centre.lat) + dLat);
  }

  take(k: number): RankedLocation[] {
    const out: RankedLocation[] = [];
    while (out.length < k) {
      if (this.#hd.length > 0 && ((this.#hd[0] as number) < this.#floor || this.#ring > this.#lastRing)) {
        const i = this.#hi[0] as number;
        out.push({ location: this.grid.all[i] as CatalogLocation, distanceKm: this.#hd[0] as number });
        this.#pop();
        continue;
      }
      if (this.#ring > this.#lastRing || this.#floor === Infinity) break;
      this.#visit(this.#ring++);
      this.#floor = this.#floorFor(this.#ring);
    }
    return out;
  }

  /**
   * No location in ring r or beyond is nearer than this. The centre lies in the middle cell,
   * so ring r is at least r−1 whole cells away in both directions; a cell's east–west width is taken
   * at the most poleward latitude reached (by the ring, or by anything within the radius), and a
   * margin covers the rounding to the metre.
   */
  #floorFor(r: number): number {
    if (r <= 1) return -1;
    const latMax = Math.min(this.#latReach, Math.abs(this.#lat) + (r + 1) * this.grid.cellDeg);
    const cellKm = this.grid.cellDeg * KM_PER_DEG * Math.min(1, Math.cos(latMax * RAD));
    const floor = (r - 1) * cellKm * 0.995 - 0.001;
    // Past the radius nothing further can qualify: empty the heap.
    return floor > this.radiusKm ? Infinity : floor;
  }

  #visit(r: number): void {
    if (r === 0) {
      this.#cell(this.#ci, this.#cj);
      return;
    }
    // The ring's top and bottom rows, then its left and right columns, each cut to the box.
    const cols = Math.min(r, this.#colSpan);
    if (r <= this.#rowSpan) {
      for (let j = this.#cj - cols; j <= this.#cj + cols; j++) {
        this.#cell(this.#ci - r, j);
        this.#cell(this.#ci + r, j);
      }
    }
    if (r <= this.#colSpan) {
      const rows = Math.min(r - 1, this.#rowSpan);
      for (let i = this.#ci - rows; i <= this.#ci + rows; i++) {
        this.#cell(i, this.#cj - r);
        this.#cell(i, this.#cj + r);
      }
    }
  }

  #cell(i: number, j: number): void {
    const members = this.grid.cells.get(cellKey(i, j, this.grid.cols));
    if (!members) return;
    const { fitting, city, operatorId, after } = this.filter;
    const { latRad, lngRad, cosLat, all } = this.grid;
    for (let n = 0; n < members.length; n++) {
      const m = members[n] as number;
      if (fitting && fitting[m] === 0) continue;
      const d = toMetres(haversineKm(this.#cLat, this.#cLng, this.#cCos, latRad[m] as number, lngRad[m] as number, cosLat[m] as number));
      if (d > this.radiusKm) continue;
      if (city !== undefined || operatorId !== undefined || after !== undefined) {
        const loc = all[m] as CatalogLocation;
        if (city !== undefined && loc.city !== city) continue;
        if (operatorId !== undefined && loc.operatorId !== operatorId) continue;
        if (after !== undefined && !before(after.distanceKm, after.id, d, loc.id)) continue;
      }
      this.#push(d, m);
    }
  }

  #less(a: number, b: number): boolean {
    const da = this.#hd[a] as number;
    const db = this.#hd[b] as number;
    if (da !== db) return da < db;
    return (this.grid.all[this.#hi[a] as number] as CatalogLocation).id < (this.grid.all[this.#hi[b] as number] as CatalogLocation).id;
  }

  #swap(a: number, b: number): void {
    const d = this.#hd[a] as number;
    this.#hd[a] = this.#hd[b] as number;
    this.#hd[b] = d;
    const i = this.#hi[a] as number;
    this.#hi[a] = this.#hi[b] as number;
    this.#hi[b] = i;
  }

  #push(d: number, m: number): void {
    let c = this.#hd.length;
    this.#hd.push(d);
    this.#hi.push(m);
    while (c > 0) {
      const p = (c - 1) >> 1;
      if (!this.#less(c, p)) break;
      this.#swap(c, p);
      c = p;
    }
  }

  #pop(): void {
    const last = this.#hd.length - 1;
    this.#swap(0, last);
    this.#hd.pop();
    this.#hi.pop();
    const n = last;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && this.#less(r, l) ? r : l;
      if (!this.#less(m, c)) break;
      this.#swap(m, c);
      c = m;
    }
  }
}

/** A walk over an order already made (queries without a centre, or too wide for the grid). */
export class ListWalk implements LocationWalk {
  #at = 0;
  constructor(private readonly ordered: readonly RankedLocation[]) {}

  take(k: number): RankedLocation[] {
    const out = this.ordered.slice(this.#at, this.#at + k);
    this.#at += out.length;
    return out;
  }
}

import type { CatalogLocation } from './availability.model.js';

/** Grid cells of 0.05° (≈ 5.5 km north–south in the three cities). */
const CELL_DEG = 0.05;
const KM_PER_DEG_LAT = 110.574;

const cell = (v: number) => Math.floor(v / CELL_DEG);

/**
 * Locations bucketed on a lat/lng grid and by city, so a search looks only at the cells its circle
 * touches instead of every location of the platform. Built once per catalog snapshot.
 */
export class LocationIndex {
  readonly #cells = new Map<string, CatalogLocation[]>();
  readonly #cities = new Map<string, CatalogLocation[]>();

  constructor(readonly all: readonly CatalogLocation[]) {
    for (const loc of all) {
      const key = `${cell(loc.lat)}:${cell(loc.lng)}`;
      this.#cells.set(key, [...(this.#cells.get(key) ?? []), loc]);
      this.#cities.set(loc.city, [...(this.#cities.get(loc.city) ?? []), loc]);
    }
  }

  /** Every location that can be within radiusKm of the point (a superset: callers measure exactly). */
  near(p: { lat: number; lng: number }, radiusKm: number): CatalogLocation[] {
    const dLat = radiusKm / KM_PER_DEG_LAT;
    const dLng = radiusKm / (KM_PER_DEG_LAT * Math.max(0.01, Math.cos((Math.abs(p.lat) + dLat) * (Math.PI / 180))));
    const out: CatalogLocation[] = [];
    for (let i = cell(p.lat - dLat); i <= cell(p.lat + dLat); i++) {
      for (let j = cell(p.lng - dLng); j <= cell(p.lng + dLng); j++) out.push(...(this.#cells.get(`${i}:${j}`) ?? []));
    }
    return out;
  }

  inCity(city: string): readonly CatalogLocation[] {
    return this.#cities.get(city) ?? [];
  }
}

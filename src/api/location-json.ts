import type { LocationView, SearchHit } from '../domain/availability/index.js';
import { toClient, type CoordSystem } from './coords.js';

/**
 * JSON for search answers, written once per location view and coordinate system: views are shared
 * between searches until a status changes (LocationViewCache), so most pages are joined from
 * strings already made instead of serialized field by field. The distance, different per search,
 * is put in front of each location.
 */
export class LocationJson {
  readonly #made: Record<CoordSystem, WeakMap<LocationView, string>> = { wgs84: new WeakMap(), gcj02: new WeakMap() };

  of(view: LocationView, system: CoordSystem): string {
    const made = this.#made[system];
    let json = made.get(view);
    if (json === undefined) {
      json = JSON.stringify(toClient(view, system));
      made.set(view, json);
    }
    return json;
  }

  /** `{"items":[...],"nextCursor":...}` as the search route's response schema describes it. */
  page(hits: readonly SearchHit[], system: CoordSystem, nextCursor: string | null): string {
    let out = '{"items":[';
    for (let i = 0; i < hits.length; i++) {
      const hit = hits[i] as SearchHit;
      // `{"id":…}` → `{"distanceKm":1.234,"id":…}`
      out += `${i > 0 ? ',' : ''}{"distanceKm":${hit.distanceKm === null ? 'null' : String(hit.distanceKm)},${this.of(hit.view, system).slice(1)}`;
    }
    return `${out}],"nextCursor":${nextCursor === null ? 'null' : JSON.stringify(nextCursor)}}`;
  }
}

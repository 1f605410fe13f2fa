import { locationView } from './availability.js';
import type { AvailabilityQuery, CatalogLocation, LocationView } from './availability.model.js';
import type { LiveRead, LiveStationState } from './live-status.ports.js';

/** Past this many views the cache starts again (filters with odd power values must not grow it without bound). */
const MAX_VIEWS = 50_000;

interface Entry {
  /** Per station of the location, the live state the view was built from. */
  readonly states: readonly LiveStationState[];
  readonly view: LocationView;
}

/**
 * Built location views, kept while their inputs are the same objects: the catalog location and,
 * per station, the live state (in-process stores hand out one object until the station changes). Most searches then reuse views instead of building them, and callers may
 * cache what they derive from a view (its JSON) by identity.
 */
export class LocationViewCache {
  /** Keyed by the snapshot's location object, so a new catalog snapshot starts afresh. */
  #entries = new WeakMap<CatalogLocation, Map<string, Entry>>();
  #count = 0;

  /** The view of `location` under the plug filter `plugs` (whose key is `filterKey`), built if need be. */
  get(
    filterKey: string,
    location: CatalogLocation,
    live: LiveRead,
    plugs: Pick<AvailabilityQuery, 'standards' | 'minPowerKw'>,
  ): LocationView {
    let byFilter = this.#entries.get(location);
    const hit = byFilter?.get(filterKey);
    if (hit && same(location, hit, live)) return hit.view;
    const view = locationView(location, live, plugs);
    if (this.#count >= MAX_VIEWS) {
      this.#entries = new WeakMap();
      this.#count = 0;
      byFilter = undefined;
    }
    if (!byFilter) this.#entries.set(location, (byFilter = new Map()));
    if (!hit) this.#count++;
    byFilter.set(filterKey, {
      states: location.stations.map((s) => live.station(s.id)),
      view,
    });
    return view;
  }

}

function same(location: CatalogLocation, e: Entry, live: LiveRead): boolean {
  const stations = location.stations;
  for (let i = 0; i < stations.length; i++) {
    const id = (stations[i] as { id: string }).id;
    if (live.station(id) !== e.states[i]) return false;
  }
  return true;
}

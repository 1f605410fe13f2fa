import { AppError } from '../../shared/errors.js';
import { distanceKm, locationAvailability, locationView, nearest, sortedAfter } from './availability.js';
import type { RankedLocation } from './availability.js';
import type { AvailabilityQuery, CatalogLocation, EvseAvailability, LocationAvailability, SearchHit } from './availability.model.js';
import type { LiveStatusStore } from './live-status.ports.js';
import { LocationIndex } from './location-index.js';
import { LocationViewCache } from './location-view-cache.js';

/** Candidates whose live state is read in one go once `availableOnly` needs more than a page's worth. */
const LIVE_CHUNK = 64;

/** The static side of availability: locations with their stations, EVSEs and connectors. */
export interface AvailabilityCatalog {
  locations(): Promise<readonly CatalogLocation[]>;
  /** The master data changed: the next answer must see it. */
  invalidate(): void;
}

/** Drivers' questions answered from the catalog snapshot plus live state (never a scan of the store). */
export class AvailabilityService {
  constructor(
    private readonly catalog: AvailabilityCatalog,
    private readonly live: LiveStatusStore,
  ) {}

  /**
   * Candidates are filtered on static data first; the nearest page-plus-one are selected (not the
   * whole city sorted) and their live state read; only when `availableOnly` leaves the page short
   * is the rest sorted and read a chunk at a time. The cost follows the page size, not the city's.
   */
  async search(q: AvailabilityQuery): Promise<{ items: SearchHit[]; hasMore: boolean }> {
    const candidates = this.#index(await this.catalog.locations()).candidates(q);
    const filterKey = `${[...(q.standards ?? [])].sort().join(',')}|${q.minPowerKw ?? ''}`;
    const items: SearchHit[] = [];
    const take = async (batch: readonly RankedLocation[]): Promise<void> => {
      const { live, offline } = await this.#liveFor(batch);
      for (const r of batch) {
        const view = this.#views.get(filterKey, r.location, live, offline, () => locationView(r.location, live, offline, q));
        if (!q.availableOnly || view.availableConnectors > 0) items.push({ view, distanceKm: r.distanceKm });
      }
    };
    const first = nearest(candidates, q.limit + 1);
    await take(first);
    const last = first[first.length - 1];
    if (items.length <= q.limit && last && first.length < candidates.locations.length) {
      const rest = sortedAfter(candidates, { distanceKm: last.distanceKm ?? 0, id: last.location.id });
      for (let i = 0; i < rest.length && items.length <= q.limit; i += LIVE_CHUNK) await take(rest.slice(i, i + LIVE_CHUNK));
    }
    return { items: items.slice(0, q.limit), hasMore: items.length > q.limit };
  }

  readonly #views = new LocationViewCache();

  #indexed: { snapshot: readonly CatalogLocation[]; index: LocationIndex } | undefined;

  #index(snapshot: readonly CatalogLocation[]): LocationIndex {
    if (this.#indexed?.snapshot !== snapshot) this.#indexed = { snapshot, index: new LocationIndex(snapshot) };
    return this.#indexed.index;
  }

  catalogChanged(): void {
    this.catalog.invalidate();
  }

  async location(id: string, near?: { lat: number; lng: number }): Promise<LocationAvailability> {
    const loc = (await this.catalog.locations()).find((l) => l.id === id);
    if (!loc) throw new AppError('LOCATION_NOT_FOUND', `location ${id} not found`);
    const { live, offline } = await this.#liveFor([{ location: loc }]);
    return locationAvailability(loc, live, offline, near ? distanceKm(near, loc) : null);
  }

  /** An EVSE by its id "{stationId}.{evseNo}", with the location it belongs to. */
  async evse(id: string): Promise<EvseAvailability & { locationId: string }> {
    const dot = id.lastIndexOf('.');
    const stationId = id.slice(0, dot);
    const loc = dot > 0 ? (await this.catalog.locations()).find((l) => l.stations.some((s) => s.id === stationId)) : undefined;
    const evse = loc ? (await this.location(loc.id)).evses.find((e) => e.id === id) : undefined;
    if (!loc || !evse) throw new AppError('EVSE_NOT_FOUND', `EVSE ${id} not found`);
    return { ...evse, locationId: loc.id };
  }

  async #liveFor(ranked: readonly { readonly location: CatalogLocation }[]) {
    const stationIds: string[] = [];
    for (const r of ranked) for (const s of r.location.stations) stationIds.push(s.id);
    const [live, offline] = await Promise.all([this.live.getMany(stationIds), this.live.offlineOf(stationIds)]);
    return { live, offline };
  }
}

import { AppError } from '../../shared/errors.js';
import { distanceKm, locationAvailability, rankCandidates } from './availability.js';
import type { AvailabilityQuery, CatalogLocation, EvseAvailability, LocationAvailability } from './availability.model.js';
import type { LiveStatusStore } from './live-status.ports.js';
import { LocationIndex } from './location-index.js';

/** Locations whose live state is fetched in one round trip while filling a page. */
const LIVE_CHUNK = 48;

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
   * Candidates are ranked on static data first; live state is then fetched a chunk at a time, nearest
   * first, until the page is full, so the cost follows the page size rather than the city's size.
   */
  async search(q: AvailabilityQuery): Promise<{ items: LocationAvailability[]; hasMore: boolean }> {
    const index = this.#index(await this.catalog.locations());
    // A bounded pool first (grid cells the circle touches, or the city); rankCandidates measures exactly.
    const pool = q.near && q.near.radiusKm < 200 ? index.near(q.near, q.near.radiusKm) : q.city ? index.inCity(q.city) : index.all;
    const ranked = rankCandidates(pool, q);
    const items: LocationAvailability[] = [];
    for (let i = 0; i < ranked.length && items.length <= q.limit; i += LIVE_CHUNK) {
      const chunk = ranked.slice(i, i + LIVE_CHUNK);
      const { live, offline } = await this.#liveFor(chunk.map((r) => r.location));
      for (const r of chunk) {
        const view = locationAvailability(r.location, live, offline, r.distanceKm, q);
        if (!q.availableOnly || view.availableConnectors > 0) items.push(view);
      }
    }
    return { items: items.slice(0, q.limit), hasMore: items.length > q.limit };
  }

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
    const { live, offline } = await this.#liveFor([loc]);
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

  async #liveFor(locations: readonly CatalogLocation[]) {
    const stationIds = locations.flatMap((l) => l.stations.map((s) => s.id));
    const [live, offline] = await Promise.all([this.live.getMany(stationIds), this.live.offlineOf(stationIds)]);
    return { live, offline };
  }
}

import { AppError } from '../../shared/errors.js';
import { distanceKm, locationAvailability, locationView } from './availability.js';
import type { AvailabilityQuery, CatalogLocation, EvseAvailability, LocationAvailability, SearchHit } from './availability.model.js';
import type { LiveRead, LiveStatusStore } from './live-status.ports.js';
import { LocationIndex } from './location-index.js';
import { LocationViewCache } from './location-view-cache.js';

/** Most candidates taken in one round while `availableOnly` fills a page. */
const MAX_STEP = 256;

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
   * The nearest page-plus-one candidates are found on static data first (a walk outwards over the
   * grid, not the whole circle sorted) and their live state read in one go; only when
   * `availableOnly` leaves the page short does the same walk go on, for as many as the share that
   * qualified so far suggests. The cost follows the page size, not the city's.
   */
  async search(q: AvailabilityQuery): Promise<{ items: SearchHit[]; hasMore: boolean }> {
    const walk = this.#index(await this.catalog.locations()).walk(q);
    const filterKey = q.standards?.length ? `${[...q.standards].sort().join(',')}|${q.minPowerKw ?? ''}` : `|${q.minPowerKw ?? ''}`;
    const items: SearchHit[] = [];
    let seen = 0;
    for (let k = q.limit + 1; ; ) {
      const batch = walk.take(k);
      seen += batch.length;
      const live = await this.#read(batch);
      for (const r of batch) {
        const view = this.#views.get(filterKey, r.location, live, q);
        if (!q.availableOnly || view.availableConnectors > 0) items.push({ view, distanceKm: r.distanceKm });
      }
      if (items.length > q.limit || batch.length < k) break;
      // Enough for what is missing at the share that qualified so far, with half again to spare.
      const share = Math.max(items.length / seen, 0.05);
      k = Math.min(MAX_STEP, Math.ceil(((q.limit + 1 - items.length) / share) * 1.5));
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
    const loc = this.#index(await this.catalog.locations()).byId(id);
    if (!loc) throw new AppError('LOCATION_NOT_FOUND', `location ${id} not found`);
    return locationAvailability(loc, await this.#read([{ location: loc }]), near ? distanceKm(near, loc) : null);
  }

  /** An EVSE by its id "{stationId}.{evseNo}", with the location it belongs to. */
  async evse(id: string): Promise<EvseAvailability & { locationId: string }> {
    const dot = id.lastIndexOf('.');
    const stationId = id.slice(0, dot);
    const loc = dot > 0 ? this.#index(await this.catalog.locations()).ofStation(stationId) : undefined;
    const evse = loc ? (await this.location(loc.id)).evses.find((e) => e.id === id) : undefined;
    if (!loc || !evse) throw new AppError('EVSE_NOT_FOUND', `EVSE ${id} not found`);
    return { ...evse, locationId: loc.id };
  }

  #read(ranked: readonly { readonly location: CatalogLocation }[]): Promise<LiveRead> {
    const stationIds: string[] = [];
    for (const r of ranked) for (const s of r.location.stations) stationIds.push(s.id);
    return this.live.read(stationIds);
  }
}

import type { CatalogRepository } from '../../../domain/catalog/catalog.ports.js';
import type { PartnerCatalogLinks } from '../../../domain/roaming/index.js';
import { isAppError } from '../../../shared/errors.js';

/** What happened to one of our stations the partner no longer lists. */
export interface TakenOut {
  readonly stationId: string;
  readonly outcome: 'deleted' | 'retired';
}

export interface TakeOutDeps {
  readonly catalog: Pick<CatalogRepository, 'deleteStation' | 'setStationEvses' | 'deleteLocation'>;
  readonly links: Pick<PartnerCatalogLinks, 'forgetStation'>;
}

/**
 * A partner's station (our station: its equipment) out of the catalog: deleted when nothing here
 * refers to it, else retired by the per-EVSE edit with an empty list (connectors with history
 * retired, the rest deleted), so it leaves search, SSE and starts and keeps its history. Its links
 * go either way: the partner's connectors are unknown here until it lists them again.
 * null: it was retired already (nothing changed).
 */
export async function takeOutStation(d: TakeOutDeps, partnerId: string, stationId: string, at: Date): Promise<TakenOut | null> {
  let outcome: TakenOut['outcome'] | null = 'deleted';
  try {
    await d.catalog.deleteStation(stationId);
  } catch (e) {
    if (!(isAppError(e) && e.code === 'STATION_IN_USE')) throw e;
    const changes = await d.catalog.setStationEvses(stationId, [], at);
    outcome = changes.retired.length + changes.deleted.length > 0 ? 'retired' : null;
  }
  await d.links.forgetStation(partnerId, stationId);
  return outcome === null ? null : { stationId, outcome };
}

/** The location goes too when none of its stations is left; one with a retired station stays. */
export async function takeOutLocationIfEmpty(d: TakeOutDeps, locationId: string): Promise<boolean> {
  try {
    await d.catalog.deleteLocation(locationId);
    return true;
  } catch (e) {
    if (isAppError(e) && (e.code === 'LOCATION_IN_USE' || e.code === 'LOCATION_NOT_FOUND')) return false;
    throw e;
  }
}

import type { StationView } from './station.model.js';
import type { StationListFilter, StationPresence, StationQueries } from './station.ports.js';

/** How many store pages one request may read looking for stations that are (not) online. */
const MAX_PAGES = 20;

/**
 * Stations with their online flag (presence is shared live state, not in the store). With an
 * `online` condition the store's pages are read until one has a match or the end is reached, so a
 * page may hold fewer than `limit` stations; nextCursor goes on from where the reading stopped.
 */
export async function listStations(
  queries: StationQueries,
  presence: StationPresence,
  filter: StationListFilter & { readonly online?: boolean | undefined },
): Promise<{ items: StationView[]; nextCursor: string | null }> {
  const { online, ...storeFilter } = filter;
  let cursor = storeFilter.cursor;
  for (let pages = 0; ; pages++) {
    const page = await queries.list({ ...storeFilter, cursor });
    const owners = await presence.ownersOf(page.items.map((s) => s.id));
    const items = page.items.map((s) => ({ ...s, online: owners.has(s.id) })).filter((s) => online === undefined || s.online === online);
    if (items.length > 0 || page.nextCursor === null || online === undefined || pages + 1 >= MAX_PAGES) return { items, nextCursor: page.nextCursor };
    cursor = page.nextCursor;
  }
}

import type { CatalogLocation } from './availability.model.js';

/** The locations that fit a query's static half, unordered, each with its distance (0 without a centre). */
export interface CandidateSet {
  readonly locations: readonly CatalogLocation[];
  /** km, to the metre; parallel to `locations`. */
  readonly distances: readonly number[];
  readonly hasCentre: boolean;
}

export interface RankedLocation {
  readonly location: CatalogLocation;
  readonly distanceKm: number | null;
}

export interface Cursor {
  readonly distanceKm: number;
  readonly id: string;
}

/** (distance, id) order: nearest first, equal distances by id in plain code-unit order (as the cursor compares). */
export const before = (d1: number, id1: string, d2: number, id2: string): boolean => d1 < d2 || (d1 === d2 && id1 < id2);

/** Every candidate after `after` (all without one), in (distance, id) order. */
export function sortedAfter(set: CandidateSet, after?: Cursor): RankedLocation[] {
  const picked: number[] = [];
  for (let i = 0; i < set.locations.length; i++) {
    if (!after || before(after.distanceKm, after.id, set.distances[i] as number, (set.locations[i] as CatalogLocation).id)) picked.push(i);
  }
  return ranked(set, sortIndices(set, picked));
}

function sortIndices(set: CandidateSet, picked: number[]): number[] {
  const { distances: d, locations: l } = set;
  return picked.sort((a, b) => {
    const da = d[a] as number;
    const db = d[b] as number;
    if (da !== db) return da - db;
    const ia = (l[a] as CatalogLocation).id;
    const ib = (l[b] as CatalogLocation).id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
}

const ranked = (set: CandidateSet, order: readonly number[]): RankedLocation[] =>
  order.map((i) => ({ location: set.locations[i] as CatalogLocation, distanceKm: set.hasCentre ? (set.distances[i] as number) : null }));

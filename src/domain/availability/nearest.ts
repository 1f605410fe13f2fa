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

/**
 * The `k` nearest candidates in (distance, id) order. A page needs a few dozen of a city's
 * hundreds, so the k-th distance is found by selection and only what is within it gets sorted.
 */
export function nearest(set: CandidateSet, k: number): RankedLocation[] {
  const n = set.distances.length;
  if (k <= 0) return [];
  let picked: number[];
  if (k >= n) {
    picked = Array.from({ length: n }, (_, i) => i);
  } else {
    const kth = kthSmallest(Float64Array.from(set.distances), k - 1);
    picked = [];
    for (let i = 0; i < n; i++) if ((set.distances[i] as number) <= kth) picked.push(i);
  }
  return ranked(set, sortIndices(set, picked).slice(0, k));
}

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

/** The value that would stand at index k if `a` were sorted (Hoare's selection; reorders `a`). */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k] as number;
  }
  return a[k] as number;
}

const EARTH_RADIUS_KM = 6371.0088;
export const RAD = Math.PI / 180;
/** Kilometres per degree of latitude on the sphere the distances are measured on. */
export const KM_PER_DEG = EARTH_RADIUS_KM * RAD;

/**
 * Haversine from values in radians, with the cosines of both latitudes given: the one formula
 * behind every distance, so a precomputed index and a single call agree to the last bit.
 */
export function haversineKm(lat1: number, lng1: number, cosLat1: number, lat2: number, lng2: number, cosLat2: number): number {
  const s1 = Math.sin((lat2 - lat1) / 2);
  const s2 = Math.sin((lng2 - lng1) / 2);
  const h = s1 * s1 + cosLat1 * cosLat2 * s2 * s2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Great-circle distance in km between two WGS 84 points. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const aLat = a.lat * RAD;
  const bLat = b.lat * RAD;
  return haversineKm(aLat, a.lng * RAD, Math.cos(aLat), bLat, b.lng * RAD, Math.cos(bLat));
}

/** Distances are given to the metre (they are compared, and paged on, in that form). */
export const toMetres = (km: number): number => Math.round(km * 1000) / 1000;

/**
 * Half-widths in degrees of a lat/lng box that holds every point within radiusKm of the centre
 * (a little larger, never smaller), so most far candidates are dropped before the haversine.
 * Near a pole, or for a radius beyond a quarter of the globe, the box is unbounded in longitude.
 */
export function boundingBox(centre: { lat: number }, radiusKm: number): { dLat: number; dLng: number } {
  const dLat = ((radiusKm + 0.001) / KM_PER_DEG) * 1.001;
  const maxLat = Math.abs(centre.lat) + dLat;
  return { dLat, dLng: maxLat >= 89 || dLat >= 90 ? Infinity : dLat / Math.cos(maxLat * RAD) };
}

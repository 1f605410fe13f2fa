import { covers, type Agreement } from '../agreements/agreement.model.js';

/** Whether a provider's token may charge at an operator's station, and under which agreement. */
export type RoamingVerdict =
  | { readonly allowed: true; readonly agreementId: string | null }
  /** NO_AGREEMENT: none covers this city; NOT_NOW: one covers the city, but not at this time. */
  | { readonly allowed: false; readonly reason: 'NO_AGREEMENT' | 'NOT_NOW' };

/**
 * An e-mobility service provider's customers may charge at a charge point operator's station when
 * they are the same operator, or an agreement between the two covers the station's city at that
 * time. Among several, the one with the smallest id is recorded (every node picks the same).
 */
export function mayRoam(providerId: string, operatorId: string, city: string | null, at: Date, agreements: readonly Agreement[]): RoamingVerdict {
  if (providerId === operatorId) return { allowed: true, agreementId: null };
  let best: Agreement | undefined;
  let inCity = false;
  for (const a of agreements) {
    if (a.providerId !== providerId || a.operatorId !== operatorId) continue;
    if (a.cities.length === 0 || (city !== null && (a.cities as readonly string[]).includes(city))) inCity = true;
    if (covers(a, city, at) && (!best || a.id < best.id)) best = a;
  }
  if (best) return { allowed: true, agreementId: best.id };
  return { allowed: false, reason: inCity ? 'NOT_NOW' : 'NO_AGREEMENT' };
}

import type { City } from '../catalog/catalog.model.js';

/**
 * A roaming agreement: the provider's (EMSP's) tokens may charge at the operator's (CPO's)
 * stations from validFrom until validTo (open-ended when null), in the listed cities (all three
 * when empty). The provider pays the operator for those sessions (settlement).
 */
export interface Agreement {
  readonly id: string;
  readonly providerId: string;
  readonly operatorId: string;
  readonly validFrom: Date;
  readonly validTo: Date | null;
  readonly cities: readonly City[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewAgreement = Omit<Agreement, 'createdAt' | 'updatedAt'>;

export interface AgreementPatch {
  readonly validFrom?: Date | undefined;
  readonly validTo?: Date | null | undefined;
  readonly cities?: readonly City[] | undefined;
}

export const covers = (a: Agreement, city: string | null, at: Date): boolean =>
  a.validFrom.getTime() <= at.getTime() && (a.validTo === null || at.getTime() < a.validTo.getTime()) && (a.cities.length === 0 || (city !== null && (a.cities as readonly string[]).includes(city)));

import type { Agreement, AgreementPatch, NewAgreement } from './agreement.model.js';

/** What authorization needs: the agreements between one provider and one operator. */
export interface AgreementLookup {
  between(providerId: string, operatorId: string): Promise<readonly Agreement[]>;
}

export interface AgreementFilter {
  readonly providerId?: string | undefined;
  readonly operatorId?: string | undefined;
  /** Only agreements this operator is party to (as provider or operator). */
  readonly partyId?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface AgreementRepository extends AgreementLookup {
  /** AGREEMENT_ALREADY_EXISTS when the id is taken. */
  create(a: NewAgreement): Promise<Agreement>;
  get(id: string): Promise<Agreement | null>;
  list(filter: AgreementFilter): Promise<{ items: Agreement[]; nextCursor: string | null }>;
  /** AGREEMENT_NOT_FOUND when there is none. */
  update(id: string, patch: AgreementPatch): Promise<Agreement>;
  /** AGREEMENT_NOT_FOUND; AGREEMENT_IN_USE once sessions charged under it (end it with validTo instead). */
  delete(id: string): Promise<void>;
}

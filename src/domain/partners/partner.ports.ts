import type { NewPartner, Partner, PartnerPatch } from './partner.model.js';
import type { PartnerMessage, NewPartnerMessage } from './partner-message.model.js';

/**
 * Roaming partners. Secrets are kept sealed at rest by the implementation and come back open
 * only inside the platform (the envelope needs them); callers never log or return them.
 */
export interface PartnerStore {
  /**
   * Creates the partner and, in the same transaction, its operator record (same id, roles from
   * its role). PARTNER_ALREADY_EXISTS when the id is taken by a partner, OPERATOR_ALREADY_EXISTS
   * when a member operator has it, OPERATOR_NOT_FOUND when operatorId is no operator of ours.
   */
  create(p: NewPartner): Promise<Partner>;
  get(id: string): Promise<Partner | null>;
  /** Every partner, by id (partners are few). */
  list(): Promise<Partner[]>;
  /** The T/CEC partner that calls us with this OperatorID. */
  findByTcecOperatorId(partnerOperatorId: string): Promise<Partner | null>;
  /** PARTNER_NOT_FOUND. */
  update(id: string, patch: PartnerPatch): Promise<Partner>;
  /** The outcome of the latest call to the partner: an error makes it failing, null makes a failing one active again. */
  recordOutcome(id: string, error: { message: string; at: Date } | null): Promise<void>;
  /** PARTNER_NOT_FOUND. Its operator record goes too unless agreements, CDRs or statements refer to it. */
  delete(id: string): Promise<void>;
}

/** The audit trail: every raw message in and out, with its decrypted body. */
export interface PartnerMessageLog {
  append(m: NewPartnerMessage): Promise<void>;
  /** Newest first; `before` is the id of the last one of the previous page. */
  list(partnerId: string, page: { limit: number; before?: string | undefined }): Promise<{ items: PartnerMessage[]; nextCursor: string | null }>;
  /** Deletes messages older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

/** The reasons of T/CEC 102's order check: 1 missing on the provider's side, 2 amount differs, 3 energy differs. */
export const DISPUTE_REASONS = [1, 2, 3] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

export const DISPUTE_STATUSES = ['open', 'accepted', 'rejected'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** An EMSP's dispute of a CDR it pays for, and the CPO's answer. */
export interface Dispute {
  readonly id: string;
  readonly cdrId: string;
  readonly statementId: string | null;
  /** Who raised it (the provider, or admin). */
  readonly raisedBy: string;
  readonly reason: DisputeReason;
  readonly note: string | null;
  readonly status: DisputeStatus;
  readonly resolvedBy: string | null;
  readonly resolvedAt: Date | null;
  readonly resolutionNote: string | null;
  /** Accepted: the credit CDR that cancels the disputed one, and its replacement (none for reason 1). */
  readonly creditCdrId: string | null;
  readonly replacementCdrId: string | null;
  readonly createdAt: Date;
}

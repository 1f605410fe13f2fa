import type { Cdr } from '../cdrs/cdr.model.js';
import type { Dispute, DisputeStatus } from './dispute.model.js';

export interface DisputeFilter {
  readonly status?: DisputeStatus | undefined;
  readonly cdrId?: string | undefined;
  /** Disputes this operator raised or whose CDR is at its stations. */
  readonly visibleTo?: string | undefined;
}

export interface DisputeRepository {
  /** DISPUTE_ALREADY_OPEN when the CDR has an open dispute. */
  create(d: Dispute): Promise<Dispute>;
  get(id: string): Promise<Dispute | null>;
  list(filter: DisputeFilter): Promise<Dispute[]>;
  /** Whether the statement exists and settles the CDR (links it when final; is its pair's when provisional). */
  statementCovers(statementId: string, cdr: Cdr): Promise<boolean>;
  /** Whether a credit already cancels the CDR (it was corrected). */
  isCredited(cdrId: string): Promise<boolean>;
  /**
   * Ends an open dispute, in one transaction with the CDRs its acceptance makes (credit and
   * replacement); DISPUTE_NOT_OPEN when it was ended meanwhile.
   */
  resolve(id: string, resolution: Pick<Dispute, 'status' | 'resolvedBy' | 'resolvedAt' | 'resolutionNote' | 'creditCdrId' | 'replacementCdrId'>, cdrs: readonly Cdr[]): Promise<Dispute>;
}

import type { EnergyReading } from '../pricing/pricing.model.js';
import type { Tariff } from '../tariffs/tariff.model.js';
import type { Cdr, CdrKind, CdrStatus } from './cdr.model.js';

/** What making a session's CDR needs to know, read from the store in one go per batch. */
export interface SessionFacts {
  readonly session: {
    readonly id: string;
    readonly stationId: string;
    readonly cpoId: string;
    readonly providerId: string | null;
    readonly agreementId: string | null;
    readonly idToken: string | null;
    readonly authStatus: string | null;
    readonly evseNo: number | null;
    readonly connectorNo: number | null;
    readonly status: 'ACTIVE' | 'COMPLETED';
    readonly startedAt: Date;
    readonly stoppedAt: Date | null;
    readonly meterStartWh: number | null;
    readonly meterStopWh: number | null;
  };
  readonly location: { readonly id: string; readonly name: string; readonly city: string; readonly district: string | null; readonly address: string } | null;
  readonly connector: { readonly standard: string; readonly maxPowerW: number | null } | null;
  /** Energy register readings linked to the session (any time), ordered by time. */
  readonly readings: readonly EnergyReading[];
  /** When charging ended and idle time began (2.0.1 chargingState, 1.6 status); null: at the stop. */
  readonly chargingEndedAt: Date | null;
  /** The station operator's tariffs, with their versions. */
  readonly tariffs: readonly Tariff[];
}

export interface CdrFilter {
  /** The CPO. */
  readonly operatorId?: string | undefined;
  /** The paying EMSP. */
  readonly providerId?: string | undefined;
  readonly city?: string | undefined;
  readonly status?: CdrStatus | undefined;
  readonly kind?: CdrKind | undefined;
  readonly sessionId?: string | undefined;
  /** stoppedAt ≥ from */
  readonly from?: Date | undefined;
  /** stoppedAt < to */
  readonly to?: Date | undefined;
  /** Only CDRs this operator is party to (as CPO or as provider). */
  readonly visibleTo?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface CdrRepository {
  facts(sessionIds: readonly string[]): Promise<SessionFacts[]>;
  /**
   * Stores CDRs with their lines and a cdr.created event each, in one transaction. An original
   * CDR of a session that has one already is skipped (replays, two nodes): returns the ids stored.
   */
  insert(cdrs: readonly Cdr[]): Promise<string[]>;
  get(id: string): Promise<Cdr | null>;
  /** Newest session end first; the cursor is (stoppedAt, id) of the last item. */
  list(filter: CdrFilter): Promise<{ items: Cdr[]; nextCursor: string | null }>;
  /** Every CDR the filter matches (limit and cursor ignored), a page at a time: for exports. */
  stream(filter: Omit<CdrFilter, 'cursor' | 'limit'>): AsyncIterable<Cdr>;
  /** held → priced (released) or voided, with who and why; false if it was not held. */
  review(id: string, status: 'priced' | 'voided', review: { by: string; at: Date; note: string | null }): Promise<boolean>;
}

import type { Cdr } from '../cdrs/cdr.model.js';
import type { PeriodKind, SettlementPeriod } from './settlement-period.js';
import type { Statement } from './statement.js';

/** A statement as stored: provisional while its period runs, final once the period closed. */
export interface StoredStatement extends Statement {
  readonly status: 'provisional' | 'final';
}

export interface SettlementStore {
  isClosed(kind: PeriodKind, date: string): Promise<boolean>;
  /** The latest period of this kind that was closed, "YYYY-MM-DD", or null. */
  lastClosed(kind: PeriodKind): Promise<string | null>;
  /**
   * In one transaction, folds every CDR that counts and is not yet in a final statement of the
   * period's kind, with a settlement day up to the period's end (earlier days as adjustments),
   * into the period's statements, replacing its provisional ones. Final: the CDRs are linked to
   * their statements, leave the queue, and the period is recorded closed.
   */
  settle(period: SettlementPeriod, final: boolean): Promise<StoredStatement[]>;
  statementsOf(kind: PeriodKind, date: string, partyId?: string): Promise<StoredStatement[]>;
  get(id: string): Promise<StoredStatement | null>;
  /** The CDRs a statement holds (final: its links; provisional: what it would take now). */
  cdrsOf(statement: StoredStatement): AsyncIterable<{ readonly cdr: Cdr; readonly adjustment: boolean }>;
}

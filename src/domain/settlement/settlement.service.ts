import type { Clock } from '../../shared/clock.js';
import { AppError } from '../../shared/errors.js';
import { hasEnded, nextPeriod, periodContaining, previousPeriod, settlementPeriod, type PeriodKind, type SettlementPeriod } from './settlement-period.js';
import type { SettlementStore, StoredStatement } from './settlement.ports.js';
import { netPositions, type NetPosition } from './statement.js';

/** At most this many unclosed periods are closed in one go (a platform that was down for weeks). */
const CATCH_UP = { day: 62, month: 3 } as const;

export interface SettlementRun {
  readonly period: SettlementPeriod;
  readonly status: 'provisional' | 'final';
  readonly statements: readonly StoredStatement[];
  readonly netPositions: readonly NetPosition[];
}

/**
 * Settlement between operators: a period's statements per (provider, operator) pair, provisional
 * while it runs, final once closed. A close is re-runnable: a closed period answers with what it
 * closed with; a CDR that comes later goes into the next open period as an adjustment.
 */
export class SettlementService {
  constructor(
    private readonly store: SettlementStore,
    private readonly clock: Clock,
  ) {}

  /** Settles a period: final (closing earlier unclosed ones first) if it has ended, else provisional. */
  async run(kind: PeriodKind, date: string): Promise<SettlementRun> {
    const period = settlementPeriod(kind, date);
    const now = this.clock.now();
    if (!hasEnded(period, now)) {
      const statements = await this.store.settle(period, false);
      return { period, status: 'provisional', statements, netPositions: netPositions(statements) };
    }
    await this.#closeThrough(period);
    const statements = await this.store.statementsOf(kind, period.date);
    return { period, status: 'final', statements, netPositions: netPositions(statements) };
  }

  /** The scheduled close: every ended day and month not closed yet (the latest ones, within bounds). */
  async closeDue(): Promise<{ day: string[]; month: string[] }> {
    const now = this.clock.now();
    const closed = { day: [] as string[], month: [] as string[] };
    for (const kind of ['day', 'month'] as const) {
      const latestEnded = previousPeriod(periodContaining(kind, now));
      closed[kind] = await this.#closeThrough(latestEnded);
    }
    return closed;
  }

  /** Closes every unclosed period after the last closed one, up to and including `last`, in order. */
  async #closeThrough(last: SettlementPeriod): Promise<string[]> {
    if (await this.store.isClosed(last.kind, last.date)) return [];
    const previous = await this.store.lastClosed(last.kind);
    let p = previous && previous < last.date ? nextPeriod(settlementPeriod(last.kind, previous)) : last;
    // Bounded: after a long outage the oldest periods are not closed one by one (their CDRs
    // become adjustments of the first period closed).
    for (let skip = countBetween(p, last) - CATCH_UP[last.kind]; skip > 0; skip--) p = nextPeriod(p);
    const done: string[] = [];
    for (;;) {
      if (!(await this.store.isClosed(p.kind, p.date))) {
        await this.store.settle(p, true);
        done.push(p.date);
      }
      if (p.date >= last.date) return done;
      p = nextPeriod(p);
    }
  }

  /** A period's statements, an operator's own only (partyId). */
  async list(kind: PeriodKind, date: string, partyId?: string): Promise<{ period: SettlementPeriod; statements: StoredStatement[]; netPositions: NetPosition[] }> {
    const period = settlementPeriod(kind, date);
    const statements = await this.store.statementsOf(kind, period.date, partyId);
    return { period, statements, netPositions: netPositions(statements) };
  }

  /** A statement the caller is party to; others do not exist for it. */
  async get(id: string, visibleTo?: string): Promise<StoredStatement> {
    const s = await this.store.get(id);
    if (!s || (visibleTo && s.providerId !== visibleTo && s.cpoId !== visibleTo)) throw new AppError('STATEMENT_NOT_FOUND', `statement ${id} not found`);
    return s;
  }

  cdrsOf(statement: StoredStatement) {
    return this.store.cdrsOf(statement);
  }
}

function countBetween(from: SettlementPeriod, to: SettlementPeriod): number {
  let n = 1;
  for (let p = from; p.date < to.date && n < 10_000; p = nextPeriod(p)) n++;
  return n;
}

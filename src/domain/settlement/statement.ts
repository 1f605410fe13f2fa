import { createHash } from 'node:crypto';
import { Decimal } from 'decimal.js';
import { AppError } from '../../shared/errors.js';
import { settlementPeriod, type PeriodKind, type SettlementPeriod } from './settlement-period.js';

/**
 * Statements between operators: per period and per ordered pair (provider = the EMSP who pays,
 * cpo = the operator whose station charged) the sums of the pair's CDRs. The fold streams: it keeps
 * one accumulator per pair, never the CDRs or their ids, so a month of 1,000,000 CDRs costs a few
 * hundred bytes per pair. Amounts arrive rounded to the fen and are summed exactly, never rounded
 * again; with decimal.js's 20 significant digits a sum stays exact up to 10^18 fen.
 * Sums do not depend on the order of the CDRs, so a statement can be re-run to the same result.
 */

/** One row as the store streams it. */
export interface SettleableCdr {
  readonly id: string;
  /** The paying EMSP. */
  readonly providerId: string;
  /** The operator whose station charged. */
  readonly cpoId: string;
  /** Credit CDRs carry negative amounts and energy. */
  readonly kind: 'original' | 'credit' | 'replacement';
  /** True: a late CDR of an earlier, closed period. */
  readonly adjustment: boolean;
  readonly energyWh: number;
  readonly energyAmount: Decimal;
  readonly serviceAmount: Decimal;
  readonly idleAmount: Decimal;
  readonly sessionFeeAmount: Decimal;
  readonly total: Decimal;
}

export interface StatementFigures {
  /** +1 per original or replacement CDR, −1 per credit (a credit cancels a session). */
  sessions: number;
  energyWh: number;
  energyAmount: Decimal;
  serviceAmount: Decimal;
  idleAmount: Decimal;
  sessionFeeAmount: Decimal;
  total: Decimal;
  /** Rows folded, whatever their kind. */
  cdrCount: number;
}

export interface Statement {
  readonly id: string;
  readonly kind: PeriodKind;
  readonly date: string;
  readonly from: Date;
  readonly to: Date;
  readonly providerId: string;
  readonly cpoId: string;
  /** CDRs of this period. */
  readonly regular: StatementFigures;
  /** Late CDRs of earlier periods. */
  readonly adjustments: StatementFigures;
  /** regular + adjustments */
  readonly total: StatementFigures;
}

export interface NetPosition {
  /** partyA < partyB */
  readonly partyA: string;
  readonly partyB: string;
  /** What A owes B as provider minus what B owes A as provider; negative means B owes A. */
  readonly aOwesB: Decimal;
  /** null when amount is 0 */
  readonly payer: string | null;
  readonly payee: string | null;
  /** |aOwesB| */
  readonly amount: Decimal;
}

const invalid = (field: string, message: string): AppError => new AppError('VALIDATION_FAILED', message, { field });

function checkPartyId(value: unknown, field: string): asserts value is string {
  // '\0' separates the pair in the id hash; an id holding one could make two pairs collide.
  if (typeof value !== 'string' || value === '' || value.includes('\0')) throw invalid(field, `${field} must be a non-empty string without NUL`);
}

/**
 * A deterministic, URL-safe id (30 characters), e.g. "ST-D-20261201-" + the first 16 hex digits of
 * sha256(providerId NUL cpoId); "M" for months, whose date is normalised to the 1st. The pair is
 * ordered: (A, B) and (B, A) get different ids.
 */
export function statementId(kind: PeriodKind, date: string, providerId: string, cpoId: string): string {
  const period = settlementPeriod(kind, date);
  checkPartyId(providerId, 'providerId');
  checkPartyId(cpoId, 'cpoId');
  const pair = createHash('sha256').update(`${providerId}\0${cpoId}`, 'utf8').digest('hex').slice(0, 16);
  return `ST-${kind === 'day' ? 'D' : 'M'}-${period.date.replaceAll('-', '')}-${pair}`;
}

const AMOUNT_FIELDS = ['energyAmount', 'serviceAmount', 'idleAmount', 'sessionFeeAmount', 'total'] as const;

interface Accumulator {
  sessions: number;
  energyWh: number;
  energyAmount: Decimal;
  serviceAmount: Decimal;
  idleAmount: Decimal;
  sessionFeeAmount: Decimal;
  total: Decimal;
  cdrCount: number;
}

const ZERO = new Decimal(0);

const emptyAccumulator = (): Accumulator => ({
  sessions: 0,
  energyWh: 0,
  energyAmount: ZERO,
  serviceAmount: ZERO,
  idleAmount: ZERO,
  sessionFeeAmount: ZERO,
  total: ZERO,
  cdrCount: 0,
});

/** Zero always comes out as +0, whatever order of signs led there. */
const canonical = (d: Decimal): Decimal => (d.isZero() ? new Decimal(0) : d);

const figuresOf = (a: Accumulator): StatementFigures => ({
  sessions: a.sessions,
  energyWh: a.energyWh,
  energyAmount: canonical(a.energyAmount),
  serviceAmount: canonical(a.serviceAmount),
  idleAmount: canonical(a.idleAmount),
  sessionFeeAmount: canonical(a.sessionFeeAmount),
  total: canonical(a.total),
  cdrCount: a.cdrCount,
});

const sumOf = (a: Accumulator, b: Accumulator): Accumulator => ({
  sessions: a.sessions + b.sessions,
  energyWh: a.energyWh + b.energyWh,
  energyAmount: a.energyAmount.plus(b.energyAmount),
  serviceAmount: a.serviceAmount.plus(b.serviceAmount),
  idleAmount: a.idleAmount.plus(b.idleAmount),
  sessionFeeAmount: a.sessionFeeAmount.plus(b.sessionFeeAmount),
  total: a.total.plus(b.total),
  cdrCount: a.cdrCount + b.cdrCount,
});

interface PairAccumulator {
  readonly providerId: string;
  readonly cpoId: string;
  readonly regular: Accumulator;
  readonly adjustments: Accumulator;
}

function checkCdr(cdr: SettleableCdr): void {
  checkPartyId(cdr.providerId, 'providerId');
  checkPartyId(cdr.cpoId, 'cpoId');
  if (cdr.providerId === cdr.cpoId) throw invalid('cpoId', `CDR ${cdr.id}: provider and CPO are both ${cdr.providerId}; self-pairs are not settled`);
  if (cdr.kind !== 'original' && cdr.kind !== 'credit' && cdr.kind !== 'replacement') throw invalid('kind', `CDR ${cdr.id}: unknown kind`);
  if (typeof cdr.adjustment !== 'boolean') throw invalid('adjustment', `CDR ${cdr.id}: adjustment must be a boolean`);
  // Whole watt-hours keep the energy sum exact (and so independent of order) up to 2^53 Wh.
  if (!Number.isSafeInteger(cdr.energyWh)) throw invalid('energyWh', `CDR ${cdr.id}: energyWh must be a whole number`);
  for (const field of AMOUNT_FIELDS) {
    const v = cdr[field];
    // The fold never rounds: an amount finer than the fen would leak into the statement.
    if (!Decimal.isDecimal(v) || !v.isFinite() || v.decimalPlaces() > 2) throw invalid(field, `CDR ${cdr.id}: ${field} must be a finite amount to the fen`);
  }
}

/** Folds the CDRs of one period, one at a time, into one statement per ordered pair. */
export class StatementFold {
  readonly #period: SettlementPeriod;
  readonly #pairs = new Map<string, PairAccumulator>();

  constructor(period: SettlementPeriod) {
    // Through settlementPeriod so a hand-made period cannot carry boundaries that disagree with its date.
    this.#period = settlementPeriod(period.kind, period.date);
  }

  add(cdr: SettleableCdr): void {
    checkCdr(cdr);
    const key = `${cdr.providerId}\0${cdr.cpoId}`;
    let pair = this.#pairs.get(key);
    if (pair === undefined) {
      pair = { providerId: cdr.providerId, cpoId: cdr.cpoId, regular: emptyAccumulator(), adjustments: emptyAccumulator() };
      this.#pairs.set(key, pair);
    }
    const a = cdr.adjustment ? pair.adjustments : pair.regular;
    a.sessions += cdr.kind === 'credit' ? -1 : 1;
    a.energyWh += cdr.energyWh;
    a.energyAmount = a.energyAmount.plus(cdr.energyAmount);
    a.serviceAmount = a.serviceAmount.plus(cdr.serviceAmount);
    a.idleAmount = a.idleAmount.plus(cdr.idleAmount);
    a.sessionFeeAmount = a.sessionFeeAmount.plus(cdr.sessionFeeAmount);
    a.total = a.total.plus(cdr.total);
    a.cdrCount += 1;
  }

  /** One statement per ordered pair seen, sorted by (providerId, cpoId). The fold may go on after. */
  statements(): Statement[] {
    const { kind, date, from, to } = this.#period;
    return [...this.#pairs.values()]
      .sort((x, y) => compare(x.providerId, y.providerId) || compare(x.cpoId, y.cpoId))
      .map((p) => ({
        id: statementId(kind, date, p.providerId, p.cpoId),
        kind,
        date,
        from: new Date(from.getTime()),
        to: new Date(to.getTime()),
        providerId: p.providerId,
        cpoId: p.cpoId,
        regular: figuresOf(p.regular),
        adjustments: figuresOf(p.adjustments),
        total: figuresOf(sumOf(p.regular, p.adjustments)),
      }));
  }
}

/** Code-unit order, the same on every machine and locale. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Who pays whom between each unordered pair of parties. A statement provider=P, cpo=C with total T
 * means P owes C T; the two directions of a pair are netted. Sorted by (partyA, partyB).
 */
export function netPositions(statements: readonly Statement[]): NetPosition[] {
  const seen = new Set<string>();
  const pairs = new Map<string, { partyA: string; partyB: string; aOwesB: Decimal }>();
  for (const s of statements) {
    if (seen.has(s.id)) throw invalid('statements', `statement ${s.id} is listed twice`);
    seen.add(s.id);
    if (s.providerId === s.cpoId) throw invalid('statements', `statement ${s.id}: provider and CPO are both ${s.providerId}`);
    const providerIsA = s.providerId < s.cpoId;
    const partyA = providerIsA ? s.providerId : s.cpoId;
    const partyB = providerIsA ? s.cpoId : s.providerId;
    const key = `${partyA}\0${partyB}`;
    const pair = pairs.get(key) ?? { partyA, partyB, aOwesB: ZERO };
    pair.aOwesB = providerIsA ? pair.aOwesB.plus(s.total.total) : pair.aOwesB.minus(s.total.total);
    pairs.set(key, pair);
  }
  return [...pairs.values()]
    .sort((x, y) => compare(x.partyA, y.partyA) || compare(x.partyB, y.partyB))
    .map(({ partyA, partyB, aOwesB }) => {
      const net = canonical(aOwesB);
      const sign = net.comparedTo(0);
      return {
        partyA,
        partyB,
        aOwesB: net,
        payer: sign > 0 ? partyA : sign < 0 ? partyB : null,
        payee: sign > 0 ? partyB : sign < 0 ? partyA : null,
        amount: net.abs(),
      };
    });
}

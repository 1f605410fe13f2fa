import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  StatementFold,
  hasEnded,
  netPositions,
  nextPeriod,
  periodContaining,
  previousPeriod,
  settlementPeriod,
  statementId,
  type SettleableCdr,
  type Statement,
} from '../../../src/domain/settlement/index.js';

const at = (iso: string) => new Date(iso);
const DAY_MS = 86_400_000;
const validation = (field: string) => expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field } });

let seq = 0;
/** A CDR whose total is the sum of its parts; amounts are strings to the fen. */
function cdr(p: Partial<Omit<SettleableCdr, 'energyAmount' | 'serviceAmount' | 'idleAmount' | 'sessionFeeAmount' | 'total'>> & {
  energy?: string;
  service?: string;
  idle?: string;
  sessionFee?: string;
}): SettleableCdr {
  const energyAmount = new Decimal(p.energy ?? '0');
  const serviceAmount = new Decimal(p.service ?? '0');
  const idleAmount = new Decimal(p.idle ?? '0');
  const sessionFeeAmount = new Decimal(p.sessionFee ?? '0');
  return {
    id: p.id ?? `CDR-${++seq}`,
    providerId: p.providerId ?? 'EMSP-A',
    cpoId: p.cpoId ?? 'CPO-B',
    kind: p.kind ?? 'original',
    adjustment: p.adjustment ?? false,
    energyWh: p.energyWh ?? 0,
    energyAmount,
    serviceAmount,
    idleAmount,
    sessionFeeAmount,
    total: energyAmount.plus(serviceAmount).plus(idleAmount).plus(sessionFeeAmount),
  };
}

const DEC01 = settlementPeriod('day', '2026-12-01');

function fold(cdrs: readonly SettleableCdr[], period = DEC01): Statement[] {
  const f = new StatementFold(period);
  for (const c of cdrs) f.add(c);
  return f.statements();
}

describe('settlement periods', () => {
  it('a day runs from 16:00Z of the previous UTC day for 24 h, [from, to)', () => {
    expect(DEC01).toEqual({ kind: 'day', date: '2026-12-01', from: at('2026-11-30T16:00:00Z'), to: at('2026-12-01T16:00:00Z') });
    expect(periodContaining('day', at('2026-11-30T15:59:59.999Z')).date).toBe('2026-11-30');
    expect(periodContaining('day', at('2026-11-30T16:00:00Z'))).toEqual(DEC01);
    expect(periodContaining('day', at('2026-12-01T15:59:59.999Z'))).toEqual(DEC01);
    expect(periodContaining('day', at('2026-12-01T16:00:00Z')).date).toBe('2026-12-02');
    // Across the year and month ends, and back.
    const newYear = nextPeriod(settlementPeriod('day', '2026-12-31'));
    expect(newYear).toEqual({ kind: 'day', date: '2027-01-01', from: at('2026-12-31T16:00:00Z'), to: at('2027-01-01T16:00:00Z') });
    expect(previousPeriod(newYear).date).toBe('2026-12-31');
    expect(previousPeriod(settlementPeriod('day', '2026-03-01')).date).toBe('2026-02-28');
    expect(previousPeriod(settlementPeriod('day', '2028-03-01')).date).toBe('2028-02-29');
  });

  it('a month runs from 16:00Z of the last UTC day before it; December goes on to January; leap February has 29 days', () => {
    const dec = settlementPeriod('month', '2026-12-15');
    expect(dec).toEqual({ kind: 'month', date: '2026-12-01', from: at('2026-11-30T16:00:00Z'), to: at('2026-12-31T16:00:00Z') });
    expect(settlementPeriod('month', '2026-12-01')).toEqual(dec);
    expect(settlementPeriod('month', '2026-12-31')).toEqual(dec);
    const jan = nextPeriod(dec);
    expect(jan).toEqual({ kind: 'month', date: '2027-01-01', from: at('2026-12-31T16:00:00Z'), to: at('2027-01-31T16:00:00Z') });
    expect(previousPeriod(jan)).toEqual(dec);

    const leapFeb = settlementPeriod('month', '2028-02-29');
    expect(leapFeb).toEqual({ kind: 'month', date: '2028-02-01', from: at('2028-01-31T16:00:00Z'), to: at('2028-02-29T16:00:00Z') });
    expect((leapFeb.to.getTime() - leapFeb.from.getTime()) / DAY_MS).toBe(29);
    const feb = settlementPeriod('month', '2026-02-10');
    expect((feb.to.getTime() - feb.from.getTime()) / DAY_MS).toBe(28);
    expect(nextPeriod(feb).date).toBe('2026-03-01');
    expect(previousPeriod(feb).date).toBe('2026-01-01');
    // The first local hours of a month are still UTC's previous month.
    expect(periodContaining('month', at('2026-01-31T16:00:00Z')).date).toBe('2026-02-01');
    expect(periodContaining('month', at('2026-01-31T15:59:59.999Z')).date).toBe('2026-01-01');
  });

  it('refuses dates that are not real YYYY-MM-DD dates, with field "date"', () => {
    for (const kind of ['day', 'month'] as const) {
      for (const date of ['2026-02-30', '2026-13-01', '2026-1-1', '', '2026-02-29', '2026-00-10', '2026-04-31', '2026-12-01T00:00'])
        expect(() => settlementPeriod(kind, date), `${kind} ${date}`).toThrow(validation('date'));
    }
    expect(() => settlementPeriod('week' as 'day', '2026-12-01')).toThrow(validation('kind'));
    expect(() => periodContaining('day', new Date(Number.NaN))).toThrow(validation('at'));
  });

  it('hasEnded once now reaches the (exclusive) end', () => {
    expect(hasEnded(DEC01, at('2026-11-30T16:00:00Z'))).toBe(false);
    expect(hasEnded(DEC01, at('2026-12-01T15:59:59.999Z'))).toBe(false);
    expect(hasEnded(DEC01, at('2026-12-01T16:00:00Z'))).toBe(true);
    expect(hasEnded(DEC01, at('2027-06-01T00:00:00Z'))).toBe(true);
  });

  it('periods tile time: each instant lies in its period, and next/previous are adjacent and inverse', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('day' as const, 'month' as const),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }),
        (kind, ms) => {
          const p = periodContaining(kind, new Date(ms));
          expect(p.from.getTime()).toBeLessThanOrEqual(ms);
          expect(p.to.getTime()).toBeGreaterThan(ms);
          const next = nextPeriod(p);
          expect(next.from).toEqual(p.to);
          expect(previousPeriod(p).to).toEqual(p.from);
          expect(previousPeriod(next)).toEqual(p);
          const days = (p.to.getTime() - p.from.getTime()) / DAY_MS;
          if (kind === 'day') expect(days).toBe(1);
          else expect(days >= 28 && days <= 31 && p.date.endsWith('-01')).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('statement fold', () => {
  it('sums exactly to the fen: 0.10 + 0.20 is 0.30, and 1,000 CDRs of 0.01 are 10.00', () => {
    const [s] = fold([
      cdr({ energy: '0.10', service: '0.20', energyWh: 1234 }),
      cdr({ energy: '0.20', service: '0.10', idle: '0.01', sessionFee: '1.00', energyWh: 766 }),
    ]);
    expect(s!.regular.energyAmount.toFixed(2)).toBe('0.30');
    expect(s!.regular.energyAmount.eq('0.3')).toBe(true);
    expect(s!.regular.serviceAmount.eq('0.3')).toBe(true);
    expect(s!.regular.idleAmount.eq('0.01')).toBe(true);
    expect(s!.regular.sessionFeeAmount.eq('1')).toBe(true);
    expect(s!.regular.total.toFixed(2)).toBe('1.61');
    expect(s!.regular.energyWh).toBe(2000);
    expect(s!.regular.sessions).toBe(2);
    expect(s!.regular.cdrCount).toBe(2);

    const [many] = fold(Array.from({ length: 1000 }, () => cdr({ service: '0.01', energyWh: 1 })));
    expect(many!.regular.total.toString()).toBe('10');
    expect(many!.regular.serviceAmount.eq('10.00')).toBe(true);
    expect(many!.regular.cdrCount).toBe(1000);
    expect(many!.regular.energyWh).toBe(1000);
  });

  it('a credit cancels its original (sessions 0, total 0); a replacement counts as a session', () => {
    const [s] = fold([
      cdr({ kind: 'original', energy: '12.34', service: '5.66', energyWh: 20_000 }),
      cdr({ kind: 'credit', energy: '-12.34', service: '-5.66', energyWh: -20_000 }),
    ]);
    expect(s!.regular.sessions).toBe(0);
    expect(s!.regular.cdrCount).toBe(2);
    expect(s!.regular.energyWh).toBe(0);
    expect(s!.regular.total.isZero()).toBe(true);
    expect(s!.regular.total.isNegative()).toBe(false); // +0, not -0
    expect(s!.total.total.eq(0)).toBe(true);

    const [r] = fold([
      cdr({ kind: 'original', energy: '12.34', energyWh: 20_000 }),
      cdr({ kind: 'credit', energy: '-12.34', energyWh: -20_000 }),
      cdr({ kind: 'replacement', energy: '10.00', energyWh: 18_000 }),
    ]);
    expect(r!.regular.sessions).toBe(1);
    expect(r!.regular.cdrCount).toBe(3);
    expect(r!.regular.total.toFixed(2)).toBe('10.00');
    expect(r!.regular.energyWh).toBe(18_000);
  });

  it('keeps late CDRs of earlier periods apart as adjustments and sums both into total', () => {
    const [s] = fold([
      cdr({ energy: '3.00', service: '1.00', energyWh: 5000 }),
      cdr({ adjustment: true, energy: '2.50', idle: '0.50', energyWh: 4000 }),
      cdr({ adjustment: true, kind: 'credit', energy: '-1.00', energyWh: -1000 }),
    ]);
    expect(s!.regular).toMatchObject({ sessions: 1, cdrCount: 1, energyWh: 5000 });
    expect(s!.regular.total.toFixed(2)).toBe('4.00');
    expect(s!.regular.idleAmount.isZero()).toBe(true);
    expect(s!.adjustments).toMatchObject({ sessions: 0, cdrCount: 2, energyWh: 3000 });
    expect(s!.adjustments.energyAmount.toFixed(2)).toBe('1.50');
    expect(s!.adjustments.idleAmount.toFixed(2)).toBe('0.50');
    expect(s!.adjustments.total.toFixed(2)).toBe('2.00');
    expect(s!.total).toMatchObject({ sessions: 1, cdrCount: 3, energyWh: 8000 });
    expect(s!.total.energyAmount.toFixed(2)).toBe('4.50');
    expect(s!.total.serviceAmount.toFixed(2)).toBe('1.00');
    expect(s!.total.idleAmount.toFixed(2)).toBe('0.50');
    expect(s!.total.total.toFixed(2)).toBe('6.00');

    // A pair with adjustments only still gets a statement, with empty regular figures.
    const [late] = fold([cdr({ adjustment: true, service: '0.99' })]);
    expect(late!.regular).toMatchObject({ sessions: 0, cdrCount: 0, energyWh: 0 });
    expect(late!.regular.total.isZero()).toBe(true);
    expect(late!.total.total.toFixed(2)).toBe('0.99');
  });

  it('makes one statement per ordered pair, sorted by (providerId, cpoId), with the period and a deterministic id', () => {
    const month = settlementPeriod('month', '2026-12-01');
    const statements = fold(
      [
        cdr({ providerId: 'B', cpoId: 'A', service: '1.00' }),
        cdr({ providerId: 'A', cpoId: 'C', service: '2.00' }),
        cdr({ providerId: 'A', cpoId: 'B', service: '3.00' }),
        cdr({ providerId: 'B', cpoId: 'A', service: '4.00' }),
        cdr({ providerId: 'A', cpoId: 'B', service: '5.00', adjustment: true }),
      ],
      month,
    );
    expect(statements.map((s) => [s.providerId, s.cpoId, s.total.total.toFixed(2), s.total.cdrCount])).toEqual([
      ['A', 'B', '8.00', 2],
      ['A', 'C', '2.00', 1],
      ['B', 'A', '5.00', 2],
    ]);
    for (const s of statements) {
      expect(s).toMatchObject({ kind: 'month', date: '2026-12-01', from: month.from, to: month.to });
      expect(s.id).toBe(statementId('month', '2026-12-01', s.providerId, s.cpoId));
    }
    expect(new StatementFold(month).statements()).toEqual([]);
  });

  it('gives the same statements whatever the order of the CDRs, and the sums of an exact model', () => {
    const party = fc.constantFrom('EMSP-1', 'EMSP-2', 'CPO-1', 'CPO-2');
    const rawCdr = fc
      .record({
        providerId: party,
        cpoId: party,
        kind: fc.constantFrom('original' as const, 'credit' as const, 'replacement' as const),
        adjustment: fc.boolean(),
        energyWh: fc.integer({ min: 0, max: 150_000 }),
        fen: fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 500 })),
      })
      .filter((r) => r.providerId !== r.cpoId);
    const input = fc.array(rawCdr, { maxLength: 60 }).chain((raws) => {
      const cdrs = raws.map((r, i): SettleableCdr => {
        const sign = r.kind === 'credit' ? -1 : 1;
        const [e, s, idle, fee] = r.fen.map((f) => new Decimal(sign * f).div(100)) as [Decimal, Decimal, Decimal, Decimal];
        return {
          id: `CDR-${i}`,
          providerId: r.providerId,
          cpoId: r.cpoId,
          kind: r.kind,
          adjustment: r.adjustment,
          energyWh: sign * r.energyWh,
          energyAmount: e,
          serviceAmount: s,
          idleAmount: idle,
          sessionFeeAmount: fee,
          total: e.plus(s).plus(idle).plus(fee),
        };
      });
      return fc.tuple(fc.constant(cdrs), fc.shuffledSubarray(cdrs, { minLength: cdrs.length, maxLength: cdrs.length }));
    });
    fc.assert(
      fc.property(input, ([cdrs, shuffled]) => {
        const a = fold(cdrs);
        expect(fold(shuffled)).toEqual(a);
        // Model: integer fen per ordered pair.
        const model = new Map<string, { fen: number; sessions: number; rows: number; wh: number }>();
        for (const c of cdrs) {
          const key = `${c.providerId}|${c.cpoId}`;
          const m = model.get(key) ?? { fen: 0, sessions: 0, rows: 0, wh: 0 };
          m.fen += c.total.mul(100).toNumber();
          m.sessions += c.kind === 'credit' ? -1 : 1;
          m.rows += 1;
          m.wh += c.energyWh;
          model.set(key, m);
        }
        expect(a.map((s) => `${s.providerId}|${s.cpoId}`)).toEqual([...model.keys()].sort());
        for (const s of a) {
          const m = model.get(`${s.providerId}|${s.cpoId}`)!;
          expect(s.total.total.mul(100).toNumber()).toBe(m.fen);
          expect(s.total.total.eq(s.regular.total.plus(s.adjustments.total))).toBe(true);
          expect([s.total.sessions, s.total.cdrCount, s.total.energyWh]).toEqual([m.sessions, m.rows, m.wh]);
          expect(s.regular.cdrCount + s.adjustments.cdrCount).toBe(m.rows);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('statements() is a snapshot: later CDRs do not change statements already taken', () => {
    const f = new StatementFold(DEC01);
    f.add(cdr({ service: '1.00', energyWh: 10 }));
    const first = f.statements();
    f.add(cdr({ service: '2.00', energyWh: 20 }));
    first[0]!.from.setTime(0); // mutating a snapshot must not reach the fold either
    expect(first[0]!.total.total.toFixed(2)).toBe('1.00');
    expect([first[0]!.total.cdrCount, first[0]!.regular.cdrCount, first[0]!.total.energyWh]).toEqual([1, 1, 10]);
    const second = f.statements();
    expect(second[0]!.total.total.toFixed(2)).toBe('3.00');
    expect(second[0]!.from).toEqual(DEC01.from);
  });

  it('comes out with +0, never -0, even when decimal.js is set to round towards -Infinity', () => {
    const rounding = Decimal.rounding;
    Decimal.set({ rounding: Decimal.ROUND_FLOOR }); // the one mode in which x - x is -0
    try {
      const pairs = [cdr({ service: '1.00' }), cdr({ kind: 'credit', service: '-1.00' })];
      const [s] = fold(pairs);
      expect(s!.regular.serviceAmount.isNegative()).toBe(false);
      expect(s!.total.total.isNegative()).toBe(false);
      expect(fold([...pairs].reverse())).toEqual(fold(pairs));
      const [p] = netPositions(fold([cdr({ providerId: 'A', cpoId: 'B', service: '1.00' }), cdr({ providerId: 'B', cpoId: 'A', service: '1.00' })]));
      expect(p!.aOwesB.isNegative()).toBe(false);
    } finally {
      Decimal.set({ rounding });
    }
  });

  it('refuses a self-pair and rows it cannot sum exactly', () => {
    const f = new StatementFold(DEC01);
    expect(() => f.add(cdr({ providerId: 'OP-X', cpoId: 'OP-X', service: '1.00' }))).toThrow(validation('cpoId'));
    expect(() => f.add(cdr({ service: '0.001' }))).toThrow(validation('serviceAmount'));
    expect(() => f.add({ ...cdr({}), total: new Decimal(Number.NaN) })).toThrow(validation('total'));
    expect(() => f.add(cdr({ energyWh: 1.5 }))).toThrow(validation('energyWh'));
    expect(() => f.add(cdr({ providerId: '' }))).toThrow(validation('providerId'));
    expect(() => f.add(cdr({ kind: 'void' as 'credit' }))).toThrow(validation('kind'));
    expect(f.statements()).toEqual([]); // nothing refused was counted
  });
});

describe('statement ids', () => {
  it('are deterministic, URL-safe, at most 64 characters, per ordered pair', () => {
    const id = statementId('day', '2026-12-01', 'EMSP-A', 'CPO-B');
    expect(id).toBe(statementId('day', '2026-12-01', 'EMSP-A', 'CPO-B'));
    expect(id).toMatch(/^ST-D-20261201-[0-9a-f]{16}$/);
    expect(id.length).toBeLessThanOrEqual(64);
    expect(statementId('day', '2026-12-01', 'CPO-B', 'EMSP-A')).not.toBe(id);
    expect(statementId('day', '2026-12-02', 'EMSP-A', 'CPO-B')).not.toBe(id);
    expect(statementId('day', '2026-12-01', 'AB', 'C')).not.toBe(statementId('day', '2026-12-01', 'A', 'BC')); // the pair is not just glued
    // The pair part is the hash of the pair alone, so it is the same across periods.
    expect(statementId('day', '2026-12-02', 'EMSP-A', 'CPO-B').slice(-16)).toBe(id.slice(-16));
    const month = statementId('month', '2026-12-17', 'EMSP-A', 'CPO-B');
    expect(month).toBe(`ST-M-20261201-${id.slice(-16)}`);
    expect(() => statementId('day', '2026-02-30', 'A', 'B')).toThrow(validation('date'));
    expect(() => statementId('day', '2026-12-01', 'A\0B', 'C')).toThrow(validation('providerId'));

    const ids = new Set<string>();
    for (let a = 0; a < 100; a++) for (let b = 0; b < 100; b++) if (a !== b) ids.add(statementId('month', '2026-12-01', `OP-${a}`, `OP-${b}`));
    expect(ids.size).toBe(100 * 99);
  });
});

describe('net positions', () => {
  const statementsOf = (...flows: [string, string, string][]) => fold(flows.map(([providerId, cpoId, amount]) => cdr({ providerId, cpoId, service: amount })));

  it('nets the two directions: A owes B 10.00, B owes A 3.50 → A pays B 6.50', () => {
    expect(netPositions(statementsOf(['A', 'B', '10.00'], ['B', 'A', '3.50']))).toEqual([
      { partyA: 'A', partyB: 'B', aOwesB: new Decimal('6.5'), payer: 'A', payee: 'B', amount: new Decimal('6.5') },
    ]);
    // The other way round: partyA is still the smaller id, aOwesB turns negative.
    const [p] = netPositions(statementsOf(['A', 'B', '3.50'], ['B', 'A', '10.00']));
    expect(p).toMatchObject({ partyA: 'A', partyB: 'B', payer: 'B', payee: 'A' });
    expect(p!.aOwesB.toFixed(2)).toBe('-6.50');
    expect(p!.amount.toFixed(2)).toBe('6.50');
  });

  it('has no payer when the directions are equal, one position per unordered pair, sorted', () => {
    const positions = netPositions(statementsOf(['C', 'A', '1.00'], ['B', 'A', '2.00'], ['A', 'B', '2.00'], ['B', 'C', '0.10'], ['B', 'C', '0.20']));
    expect(positions.map((p) => [p.partyA, p.partyB, p.payer, p.payee, p.amount.toFixed(2), p.aOwesB.toFixed(2)])).toEqual([
      ['A', 'B', null, null, '0.00', '0.00'],
      ['A', 'C', 'C', 'A', '1.00', '-1.00'],
      ['B', 'C', 'B', 'C', '0.30', '0.30'],
    ]);
    expect(positions[0]!.amount.isNegative()).toBe(false);
    expect(netPositions([])).toEqual([]);
  });

  it('counts adjustments (the statement total) and refuses a statement listed twice', () => {
    const s = fold([cdr({ providerId: 'A', cpoId: 'B', service: '1.00' }), cdr({ providerId: 'A', cpoId: 'B', service: '0.25', adjustment: true })]);
    expect(netPositions(s)[0]!.amount.toFixed(2)).toBe('1.25');
    expect(() => netPositions([...s, ...s])).toThrow(validation('statements'));
  });
});

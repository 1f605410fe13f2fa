import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlCdrRepository, insertCdrs } from '../../../src/adapters/prisma/cdr.repository.js';
import type { SqlConnection } from '../../../src/adapters/prisma/database.js';
import { SqlSettlementStore, queuedKinds } from '../../../src/adapters/prisma/settlement.store.js';
import { creditFor, type Cdr } from '../../../src/domain/cdrs/index.js';
import { settlementPeriod, statementId } from '../../../src/domain/settlement/index.js';
import { STORE_TARGETS } from '../../helpers/store-targets.js';

const d = (v: string) => new Decimal(v);
/** A priced CDR of `total` CNY (all of it electricity) settled on `day`. */
function cdr(id: string, providerId: string, cpoId: string, day: string, total: string, status: Cdr['status'] = 'priced'): Cdr {
  const at = new Date(`${day}T12:00:00+08:00`);
  return {
    id, sessionId: `S-${id}`, kind: 'original', status, statusReason: null, quality: [], cpoId, providerId, agreementId: null,
    creditsCdrId: null, replacesCdrId: null, idToken: null,
    location: { locationId: null, name: null, city: 'Changsha', district: null, address: null, stationId: 'ST', evseNo: 1, connectorNo: 1, standard: null, powerType: null, maxPowerKw: null },
    tariff: { tariffId: null, name: null, versions: [] }, startedAt: at, stoppedAt: at, lines: [],
    totals: { energyWh: 1000, energyAmount: d(total), serviceAmount: d('0'), idleAmount: d('0'), sessionFeeAmount: d('0'), total: d(total) },
    currency: 'CNY', settlementDay: day, createdAt: at, review: null,
  };
}

describe.each(STORE_TARGETS)('settlement on $name', (target) => {
  let sql: SqlConnection;
  let store: SqlSettlementStore;
  let dispose: () => Promise<void>;
  const day = (date: string) => settlementPeriod('day', date);
  const add = (...cdrs: Cdr[]) => sql.transaction((tx) => insertCdrs(tx, cdrs));

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    sql = opened.db.sql;
    store = new SqlSettlementStore(sql);
    await add(
      cdr('A1', 'APP', 'CPO1', '2026-11-20', '10.10'),
      cdr('A2', 'APP', 'CPO1', '2026-11-20', '0.20'),
      cdr('A3', 'APP', 'CPO2', '2026-11-20', '5.00'),
      cdr('B1', 'CPO1', 'CPO2', '2026-11-20', '3.50'),
      // Not settled: its own customer, a held and an unpriced CDR, and one of the next day.
      cdr('SELF', 'CPO1', 'CPO1', '2026-11-20', '9.99'),
      cdr('HELD', 'APP', 'CPO1', '2026-11-20', '7.00', 'held'),
      cdr('NOPRICE', 'APP', 'CPO1', '2026-11-20', '0.00', 'unpriced'),
      cdr('NEXT', 'APP', 'CPO1', '2026-11-21', '1.00'),
    );
  });
  afterAll(() => dispose());

  it('only CDRs that count are queued: priced, between two parties', async () => {
    expect(await queuedKinds(sql, 'A1')).toEqual(['day', 'month']);
    for (const id of ['SELF', 'HELD', 'NOPRICE']) expect(await queuedKinds(sql, id)).toEqual([]);
  });

  it('a provisional run sums each ordered pair exactly and links nothing; a final close links, dequeues, and re-runs identically', async () => {
    const provisional = await store.settle(day('2026-11-20'), false);
    expect(provisional.map((s) => [s.providerId, s.cpoId, s.status, s.total.total.toFixed(2), s.total.cdrCount])).toEqual([
      ['APP', 'CPO1', 'provisional', '10.30', 2],
      ['APP', 'CPO2', 'provisional', '5.00', 1],
      ['CPO1', 'CPO2', 'provisional', '3.50', 1],
    ]);
    expect(await queuedKinds(sql, 'A1')).toEqual(['day', 'month']);
    expect(await store.isClosed('day', '2026-11-20')).toBe(false);
    const final = await store.settle(day('2026-11-20'), true);
    expect(final.map((s) => [s.id, s.status, s.total.total.toFixed(2)])).toEqual(provisional.map((s) => [s.id, 'final', s.total.total.toFixed(2)]));
    expect(final[0]!.id).toBe(statementId('day', '2026-11-20', 'APP', 'CPO1'));
    expect(await queuedKinds(sql, 'A1')).toEqual(['month']);
    expect(await store.isClosed('day', '2026-11-20')).toBe(true);
    expect(await store.lastClosed('day')).toBe('2026-11-20');
    // Closed: the same statements again, whatever arrives meanwhile.
    await add(cdr('LATE', 'APP', 'CPO1', '2026-11-20', '2.00'));
    expect(await store.settle(day('2026-11-20'), true)).toEqual(final);
    expect((await store.statementsOf('day', '2026-11-20')).map((s) => s.status)).toEqual(['final', 'final', 'final']);
    expect((await store.statementsOf('day', '2026-11-20', 'CPO2')).map((s) => s.providerId)).toEqual(['APP', 'CPO1']);
    const ids: string[] = [];
    for await (const { cdr: c, adjustment } of store.cdrsOf(final[0]!)) ids.push(`${c.id}${adjustment ? '*' : ''}`);
    expect(ids).toEqual(['A1', 'A2']);
  });

  it('a CDR that arrives or is released after its day closed goes into the next statement as an adjustment', async () => {
    await new SqlCdrRepository(sql).review('HELD', 'priced', { by: 'CPO1', at: new Date(), note: null });
    const next = await store.settle(day('2026-11-21'), true);
    const s = next.find((x) => x.providerId === 'APP' && x.cpoId === 'CPO1')!;
    expect([s.regular.total.toFixed(2), s.regular.cdrCount, s.adjustments.total.toFixed(2), s.adjustments.cdrCount, s.total.total.toFixed(2)]).toEqual(['1.00', 1, '9.00', 2, '10.00']);
    const ids: string[] = [];
    for await (const { cdr: c, adjustment } of store.cdrsOf(s)) ids.push(`${c.id}${adjustment ? '*' : ''}`);
    expect(ids.sort()).toEqual(['HELD*', 'LATE*', 'NEXT']);
    // A credit of a settled CDR cancels it in the next period.
    const credit = creditFor((await new SqlCdrRepository(sql).get('A1'))!, new Date());
    await add(credit);
    const third = await store.settle(day('2026-11-22'), false);
    expect(third.map((x) => [x.adjustments.sessions, x.adjustments.total.toFixed(2)])).toEqual([[-1, '-10.10']]);
  });

  it('a month takes every CDR of its days once, whatever the days did', async () => {
    const month = await store.settle(settlementPeriod('month', '2026-11-15'), true);
    expect(month.map((s) => [s.providerId, s.cpoId, s.date, s.total.total.toFixed(2), s.total.sessions])).toEqual([
      // 10.10 + 0.20 + 2.00 + 7.00 + 1.00 − 10.10 (the credit)
      ['APP', 'CPO1', '2026-11-01', '10.20', 4],
      ['APP', 'CPO2', '2026-11-01', '5.00', 1],
      ['CPO1', 'CPO2', '2026-11-01', '3.50', 1],
    ]);
    expect(await queuedKinds(sql, 'A2')).toEqual([]);
  });
});

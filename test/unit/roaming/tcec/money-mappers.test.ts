import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Cdr } from '../../../../src/domain/cdrs/cdr.model.js';
import { price, type PricedPeriod, type TariffVersion } from '../../../../src/domain/pricing/index.js';
import {
  cdrOfPartnerOrder,
  chargeOrderInfoOf,
  checkedOrderOf,
  checkPartnerOrder,
  checkTotals,
  parseTcecDateTime,
  periodsFromPolicyInfos,
  policyInfosOf,
  type ChargeOrderInfo,
} from '../../../../src/roaming/tcec/mappers/index.js';

const sh = (local: string): Date => new Date(`${local}+08:00`);
const period = (startsAt: string, energy: string, service: string): PricedPeriod => ({ startsAt, energyPrice: new Decimal(energy), serviceFee: new Decimal(service), tier: null });
const TOU: PricedPeriod[] = [period('00:00', '0.3050', '0.4000'), period('08:00', '0.6125', '0.8000'), period('22:00', '0.3050', '0.4000')];
const version: TariffVersion = { tariffId: 'T-CS', version: 3, validFrom: new Date('2026-01-01T00:00:00Z'), validTo: null, periods: TOU, idleFee: null, sessionFee: null };

/** A CDR of 07:30–08:30 Shanghai, 10.007 kWh evenly, priced by our engine (two lines). */
function pricedCdr(): Cdr {
  const startedAt = sh('2026-12-01T07:30:00');
  const stoppedAt = sh('2026-12-01T08:30:00');
  const r = price([version], { startedAt, stoppedAt, meterStartWh: 1000, meterStopWh: 11_007, chargingEndedAt: null }, []);
  if (r.status !== 'priced') throw new Error('unpriced');
  return {
    id: 'CDR-1', sessionId: 'S-1', kind: 'original', status: 'priced', statusReason: null, quality: [], cpoId: 'XJ-STATE-GRID', providerId: 'PARTNER-B', agreementId: 'AG-1',
    creditsCdrId: null, replacesCdrId: null, idToken: 'QR-1',
    location: { locationId: 'L', name: 'n', city: 'Changsha', district: null, address: 'a', stationId: 'CS-DC-01', evseNo: 2, connectorNo: 1, standard: 'GBT_DC', powerType: 'DC', maxPowerKw: 120 },
    tariff: { tariffId: 'T-CS', name: 't', versions: [] }, startedAt, stoppedAt, lines: r.lines, totals: r.totals, currency: 'CNY', settlementDay: '2026-12-01', createdAt: stoppedAt, review: null,
  };
}

describe('policyInfosOf', () => {
  it('writes each period as a band from HHmmss with both prices to 4 decimals', () => {
    expect(policyInfosOf(version)).toEqual([
      { StartTime: '000000', ElecPrice: 0.305, SevicePrice: 0.4 },
      { StartTime: '080000', ElecPrice: 0.6125, SevicePrice: 0.8 },
      { StartTime: '220000', ElecPrice: 0.305, SevicePrice: 0.4 },
    ]);
  });
  it('reads bands back into periods exactly, and refuses bands without a 000000 start or with seconds', () => {
    expect(periodsFromPolicyInfos(policyInfosOf(version)).map((p) => [p.startsAt, p.energyPrice.toFixed(4), p.serviceFee.toFixed(4)])).toEqual([
      ['00:00', '0.3050', '0.4000'],
      ['08:00', '0.6125', '0.8000'],
      ['22:00', '0.3050', '0.4000'],
    ]);
    expect(() => periodsFromPolicyInfos([{ StartTime: '080000', ElecPrice: 1, SevicePrice: 1 }])).toThrow(/000000/);
    expect(() => periodsFromPolicyInfos([{ StartTime: '000030', ElecPrice: 1, SevicePrice: 1 }])).toThrow(/HHmm00/);
    expect(() => periodsFromPolicyInfos([])).toThrow();
  });
});

describe('chargeOrderInfoOf', () => {
  const cdr = pricedCdr();
  const order = chargeOrderInfoOf(cdr, { startChargeSeq: 'MA5XJ0001202612010730000001', stopReason: 0 });

  it('has one ChargeDetail per CDR line with the line amounts to the fen', () => {
    expect(order.SumPeriod).toBe(cdr.lines.length);
    expect(order.ChargeDetails).toEqual(
      cdr.lines.map((l) => ({
        DetailStartTime: expect.any(String),
        DetailEndTime: expect.any(String),
        ElecPrice: l.energyPrice.toNumber(),
        SevicePrice: l.serviceFee.toNumber(),
        DetailPower: Number((l.wh / 1000).toFixed(2)),
        DetailElecMoney: l.energyAmount.toNumber(),
        DetailSeviceMoney: l.serviceAmount.toNumber(),
      })),
    );
    expect(order.ChargeDetails.map((d) => [d.DetailStartTime, d.DetailEndTime])).toEqual([
      ['2026-12-01 07:30:00', '2026-12-01 08:00:00'],
      ['2026-12-01 08:00:00', '2026-12-01 08:30:00'],
    ]);
  });
  it('carries the totals of the CDR; details add up to them exactly', () => {
    expect(order).toMatchObject({ ConnectorID: 'CS-DC-01.2.1', StartTime: '2026-12-01 07:30:00', EndTime: '2026-12-01 08:30:00', TotalPower: 10.01 });
    expect(order.TotalMoney).toBe(cdr.totals.total.toNumber());
    const sum = (f: (d: ChargeOrderInfo['ChargeDetails'][number]) => number) => order.ChargeDetails.reduce((s, d) => s.plus(String(f(d))), new Decimal(0)).toNumber();
    expect(sum((d) => d.DetailElecMoney)).toBe(order.TotalElecMoney);
    expect(sum((d) => d.DetailSeviceMoney)).toBe(order.TotalSeviceMoney);
    expect(new Decimal(String(order.TotalElecMoney)).plus(String(order.TotalSeviceMoney)).toNumber()).toBe(order.TotalMoney);
    // 5.0035 kWh at 0.3050 + 0.4000 = 1.53 + 2.00, then at 0.6125 + 0.8000 = 3.06 + 4.00: each amount rounded once.
    expect(order.TotalMoney).toBe(10.59);
  });
  it('sums a check batch exactly', () => {
    const o = checkedOrderOf(cdr, 'SEQ');
    expect(checkTotals([o, o, o])).toEqual({ OrderCount: 3, TotalOrderPower: 30.03, TotalOrderMoney: 31.77 });
  });
});

describe('partner orders (driver side)', () => {
  const ours = pricedCdr();
  const order = chargeOrderInfoOf(ours, { startChargeSeq: 'MA5XJ0001202612010730000001' });
  const ctx = { id: 'CDR-P-1', partnerId: 'PARTNER-A', providerId: 'XJ-CHANGXING', agreementId: 'AG-9', idToken: 'TOKEN-1', location: ours.location, now: new Date('2026-12-01T01:00:00Z') };

  it('becomes a CDR with the partner as CPO, its lines and totals as it priced them', () => {
    const cdr = cdrOfPartnerOrder(order, ctx);
    expect(cdr).toMatchObject({ id: 'CDR-P-1', sessionId: order.StartChargeSeq, cpoId: 'PARTNER-A', providerId: 'XJ-CHANGXING', status: 'priced', settlementDay: '2026-12-01' });
    expect(cdr.startedAt.toISOString()).toBe(ours.startedAt.toISOString());
    expect(cdr.totals.total.toFixed(2)).toBe(ours.totals.total.toFixed(2));
    expect(cdr.totals.energyWh).toBe(10_010);
    expect(cdr.lines.map((l) => l.amount.toFixed(2))).toEqual(ours.lines.map((l) => l.amount.toFixed(2)));
  });
  it('is confirmed when its business policy gives the same money to the fen', () => {
    const check = checkPartnerOrder(cdrOfPartnerOrder(order, ctx), TOU);
    expect(check).toMatchObject({ agreed: true });
  });
  it('is disputed with reason 2 when the money is wrong, 3 when the energy does not add up', () => {
    const dearer = cdrOfPartnerOrder({ ...order, TotalMoney: 10.65, TotalSeviceMoney: order.TotalSeviceMoney + 0.05 }, ctx);
    expect(checkPartnerOrder(dearer, TOU)).toMatchObject({ agreed: false, reason: 2 });
    const otherPolicy = TOU.map((p) => ({ ...p, serviceFee: p.serviceFee.plus('0.1') }));
    expect(checkPartnerOrder(cdrOfPartnerOrder(order, ctx), otherPolicy)).toMatchObject({ agreed: false, reason: 2 });
    expect(checkPartnerOrder(cdrOfPartnerOrder({ ...order, TotalPower: 12 }, ctx), TOU)).toMatchObject({ agreed: false, reason: 3 });
    expect(checkPartnerOrder(cdrOfPartnerOrder(order, ctx), TOU, 11_500)).toMatchObject({ agreed: false, reason: 3 });
    expect(checkPartnerOrder(cdrOfPartnerOrder(order, ctx), TOU, 10_010)).toMatchObject({ agreed: true });
  });
  it('refuses an order with a bad time or amount, naming the field', () => {
    expect(() => cdrOfPartnerOrder({ ...order, StartTime: '2026-13-01 00:00:00' }, ctx)).toThrow(/StartTime/);
    expect(() => cdrOfPartnerOrder({ ...order, TotalMoney: 'ten' as unknown as number }, ctx)).toThrow(/TotalMoney/);
    expect(parseTcecDateTime('2026-02-30 10:00:00')).toBeUndefined();
  });
});

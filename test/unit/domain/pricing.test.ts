import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  price,
  TARIFF_TIERS,
  versionAt,
  type CdrLine,
  type EnergyReading,
  type PricedPeriod,
  type PricingResult,
  type PricingSession,
  type TariffTier,
  type TariffVersion,
} from '../../../src/domain/pricing/index.js';
import { minutesOf, shanghaiMidnight, shanghaiMinuteOfDay } from '../../../src/shared/shanghai-time.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** A local Shanghai time "2026-03-10T16:30" (seconds allowed) as an instant. */
const sh = (local: string): Date => new Date(`${local}+08:00`);
const utc = (iso: string): Date => new Date(iso);
const period = (startsAt: string, energy: string, service: string, tier: TariffTier | null): PricedPeriod => ({
  startsAt,
  energyPrice: new Decimal(energy),
  serviceFee: new Decimal(service),
  tier,
});

/** A time-of-use day with a midday (solar) valley. */
const TOU: readonly PricedPeriod[] = [
  period('00:00', '0.2000', '0.3000', 'deep-valley'),
  period('06:00', '0.6000', '0.6000', 'flat'),
  period('11:00', '0.3500', '0.5000', 'valley'),
  period('17:00', '1.0500', '0.8000', 'peak'),
  period('22:00', '0.6000', '0.6000', 'flat'),
];

const version = (over: Partial<TariffVersion> = {}): TariffVersion => ({
  tariffId: 'T1',
  version: 1,
  validFrom: utc('2020-01-01T00:00:00Z'),
  validTo: null,
  periods: TOU,
  idleFee: null,
  sessionFee: null,
  ...over,
});

const session = (startedAt: Date, stoppedAt: Date, meterStartWh: number, meterStopWh: number, chargingEndedAt: Date | null = null): PricingSession => ({
  startedAt,
  stoppedAt,
  meterStartWh,
  meterStopWh,
  chargingEndedAt,
});

const reading = (at: Date, wh: number): EnergyReading => ({ at, wh });

/** An amount as a string with 2 decimals, loudly wrong if it was not rounded to the fen. */
const fen = (d: Decimal): string => (d.decimalPlaces() > 2 ? `unrounded ${d.toString()}` : d.toFixed(2));

/** A line as exact strings, for readable expectations. */
const show = (l: CdrLine) => ({
  kind: l.kind,
  from: l.startsAt.toISOString(),
  to: l.endsAt.toISOString(),
  wh: l.wh,
  minutes: l.minutes,
  tier: l.tier,
  version: l.tariffVersion,
  unit: `${l.energyPrice.toFixed(4)}+${l.serviceFee.toFixed(4)}`,
  energy: fen(l.energyAmount),
  service: fen(l.serviceAmount),
  fee: fen(l.feeAmount),
  amount: fen(l.amount),
  splitBy: l.splitBy,
});

const totals = (r: PricingResult) => ({
  energyWh: r.totals.energyWh,
  energy: fen(r.totals.energyAmount),
  service: fen(r.totals.serviceAmount),
  idle: fen(r.totals.idleAmount),
  sessionFee: fen(r.totals.sessionFeeAmount),
  total: fen(r.totals.total),
});

const priced = (r: PricingResult) => {
  expect(r.status).toBe('priced');
  return r.lines.map(show);
};

describe('price: energy lines', () => {
  it('16:30–17:30 across the 17:00 valley → peak boundary: Wh interpolated between the readings around 17:00, half-up', () => {
    // 17:00 lies halfway between 16:45 (106 000) and 17:15 (121 001): 113 500.5 → 113 501 Wh.
    const r = price(
      [version()],
      session(sh('2026-03-10T16:30'), sh('2026-03-10T17:30'), 100_000, 130_000),
      [reading(sh('2026-03-10T17:15'), 121_001), reading(sh('2026-03-10T16:45'), 106_000)],
    );
    expect(priced(r)).toEqual([
      // 13.501 kWh × 0.35 = 4.72535 → 4.73; × 0.50 = 6.7505 → 6.75
      { kind: 'energy', from: '2026-03-10T08:30:00.000Z', to: '2026-03-10T09:00:00.000Z', wh: 13_501, minutes: 0, tier: 'valley', version: 1, unit: '0.3500+0.5000', energy: '4.73', service: '6.75', fee: '0.00', amount: '11.48', splitBy: 'meter' },
      // 16.499 kWh × 1.05 = 17.32395 → 17.32; × 0.80 = 13.1992 → 13.20
      { kind: 'energy', from: '2026-03-10T09:00:00.000Z', to: '2026-03-10T09:30:00.000Z', wh: 16_499, minutes: 0, tier: 'peak', version: 1, unit: '1.0500+0.8000', energy: '17.32', service: '13.20', fee: '0.00', amount: '30.52', splitBy: 'meter' },
    ]);
    expect(totals(r)).toEqual({ energyWh: 30_000, energy: '22.05', service: '19.95', idle: '0.00', sessionFee: '0.00', total: '42.00' });
  });

  it('across local midnight, without readings: split by time, with large absolute meter values', () => {
    // 23:30–00:30, 10 001 Wh: at midnight 5 000.5 → 5 001 Wh; the day's last flat period, then deep valley.
    const r = price([version()], session(sh('2026-03-10T23:30'), sh('2026-03-11T00:30'), 987_654_321, 987_664_322), []);
    expect(priced(r)).toEqual([
      { kind: 'energy', from: '2026-03-10T15:30:00.000Z', to: '2026-03-10T16:00:00.000Z', wh: 5_001, minutes: 0, tier: 'flat', version: 1, unit: '0.6000+0.6000', energy: '3.00', service: '3.00', fee: '0.00', amount: '6.00', splitBy: 'time' },
      { kind: 'energy', from: '2026-03-10T16:00:00.000Z', to: '2026-03-10T16:30:00.000Z', wh: 5_000, minutes: 0, tier: 'deep-valley', version: 1, unit: '0.2000+0.3000', energy: '1.00', service: '1.50', fee: '0.00', amount: '2.50', splitBy: 'time' },
    ]);
    expect(totals(r)).toEqual({ energyWh: 10_001, energy: '4.00', service: '4.50', idle: '0.00', sessionFee: '0.00', total: '8.50' });
  });

  it('across a tariff-version change at 12:00: each side priced by its version (and the session fee by the version at the start)', () => {
    const change = sh('2026-03-20T12:00');
    const v1 = version({ validTo: change });
    const v2 = version({ version: 2, validFrom: change, periods: [period('00:00', '0.5000', '0.7000', 'flat')], sessionFee: new Decimal('2.00') });
    // 12:00 is 30 of the 40 minutes from 11:30 (50 000) to the 12:10 reading (57 000): 55 250 Wh.
    const r = price([v2, v1], session(sh('2026-03-20T11:30'), sh('2026-03-20T12:30'), 50_000, 59_000), [reading(sh('2026-03-20T12:10'), 57_000)]);
    expect(priced(r)).toEqual([
      // 5.25 kWh × 0.35 = 1.8375 → 1.84; × 0.50 = 2.625 → 2.63 (half-up, not half-even)
      { kind: 'energy', from: '2026-03-20T03:30:00.000Z', to: '2026-03-20T04:00:00.000Z', wh: 5_250, minutes: 0, tier: 'valley', version: 1, unit: '0.3500+0.5000', energy: '1.84', service: '2.63', fee: '0.00', amount: '4.47', splitBy: 'meter' },
      // 3.75 kWh × 0.50 = 1.875 → 1.88; × 0.70 = 2.625 → 2.63
      { kind: 'energy', from: '2026-03-20T04:00:00.000Z', to: '2026-03-20T04:30:00.000Z', wh: 3_750, minutes: 0, tier: 'flat', version: 2, unit: '0.5000+0.7000', energy: '1.88', service: '2.63', fee: '0.00', amount: '4.51', splitBy: 'meter' },
    ]);
    expect(totals(r)).toEqual({ energyWh: 9_000, energy: '3.72', service: '5.26', idle: '0.00', sessionFee: '0.00', total: '8.98' });
  });

  it('splits by time when the only readings lie outside the session or exactly at its ends', () => {
    // 16:00–22:30 = 60 + 300 + 30 min, 39 001 Wh: E(17:00) = 6 000.15 → 6 000, E(22:00) = 36 000.92 → 36 001.
    const start = sh('2026-03-10T16:00');
    const stop = sh('2026-03-10T22:30');
    const r = price([version()], session(start, stop, 0, 39_001), [reading(start, 0), reading(stop, 39_001), reading(sh('2026-03-10T15:00'), 0), reading(sh('2026-03-10T23:00'), 50_000)]);
    expect(priced(r).map((l) => [l.tier, l.wh, l.energy, l.service, l.splitBy])).toEqual([
      ['valley', 6_000, '2.10', '3.00', 'time'],
      ['peak', 30_001, '31.50', '24.00', 'time'], // 30.001 × 1.05 = 31.50105; × 0.8 = 24.0008
      ['flat', 3_000, '1.80', '1.80', 'time'],
    ]);
    expect(totals(r)).toEqual({ energyWh: 39_001, energy: '35.40', service: '28.80', idle: '0.00', sessionFee: '0.00', total: '64.20' });
  });

  it('interpolates exactly where ms × Wh pass 2^53 (3 days, 129.6 MWh, a tie at 11:00 on day 3)', () => {
    // E(11:00) = 129 600 006 × 153 899 999 / 259 200 012 = 76 499 999.5 exactly → 76 500 000; floats give 76 499 999.
    const start = sh('2026-03-10T16:30:00.001');
    const stop = new Date(start.getTime() + 3 * DAY_MS + 12);
    const r = price([version()], session(start, stop, 0, 129_600_006), []);
    const upTo = sh('2026-03-12T11:00').getTime();
    expect(r.lines.filter((l) => l.endsAt.getTime() <= upTo).reduce((a, l) => a + l.wh, 0)).toBe(76_500_000);
    expect(r.lines).toHaveLength(16);
  });

  it('clamps readings into [meterStart, meterStop] and keeps the curve non-decreasing; a 0 Wh line is left out', () => {
    // 16:40 reads above the stop (→ 130 000), 16:50 below the start (→ running max 130 000): all energy before 17:00.
    const r = price(
      [version()],
      session(sh('2026-03-10T16:30'), sh('2026-03-10T17:30'), 100_000, 130_000),
      [reading(sh('2026-03-10T16:40'), 200_000), reading(sh('2026-03-10T16:50'), 90_000)],
    );
    expect(priced(r).map((l) => [l.tier, l.wh, l.splitBy])).toEqual([['valley', 30_000, 'meter']]);
    expect(r.totals.energyWh).toBe(30_000);
  });

  it('does not merge adjacent lines with the same prices (midnight between two flat days)', () => {
    const flat = version({ periods: [period('00:00', '1.0000', '0.5000', 'flat')] });
    const r = price([flat], session(sh('2026-03-10T23:00'), sh('2026-03-11T01:00'), 0, 2_000), []);
    expect(priced(r).map((l) => [l.from, l.wh])).toEqual([
      ['2026-03-10T15:00:00.000Z', 1_000],
      ['2026-03-10T16:00:00.000Z', 1_000],
    ]);
  });

  it('a stop before the start is a zero-length session at the start; a meter that ran backwards gives no energy', () => {
    const start = sh('2026-03-10T16:30');
    const r = price([version()], session(start, sh('2026-03-10T16:00'), 1_000, 2_000), [reading(sh('2026-03-10T16:15'), 1_500)]);
    expect(priced(r)).toEqual([
      { kind: 'energy', from: start.toISOString(), to: start.toISOString(), wh: 1_000, minutes: 0, tier: 'valley', version: 1, unit: '0.3500+0.5000', energy: '0.35', service: '0.50', fee: '0.00', amount: '0.85', splitBy: 'time' },
    ]);
    const back = price([version()], session(start, sh('2026-03-10T17:30'), 2_000, 1_000), []);
    expect(back.status).toBe('priced');
    expect(back.lines).toEqual([]);
    expect(totals(back)).toEqual({ energyWh: 0, energy: '0.00', service: '0.00', idle: '0.00', sessionFee: '0.00', total: '0.00' });
  });
});

describe('price: exact decimals', () => {
  it('0.10 + 0.20 is exactly 0.3, never 0.30000000000000004', () => {
    const v = version({ periods: [period('00:00', '0.1000', '0.0000', 'valley'), period('12:00', '0.2000', '0.0000', 'peak')] });
    const r = price([v], session(sh('2026-03-10T11:00'), sh('2026-03-10T13:00'), 0, 2_000), []);
    expect(r.lines.map((l) => l.energyAmount.toString())).toEqual(['0.1', '0.2']);
    expect(r.totals.energyAmount.toString()).toBe('0.3');
    expect(r.totals.total.equals(new Decimal('0.3'))).toBe(true);
  });

  it('rounds 0.005 half-up (where half-even or float would go down)', () => {
    const at = (energyPrice: string, wh: number) =>
      price([version({ periods: [period('00:00', energyPrice, '0.0000', null)] })], session(sh('2026-03-10T10:00'), sh('2026-03-10T10:30'), 0, wh), []).totals.energyAmount.toString();
    expect(at('1.0000', 5)).toBe('0.01'); // 0.005
    expect(at('1.0000', 2_675)).toBe('2.68'); // 2.675: (2.675).toFixed(2) is '2.67'
    expect(at('1.0050', 1_000)).toBe('1.01'); // 1.005: Math.round(1.005 * 100) / 100 is 1
    expect(at('1.0000', 4)).toBe('0'); // 0.004
  });
});

describe('price: fees', () => {
  it('idle fee: from charging end + grace, whole minutes, one line per local day, each day capped', () => {
    const v = version({ idleFee: { perMinute: new Decimal('0.3000'), graceMinutes: 15, dailyCap: new Decimal('20.00') } });
    const ended = sh('2026-03-10T23:00:20');
    // Idle from 23:15:20 to 01:10:30: 115 whole minutes; the 45 starting before midnight count on the 10th.
    const r = price([v], session(sh('2026-03-10T22:00'), sh('2026-03-11T01:10:30'), 0, 7_000, ended), [reading(ended, 7_000)]);
    expect(priced(r)).toEqual([
      { kind: 'energy', from: '2026-03-10T14:00:00.000Z', to: '2026-03-10T16:00:00.000Z', wh: 7_000, minutes: 0, tier: 'flat', version: 1, unit: '0.6000+0.6000', energy: '4.20', service: '4.20', fee: '0.00', amount: '8.40', splitBy: 'meter' },
      // 45 × 0.30 = 13.50
      { kind: 'idle', from: '2026-03-10T15:15:20.000Z', to: '2026-03-10T16:00:20.000Z', wh: 0, minutes: 45, tier: null, version: 1, unit: '0.3000+0.0000', energy: '0.00', service: '0.00', fee: '13.50', amount: '13.50', splitBy: null },
      // 70 × 0.30 = 21.00, capped at 20.00
      { kind: 'idle', from: '2026-03-10T16:00:20.000Z', to: '2026-03-10T17:10:20.000Z', wh: 0, minutes: 70, tier: null, version: 1, unit: '0.3000+0.0000', energy: '0.00', service: '0.00', fee: '20.00', amount: '20.00', splitBy: null },
    ]);
    expect(totals(r)).toEqual({ energyWh: 7_000, energy: '4.20', service: '4.20', idle: '33.50', sessionFee: '0.00', total: '41.90' });
  });

  it('no idle fee within the grace period, for less than a whole minute, or without an end of charging', () => {
    const v = version({ idleFee: { perMinute: new Decimal('1.0000'), graceMinutes: 10, dailyCap: null } });
    const idle = (stop: string, ended: Date | null) =>
      price([v], session(sh('2026-03-10T12:00'), sh(stop), 0, 1_000, ended), []).lines.filter((l) => l.kind === 'idle').map((l) => [l.minutes, fen(l.feeAmount)]);
    expect(idle('2026-03-10T13:10', sh('2026-03-10T13:00'))).toEqual([]);
    expect(idle('2026-03-10T13:10:59', sh('2026-03-10T13:00'))).toEqual([]);
    expect(idle('2026-03-10T13:11', sh('2026-03-10T13:00'))).toEqual([[1, '1.00']]);
    expect(idle('2026-03-10T13:11', null)).toEqual([]);
    // Charging "ended" before the start: idle counts from the start.
    expect(idle('2026-03-10T12:15', sh('2026-03-10T11:00'))).toEqual([[5, '5.00']]);
  });

  it('session fee: one line at the start, rounded half-up; none for a fee of 0', () => {
    const start = sh('2026-03-10T10:00');
    const r = price([version({ sessionFee: new Decimal('1.005') })], session(start, sh('2026-03-10T10:30'), 0, 1_000), []);
    expect(priced(r).slice(-1)).toEqual([
      { kind: 'session', from: start.toISOString(), to: start.toISOString(), wh: 0, minutes: 0, tier: null, version: 1, unit: '1.0050+0.0000', energy: '0.00', service: '0.00', fee: '1.01', amount: '1.01', splitBy: null },
    ]);
    expect(totals(r)).toEqual({ energyWh: 1_000, energy: '0.60', service: '0.60', idle: '0.00', sessionFee: '1.01', total: '2.21' });
    const none = price([version({ sessionFee: new Decimal(0) })], session(start, sh('2026-03-10T10:30'), 0, 1_000), []);
    expect(none.lines.map((l) => l.kind)).toEqual(['energy']);
  });
});

describe('price: unpriced', () => {
  const v1 = version({ validTo: utc('2026-03-01T00:00:00Z') });
  const v2 = version({ version: 2, validFrom: utc('2026-03-02T00:00:00Z') });
  const unpriced = (versions: TariffVersion[], from: string, to: string) => {
    const r = price(versions, session(utc(from), utc(to), 10_000, 15_000), [reading(utc(from), 10_000)]);
    expect(r.status).toBe('unpriced');
    expect(r.lines).toEqual([]);
    expect(totals(r)).toEqual({ energyWh: 5_000, energy: '0.00', service: '0.00', idle: '0.00', sessionFee: '0.00', total: '0.00' });
    return r.status === 'unpriced' ? r.reason : '';
  };

  it('names the part of the session no version covers, never pricing it as 0', () => {
    expect(unpriced([v1, v2], '2026-02-28T23:00:00Z', '2026-03-01T01:00:00Z')).toBe('no tariff version valid from 2026-03-01T00:00:00.000Z to 2026-03-01T01:00:00.000Z');
    expect(unpriced([v2, v1], '2026-02-28T23:00:00Z', '2026-03-03T01:00:00Z')).toBe('no tariff version valid from 2026-03-01T00:00:00.000Z to 2026-03-02T00:00:00.000Z');
    expect(unpriced([v2], '2026-03-01T20:00:00Z', '2026-03-02T01:00:00Z')).toBe('no tariff version valid from 2026-03-01T20:00:00.000Z to 2026-03-02T00:00:00.000Z');
    expect(unpriced([], '2026-03-01T20:00:00Z', '2026-03-02T01:00:00Z')).toMatch(/^no tariff version valid from 2026-03-01T20:00:00.000Z to 2026-03-02T01:00:00.000Z/);
    // The stop itself must be covered too ([startedAt, stoppedAt] is closed).
    expect(unpriced([v1], '2026-02-28T23:00:00Z', '2026-03-01T00:00:00Z')).toBe('no tariff version valid at 2026-03-01T00:00:00.000Z');
  });

  it('a meter that ran backwards is unpriced with 0 Wh, not negative', () => {
    const r = price([v2], session(utc('2026-03-01T20:00:00Z'), utc('2026-03-02T01:00:00Z'), 15_000, 10_000), []);
    expect(r.status).toBe('unpriced');
    expect(r.totals.energyWh).toBe(0);
  });

  it('versions that meet exactly leave no gap', () => {
    const a = version({ validTo: utc('2026-03-01T00:00:00Z') });
    const b = version({ version: 2, validFrom: utc('2026-03-01T00:00:00Z') });
    expect(price([a, b], session(utc('2026-02-28T23:00:00Z'), utc('2026-03-01T01:00:00Z'), 0, 1_000), []).status).toBe('priced');
    expect(versionAt([a, b], utc('2026-03-01T00:00:00Z'))?.version).toBe(2);
    expect(versionAt([a, b], utc('2026-02-28T23:59:59.999Z'))?.version).toBe(1);
    expect(versionAt([a], utc('2026-03-01T00:00:00Z'))).toBeUndefined();
    expect(versionAt([b], utc('2019-01-01T00:00:00Z'))).toBeUndefined();
  });
});

// ───────────────────────────── properties ─────────────────────────────

const BASE_FROM = Date.UTC(2025, 0, 1);
const BASE_TO = Date.UTC(2027, 0, 1);
const round2 = (d: Decimal) => d.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const priceArb = fc.integer({ min: 0, max: 50_000 }).map((n) => new Decimal(n).dividedBy(10_000));
const periodsArb = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 1_439 }), { maxLength: 5 }),
    fc.array(fc.tuple(priceArb, priceArb, fc.constantFrom<TariffTier | null>(...TARIFF_TIERS, null)), { minLength: 6, maxLength: 6 }),
  )
  .map(([starts, prices]) =>
    [0, ...starts.sort((a, b) => a - b)].map((m, i) => {
      const [energyPrice, serviceFee, tier] = prices[i] as [Decimal, Decimal, TariffTier | null];
      return { startsAt: hhmm(m), energyPrice, serviceFee, tier };
    }),
  );
const idleArb = fc.option(
  fc.record({
    perMinute: priceArb,
    graceMinutes: fc.integer({ min: 0, max: 120 }),
    dailyCap: fc.option(fc.integer({ min: 0, max: 100_000 }).map((n) => new Decimal(n).dividedBy(10_000)), { nil: null }),
  }),
  { nil: null },
);
const feeArb = fc.option(priceArb, { nil: null });

interface Case {
  versions: TariffVersion[];
  session: PricingSession;
  readings: EnergyReading[];
}

/** A session of up to 3 days (now and then stopped "before" it started), readings in and around it, 1–4 versions covering it. */
const caseArb: fc.Arbitrary<Case> = fc
  .record({
    start: fc.integer({ min: BASE_FROM, max: BASE_TO }),
    duration: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: -3_600_000, max: 0 }) }, { weight: 9, arbitrary: fc.integer({ min: 0, max: 3 * DAY_MS }) }),
    meterStart: fc.integer({ min: 0, max: 1_000_000_000 }),
    energy: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: -1_000, max: 0 }) }, { weight: 9, arbitrary: fc.integer({ min: 0, max: 300_000 }) }),
    readings: fc.array(fc.tuple(fc.integer({ min: -200, max: 1_200 }), fc.integer({ min: -5_000, max: 305_000 })), { maxLength: 8 }),
    ended: fc.option(fc.integer({ min: -100, max: 1_100 }), { nil: null }),
    cuts: fc.uniqueArray(fc.integer({ min: 1, max: 999 }), { maxLength: 3 }),
    tariffs: fc.array(fc.tuple(periodsArb, idleArb, feeArb), { minLength: 4, maxLength: 4 }),
  })
  .map((g) => {
    const s = g.start;
    const e = s + g.duration;
    const span = Math.max(0, g.duration);
    const at = (perMille: number) => Math.round(s + (span * perMille) / 1_000);
    const cuts = [...new Set(g.cuts.map(at))].filter((c) => c > s && c < e).sort((a, b) => a - b);
    const bounds = [s - DAY_MS, ...cuts, null];
    const versions: TariffVersion[] = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [periods, idleFee, sessionFee] = g.tariffs[i] as [PricedPeriod[], TariffVersion['idleFee'], Decimal | null];
      const to = bounds[i + 1];
      versions.push({ tariffId: 'T', version: i + 1, validFrom: new Date(bounds[i] as number), validTo: to === null || to === undefined ? null : new Date(to), periods, idleFee, sessionFee });
    }
    return {
      versions,
      session: session(new Date(s), new Date(e), g.meterStart, g.meterStart + g.energy, g.ended === null ? null : new Date(at(g.ended))),
      readings: g.readings.map(([p, wh]) => reading(new Date(at(p)), g.meterStart + wh)),
    };
  });

const energyOf = (c: Case) => Math.max(0, c.session.meterStopWh - c.session.meterStartWh);
const sum = (xs: readonly Decimal[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0));
const run = (c: Case) => price(c.versions, c.session, c.readings);
const RUNS = { numRuns: 150 };
/** A plain check (cheaper than expect() in a property's loops; fast-check reports the counterexample). */
const ok = (cond: boolean, what: string): void => {
  if (!cond) throw new Error(`property broken: ${what}`);
};

describe('price: properties', () => {
  it("lines' Wh sum to the session's energy, and are never negative", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = run(c);
        ok(r.status === 'priced', 'priced');
        ok(r.lines.reduce((a, l) => a + l.wh, 0) === energyOf(c), 'lines sum to the energy');
        ok(r.totals.energyWh === energyOf(c), 'energyWh');
        for (const l of r.lines) ok(Number.isInteger(l.wh) && l.wh >= (l.kind === 'energy' ? 1 : 0), `line Wh ${l.wh}`);
      }),
      RUNS,
    );
  });

  it('totals equal the sums of the lines, field by field; every amount is a whole fen', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const r = run(c);
        const of = (kind: CdrLine['kind']) => r.lines.filter((l) => l.kind === kind);
        ok(r.totals.energyAmount.equals(sum(of('energy').map((l) => l.energyAmount))), 'total');
        ok(r.totals.serviceAmount.equals(sum(of('energy').map((l) => l.serviceAmount))), 'total');
        ok(r.totals.idleAmount.equals(sum(of('idle').map((l) => l.feeAmount))), 'total');
        ok(r.totals.sessionFeeAmount.equals(sum(of('session').map((l) => l.feeAmount))), 'total');
        ok(r.totals.total.equals(sum(r.lines.map((l) => l.amount))), 'total');
        for (const l of r.lines) {
          ok(l.amount.equals(l.energyAmount.plus(l.serviceAmount).plus(l.feeAmount)), 'line amount');
          for (const a of [l.energyAmount, l.serviceAmount, l.feeAmount]) ok(a.decimalPlaces() <= 2, `whole fen: ${a.toString()}`);
        }
        ok(of('session').length <= 1, 'one session line');
        // Ordered by kind, then by time.
        const rank = { energy: 0, idle: 1, session: 2 };
        for (let i = 1; i < r.lines.length; i++) {
          const [a, b] = [r.lines[i - 1] as CdrLine, r.lines[i] as CdrLine];
          ok(rank[a.kind] < rank[b.kind] || (a.kind === b.kind && a.startsAt.getTime() <= b.startsAt.getTime()), 'line order');
        }
      }),
      RUNS,
    );
  });

  it('a version change with identical prices at any instant moves the energy and service totals by at most 0.01 each', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 1, max: 999_999 }), (c, perMillion) => {
        const s = c.session.startedAt.getTime();
        const e = c.session.stoppedAt.getTime();
        fc.pre(e - s >= 2);
        const cut = s + 1 + Math.floor(((e - s - 1) * perMillion) / 1_000_000);
        const v = versionAt(c.versions, new Date(cut)) as TariffVersion;
        const split = c.versions.flatMap((w) =>
          w === v ? [{ ...w, validTo: new Date(cut) }, { ...w, version: w.version + 100, validFrom: new Date(cut) }] : [w],
        );
        const a = run(c);
        const b = price(split, c.session, c.readings);
        ok(b.status === 'priced', 'split priced');
        ok(a.totals.energyAmount.minus(b.totals.energyAmount).abs().lessThanOrEqualTo('0.01'), 'energy within 0.01');
        ok(a.totals.serviceAmount.minus(b.totals.serviceAmount).abs().lessThanOrEqualTo('0.01'), 'service within 0.01');
        ok(b.totals.energyWh === a.totals.energyWh, 'same energy');
      }),
      RUNS,
    );
  });

  it('the same input gives the same output (and the order of the readings does not matter)', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const a = run(c);
        expect(run(c)).toEqual(a);
        expect(price(c.versions, c.session, [...c.readings].reverse())).toEqual(a);
      }),
      RUNS,
    );
  });

  it('one flat period and no fees: total is the per-line rounded amounts; within one local day one line of round(kWh × price)', () => {
    fc.assert(
      fc.property(caseArb, priceArb, priceArb, (c, energyPrice, serviceFee) => {
        const flat = c.versions.map((v) => ({ ...v, periods: [{ startsAt: '00:00', energyPrice, serviceFee, tier: 'flat' as const }], idleFee: null, sessionFee: null }));
        const r = price(flat, c.session, c.readings);
        const perLine = sum(r.lines.map((l) => round2(energyPrice.times(l.wh).dividedBy(1_000)).plus(round2(serviceFee.times(l.wh).dividedBy(1_000)))));
        ok(r.totals.total.equals(perLine), 'total');
        const s = c.session.startedAt.getTime();
        const e = Math.max(s, c.session.stoppedAt.getTime());
        if (c.versions.length === 1 && e <= shanghaiMidnight(new Date(s)).getTime() + DAY_MS) {
          const kwh = new Decimal(energyOf(c)).dividedBy(1_000);
          ok(r.lines.length === (energyOf(c) > 0 ? 1 : 0), 'one line');
          ok(r.totals.energyAmount.equals(round2(kwh.times(energyPrice))), 'total');
          ok(r.totals.serviceAmount.equals(round2(kwh.times(serviceFee))), 'total');
        }
      }),
      RUNS,
    );
  });

  it('an energy line never crosses local midnight, a period start or a version change, and carries that period', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        for (const l of run(c).lines) {
          if (l.kind !== 'energy') continue;
          const a = l.startsAt.getTime();
          const b = l.endsAt.getTime();
          ok(b >= a, 'ends after it starts');
          const midnight = shanghaiMidnight(l.startsAt).getTime();
          ok(b <= midnight + DAY_MS, 'within one local day');
          const v = versionAt(c.versions, l.startsAt) as TariffVersion;
          ok(l.tariffVersion === v.version, 'version valid at the start');
          for (const w of c.versions) for (const t of [w.validFrom, w.validTo]) if (t !== null) ok(!(t.getTime() > a && t.getTime() < b), 'crosses a version change');
          for (const p of v.periods) {
            const t = midnight + minutesOf(p.startsAt) * MINUTE_MS;
            ok(!(t > a && t < b), `crosses ${p.startsAt}`);
          }
          const m = shanghaiMinuteOfDay(l.startsAt);
          const p = [...v.periods].reverse().find((q) => minutesOf(q.startsAt) <= m) as PricedPeriod;
          ok(l.tier === p.tier && l.energyPrice === p.energyPrice && l.serviceFee === p.serviceFee, 'the period at its start');
        }
      }),
      RUNS,
    );
  });
});

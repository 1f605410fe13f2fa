import { describe, expect, it } from 'vitest';
import {
  appendVersion,
  summarizeTariff,
  tariffFor,
  tariffPeriods,
  tariffVersion,
  versionFor,
  withdrawVersion,
  type PowerType,
  type Tariff,
  type TariffVersion,
} from '../../../src/domain/tariffs/index.js';

const period = (startsAt: string, energyPricePerKwh: string, serviceFeePerKwh: string) => ({ startsAt, energyPricePerKwh, serviceFeePerKwh });
const since = new Date('2026-01-01T00:00:00Z');
const now = new Date('2026-06-01T00:00:00Z');
const version = (n: number, from: Date, to: Date | null = null): TariffVersion => ({ ...tariffVersion('T', n, { validFrom: from, validTo: to, periods: [period('00:00', String(n), '0')] }, now) });
const tariff = (id: string, operatorId: string, locationId: string | null, powerType: PowerType | null = null): Tariff => ({
  id,
  operatorId,
  locationId,
  powerType,
  name: id,
  currency: 'CNY',
  versions: [tariffVersion(id, 1, { validFrom: since, periods: [period('00:00', '0.1', '0.2')] }, now)],
});

describe('tariffs', () => {
  it('periods are summed exactly (no float: 0.1 + 0.2 is 0.3000), summarized in the version valid then', () => {
    const periods = [period('00:00', '0.1', '0.2'), period('08:00', '0.6789', '0.8000'), period('18:00', '1.0250', '0.8')];
    const t: Tariff = { ...tariff('T1', 'OP', null), versions: [tariffVersion('T1', 1, { validFrom: since, periods }, now), tariffVersion('T1', 2, { validFrom: now, periods: [period('00:00', '9', '9')] }, now)] };
    expect(summarizeTariff(t, new Date('2026-05-31T23:59:59Z'))).toEqual({
      tariffId: 'T1',
      currency: 'CNY',
      minPricePerKwh: '0.3000',
      maxPricePerKwh: '1.8250',
      periods: [
        { startsAt: '00:00', endsAt: '08:00', energyPricePerKwh: '0.1000', serviceFeePerKwh: '0.2000', pricePerKwh: '0.3000' },
        { startsAt: '08:00', endsAt: '18:00', energyPricePerKwh: '0.6789', serviceFeePerKwh: '0.8000', pricePerKwh: '1.4789' },
        { startsAt: '18:00', endsAt: '24:00', energyPricePerKwh: '1.0250', serviceFeePerKwh: '0.8000', pricePerKwh: '1.8250' },
      ],
    });
    expect(summarizeTariff(t, now).minPricePerKwh).toBe('18.0000');
    // Before the first version: the first; after the last started: the last.
    expect(versionFor(t, new Date('2020-01-01T00:00:00Z')).version).toBe(1);
  });

  it('refuses a day with a gap at midnight, unordered or repeated starts, bad times, prices and tiers, naming the field', () => {
    const bad = (periods: Parameters<typeof tariffPeriods>[0], field: string, message: RegExp) =>
      expect(() => tariffPeriods(periods)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field }, message: expect.stringMatching(message) }));
    bad([period('06:00', '1', '1')], 'periods.0.startsAt', /00:00/);
    bad([period('00:00', '1', '1'), period('00:00', '2', '2')], 'periods.1.startsAt', /two periods/);
    bad([period('00:00', '1', '1'), period('12:00', '2', '2'), period('08:00', '2', '2')], 'periods.2.startsAt', /order/);
    bad([period('00:00', '1', '1'), period('24:00', '1', '1')], 'periods.1.startsAt', /HH:MM/);
    bad([period('00:00', '-1', '1')], 'periods.0.energyPricePerKwh', /decimal/);
    bad([period('00:00', '1', '0.12345')], 'periods.0.serviceFeePerKwh', /decimal/);
    bad([period('00:00', '1e3', '1')], 'periods.0.energyPricePerKwh', /decimal/);
    bad([{ ...period('00:00', '1', '1'), tier: 'super' as never }], 'periods.0.tier', /tier/);
    bad([], 'periods', /1–48/);
  });

  it('a new version must start after the latest one and not in the past; the latest then ends there', () => {
    const v1 = version(1, since);
    expect(() => appendVersion([v1], version(2, since), now)).toThrow(expect.objectContaining({ details: { field: 'validFrom' } }));
    expect(() => appendVersion([v1], version(2, new Date('2026-03-01T00:00:00Z')), now)).toThrow(/past/);
    const { ended } = appendVersion([v1], version(2, new Date('2026-07-01T00:00:00Z')), now);
    expect(ended?.validTo).toEqual(new Date('2026-07-01T00:00:00Z'));
    // A latest version that already ended before keeps its end (a gap, priced as nothing).
    expect(appendVersion([version(1, since, new Date('2026-02-01T00:00:00Z'))], version(2, new Date('2026-07-01T00:00:00Z')), now).ended).toBeUndefined();
    expect(() => tariffVersion('T', 1, { validFrom: now, validTo: now, periods: [period('00:00', '1', '1')] }, now)).toThrow(expect.objectContaining({ details: { field: 'validTo' } }));
  });

  it('only the latest version may be withdrawn, before it starts; the one before is open-ended again', () => {
    const v2from = new Date('2026-07-01T00:00:00Z');
    const versions = [version(1, since, v2from), version(2, v2from)];
    expect(withdrawVersion(versions, 2, now).reopened).toMatchObject({ version: 1, validTo: null });
    expect(() => withdrawVersion(versions, 1, now)).toThrow(/latest/);
    expect(() => withdrawVersion(versions, 2, new Date('2026-07-02T00:00:00Z'))).toThrow(/taken effect/);
    expect(() => withdrawVersion([version(1, v2from)], 1, now)).toThrow(/only version/);
  });

  it('the most specific tariff wins (location + power type, location, operator + power type, operator); among equals the smallest id', () => {
    const tariffs = [
      tariff('T-DEF-B', 'OP', null),
      tariff('T-DEF-A', 'OP', null),
      tariff('T-DEF-DC', 'OP', null, 'DC'),
      tariff('T-OWN', 'OP', 'L1'),
      tariff('T-OWN-AC', 'OP', 'L1', 'AC'),
      tariff('T-OTHER', 'OP2', null),
    ];
    expect(tariffFor({ id: 'L1', operatorId: 'OP' }, tariffs, 'AC')?.id).toBe('T-OWN-AC');
    expect(tariffFor({ id: 'L1', operatorId: 'OP' }, tariffs, 'DC')?.id).toBe('T-OWN');
    expect(tariffFor({ id: 'L1', operatorId: 'OP' }, tariffs)?.id).toBe('T-OWN');
    expect(tariffFor({ id: 'L2', operatorId: 'OP' }, tariffs, 'DC')?.id).toBe('T-DEF-DC');
    expect(tariffFor({ id: 'L2', operatorId: 'OP' }, tariffs, 'AC')?.id).toBe('T-DEF-A');
    expect(tariffFor({ id: 'L2', operatorId: 'OP' }, [...tariffs].reverse(), null)?.id).toBe('T-DEF-A');
    expect(tariffFor({ id: 'L3', operatorId: 'OP3' }, tariffs)).toBeUndefined();
  });
});

describe('demo tariffs', () => {
  it('every charge point operator of the demo publishes a valid day of prices, and a dearer one for DC', async () => {
    const { demoData } = await import('../../../src/seed/demo-data.js');
    const data = demoData();
    const cpos = data.operators.filter((o) => o.roles.includes('CPO')).map((o) => o.id);
    expect([...new Set(data.tariffs.map((t) => t.operatorId))].sort()).toEqual([...cpos].sort());
    for (const t of data.tariffs) {
      const v = tariffVersion(t.id, 1, { validFrom: t.validFrom, periods: t.periods, idleFee: t.idleFee }, now);
      const s = summarizeTariff({ id: t.id, operatorId: t.operatorId, locationId: null, powerType: t.powerType ?? null, name: t.name, currency: 'CNY', versions: [v] }, now);
      expect(Number(s.maxPricePerKwh)).toBeGreaterThan(Number(s.minPricePerKwh));
    }
  });
});

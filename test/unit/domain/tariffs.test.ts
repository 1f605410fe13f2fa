import { describe, expect, it } from 'vitest';
import { summarizeTariff, tariffFor, tariffPeriods, type Tariff } from '../../../src/domain/tariffs/index.js';

const period = (startsAt: string, energyPricePerKwh: string, serviceFeePerKwh: string) => ({ startsAt, energyPricePerKwh, serviceFeePerKwh });
const tariff = (id: string, operatorId: string, locationId: string | null): Tariff => ({ id, operatorId, locationId, name: id, currency: 'CNY', periods: tariffPeriods([period('00:00', '0.1', '0.2')]) });

describe('tariffs', () => {
  it('periods are put in order and summed exactly (no float: 0.1 + 0.2 is 0.3000)', () => {
    const periods = tariffPeriods([period('18:00', '1.0250', '0.8'), period('00:00', '0.1', '0.2'), period('08:00', '0.6789', '0.8000')]);
    expect(periods.map((p) => p.startsAt)).toEqual(['00:00', '08:00', '18:00']);
    const s = summarizeTariff({ id: 'T1', operatorId: 'OP', locationId: null, name: 'TOU', currency: 'CNY', periods });
    expect(s).toEqual({
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
  });

  it('refuses a day with a gap at midnight, twice the same start, bad times and bad prices', () => {
    const bad = (periods: ReturnType<typeof period>[], message: RegExp) =>
      expect(() => tariffPeriods(periods)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: expect.stringMatching(message) }));
    bad([period('06:00', '1', '1')], /00:00/);
    bad([period('00:00', '1', '1'), period('00:00', '2', '2')], /two periods/);
    bad([period('00:00', '1', '1'), period('24:00', '1', '1')], /HH:MM/);
    bad([period('00:00', '-1', '1')], /decimal/);
    bad([period('00:00', '0.12345', '1')], /decimal/);
    bad([period('00:00', '1e3', '1')], /decimal/);
    bad([], /1–48/);
  });

  it("a location's own tariff wins over its operator's default; among several, the smallest id", () => {
    const tariffs = [tariff('T-DEF-B', 'OP', null), tariff('T-DEF-A', 'OP', null), tariff('T-OWN', 'OP', 'L1'), tariff('T-OTHER', 'OP2', null)];
    expect(tariffFor({ id: 'L1', operatorId: 'OP' }, tariffs)?.id).toBe('T-OWN');
    expect(tariffFor({ id: 'L2', operatorId: 'OP' }, tariffs)?.id).toBe('T-DEF-A');
    expect(tariffFor({ id: 'L3', operatorId: 'OP3' }, tariffs)).toBeUndefined();
  });
});

describe('demo tariffs', () => {
  it('every charge point operator of the demo publishes a valid day of prices', async () => {
    const { demoData } = await import('../../../src/seed/demo-data.js');
    const data = demoData();
    const cpos = data.operators.filter((o) => o.roles.includes('CPO')).map((o) => o.id);
    expect(data.tariffs.map((t) => t.operatorId).sort()).toEqual([...cpos].sort());
    for (const t of data.tariffs) {
      const s = summarizeTariff({ id: t.id, operatorId: t.operatorId, locationId: null, name: t.name, currency: 'CNY', periods: tariffPeriods(t.periods) });
      expect(Number(s.maxPricePerKwh)).toBeGreaterThan(Number(s.minPricePerKwh));
    }
  });
});

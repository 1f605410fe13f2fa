import { describe, expect, it } from 'vitest';
import { energyWithin, type MeteredSession } from '../../../src/domain/sessions/index.js';

const t = (s: string) => new Date(s);
const session = (over: Partial<MeteredSession> = {}): MeteredSession => ({
  startedAt: t('2026-12-10T15:00:00Z'),
  stoppedAt: t('2026-12-10T17:00:00Z'),
  meterStartWh: 100_000,
  meterStopWh: 120_000,
  energyWh: 20_000,
  readings: [],
  ...over,
});
// Shanghai midnight between 2026-12-10 and 2026-12-11.
const MIDNIGHT = t('2026-12-10T16:00:00Z');
const before = (s: MeteredSession) => energyWithin(s, t('2026-12-09T16:00:00Z'), MIDNIGHT);
const after = (s: MeteredSession) => energyWithin(s, MIDNIGHT, t('2026-12-11T16:00:00Z'));

describe('energyWithin', () => {
  it('splits a session across midnight at the register read between the readings around it', () => {
    const s = session({ readings: [{ at: t('2026-12-10T16:30:00Z'), wh: 116_000 }, { at: t('2026-12-10T15:30:00Z'), wh: 102_000 }] });
    expect([before(s), after(s)]).toEqual([9_000, 11_000]);
  });

  it('with only start and stop values, linear between them; without any, by time', () => {
    expect([before(session()), after(session())]).toEqual([10_000, 10_000]);
    const unmetered = session({ meterStartWh: null, meterStopWh: null, energyWh: 9_000, stoppedAt: t('2026-12-10T18:00:00Z') });
    expect([before(unmetered), after(unmetered)]).toEqual([3_000, 6_000]);
  });

  it('a session wholly inside counts whole; one outside counts nothing; a running one up to its last reading', () => {
    expect(energyWithin(session(), t('2026-12-10T00:00:00Z'), t('2026-12-11T00:00:00Z'))).toBe(20_000);
    expect(energyWithin(session(), t('2026-12-11T00:00:00Z'), t('2026-12-12T00:00:00Z'))).toBe(0);
    const running = session({ stoppedAt: null, meterStopWh: null, energyWh: null, readings: [{ at: t('2026-12-10T16:30:00Z'), wh: 116_000 }] });
    expect([before(running), after(running)]).toEqual([10_667, 5_333]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkQuality, QUALITY_REASONS, type EnergyReading, type QualityReason } from '../../../src/domain/pricing/index.js';

const t = (iso: string): Date => new Date(iso);
const r = (iso: string, wh: number): EnergyReading => ({ at: t(iso), wh });

/** A clean 1 h session at up to 7 kW: 6 kWh, readings inside, authorized, priced an hour later. */
const clean = {
  startedAt: t('2026-03-10T08:00:00Z'),
  stoppedAt: t('2026-03-10T09:00:00Z'),
  meterStartWh: 100_000,
  meterStopWh: 106_000,
  readings: [r('2026-03-10T08:00:00Z', 100_000), r('2026-03-10T08:30:00Z', 103_000), r('2026-03-10T09:00:00Z', 106_000)],
  maxPowerW: 7_000,
  authStatus: 'Accepted',
  now: t('2026-03-10T10:00:00Z'),
};
type Input = Parameters<typeof checkQuality>[0];
const reasons = (over: Partial<Input>): QualityReason[] => checkQuality({ ...clean, ...over }).map((f) => f.reason);

describe('data quality', () => {
  it('a clean session has no findings, and nor has one with nothing known', () => {
    expect(checkQuality(clean)).toEqual([]);
    expect(checkQuality({ ...clean, meterStartWh: null, meterStopWh: null, readings: [], maxPowerW: null, authStatus: null })).toEqual([]);
  });

  it('STOP_BEFORE_START', () => {
    expect(reasons({ stoppedAt: t('2026-03-10T07:59:59Z'), readings: [], maxPowerW: null })).toEqual(['STOP_BEFORE_START']);
    expect(reasons({ stoppedAt: clean.startedAt, readings: [], meterStopWh: 100_000 })).toEqual([]);
  });

  it('METER_BACKWARDS: stop below start, a later reading below an earlier one, a reading inside beyond the meter values', () => {
    expect(reasons({ meterStopWh: 99_999, readings: [], maxPowerW: null })).toEqual(['METER_BACKWARDS']);
    // Out of order in the list, but in time order the meter went 103 000 → 102 000.
    expect(reasons({ readings: [r('2026-03-10T08:40:00Z', 102_000), r('2026-03-10T08:30:00Z', 103_000)] })).toEqual(['METER_BACKWARDS']);
    expect(reasons({ readings: [r('2026-03-10T08:30:00Z', 99_000)] })).toEqual(['METER_BACKWARDS']);
    expect(reasons({ readings: [r('2026-03-10T08:30:00Z', 106_001)] })).toEqual(['METER_BACKWARDS']);
    // Two readings at one instant, listed high first, are not "backwards".
    expect(reasons({ readings: [r('2026-03-10T08:30:00Z', 103_001), r('2026-03-10T08:30:00Z', 103_000)] })).toEqual([]);
    const [f] = checkQuality({ ...clean, meterStopWh: 99_999, readings: [], maxPowerW: null });
    expect(f?.detail).toMatch(/99999 Wh.*100000 Wh/);
  });

  it('SAMPLE_OUTSIDE_SESSION: more than 60 s before the start or after the stop', () => {
    expect(reasons({ readings: [r('2026-03-10T07:59:00Z', 100_000), r('2026-03-10T09:01:00Z', 106_000)] })).toEqual([]);
    expect(reasons({ readings: [r('2026-03-10T07:58:59Z', 100_000)] })).toEqual(['SAMPLE_OUTSIDE_SESSION']);
    expect(reasons({ readings: [r('2026-03-10T09:01:00.001Z', 106_000)] })).toEqual(['SAMPLE_OUTSIDE_SESSION']);
  });

  it('TIMESTAMP_IN_FUTURE: start, stop or a reading more than 5 min after now', () => {
    expect(reasons({ now: t('2026-03-10T08:55:00Z') })).toEqual([]); // the stop is exactly now + 5 min
    expect(reasons({ now: t('2026-03-10T08:54:59Z') })).toEqual(['TIMESTAMP_IN_FUTURE']); // the stop
    // The start alone (the stop, before it, is not).
    expect(reasons({ startedAt: t('2026-03-10T09:10:00Z'), now: t('2026-03-10T09:00:00Z'), readings: [], maxPowerW: null })).toEqual(['TIMESTAMP_IN_FUTURE', 'STOP_BEFORE_START']);
    // A reading 45 s after the stop (not outside the session) but 15 s past now + 5 min.
    expect(reasons({ now: t('2026-03-10T08:55:30Z'), readings: [r('2026-03-10T09:00:30Z', 106_000)] })).toEqual([]);
    expect(reasons({ now: t('2026-03-10T08:55:30Z'), readings: [r('2026-03-10T09:00:45Z', 106_000)] })).toEqual(['TIMESTAMP_IN_FUTURE']);
  });

  it('TIMESTAMP_TOO_OLD: a reading more than 24 h before the start, or a start before 2010 (an unset clock)', () => {
    expect(reasons({ readings: [r('2026-03-09T08:00:00Z', 100_000)] })).toEqual(['SAMPLE_OUTSIDE_SESSION']); // exactly 24 h
    expect(reasons({ readings: [r('2026-03-09T07:59:59Z', 100_000)] })).toEqual(['SAMPLE_OUTSIDE_SESSION', 'TIMESTAMP_TOO_OLD']);
    const unset = { startedAt: t('2000-01-01T00:00:00Z'), stoppedAt: t('2000-01-01T01:00:00Z'), readings: [] };
    expect(reasons(unset)).toEqual(['TIMESTAMP_TOO_OLD']);
    expect(reasons({ ...unset, startedAt: t('2010-01-01T00:00:00Z'), stoppedAt: t('2010-01-01T01:00:00Z') })).toEqual([]);
  });

  it('ENERGY_EXCEEDS_POWER: more than max power × hours × 1.05 + 10 Wh, exactly at the edge', () => {
    // 7 kW × 1 h × 1.05 + 10 = 7 360 Wh.
    expect(reasons({ meterStopWh: 107_360, readings: [] })).toEqual([]);
    expect(reasons({ meterStopWh: 107_361, readings: [] })).toEqual(['ENERGY_EXCEEDS_POWER']);
    expect(reasons({ meterStopWh: 200_000, readings: [], maxPowerW: null })).toEqual([]);
    // 11 kW × 0.7 h × 1.05 + 10 = 8 095 Wh exactly, where floats make it 8 094.999999999999.
    const h07 = { stoppedAt: t('2026-03-10T08:42:00Z'), readings: [], maxPowerW: 11_000 };
    expect(reasons({ ...h07, meterStopWh: 108_095 })).toEqual([]);
    expect(reasons({ ...h07, meterStopWh: 108_096 })).toEqual(['ENERGY_EXCEEDS_POWER']);
    // A zero-length session may still show 10 Wh.
    expect(reasons({ stoppedAt: clean.startedAt, meterStopWh: 100_011, readings: [] })).toEqual(['ENERGY_EXCEEDS_POWER']);
  });

  it('NOT_AUTHORIZED: any status but Accepted', () => {
    expect(reasons({ authStatus: 'Invalid' })).toEqual(['NOT_AUTHORIZED']);
    expect(reasons({ authStatus: 'Blocked' })).toEqual(['NOT_AUTHORIZED']);
    expect(reasons({ authStatus: null })).toEqual([]);
  });

  it('each reason at most once, in the order of QUALITY_REASONS, each with a detail', () => {
    const all = checkQuality({
      startedAt: t('2009-12-31T23:00:00Z'),
      stoppedAt: t('2009-12-31T22:00:00Z'),
      meterStartWh: 5_000,
      meterStopWh: 1_000_000,
      readings: [r('2009-12-30T00:00:00Z', 9_000), r('2009-12-30T01:00:00Z', 8_000), r('2030-01-01T00:00:00Z', 7_000), r('2031-01-01T00:00:00Z', 1)],
      maxPowerW: 1_000,
      authStatus: 'Expired',
      now: t('2026-03-10T00:00:00Z'),
    });
    expect(all.map((f) => f.reason)).toEqual([...QUALITY_REASONS]);
    for (const f of all) expect(f.detail.length).toBeGreaterThan(10);
  });
});

import { describe, expect, it } from 'vitest';
import { StationChargingProfiles, type SimProfile } from '../../../simulators/station/charging-profiles.js';

const t0 = new Date('2026-03-01T08:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const dc = { ac: false, phases: 3 };
const ac1 = { ac: true, phases: 1 };
const profile = (over: Partial<SimProfile>): SimProfile => ({ id: 1, stackLevel: 0, purpose: 'TxDefaultProfile', kind: 'Relative', evseId: 0, rateUnit: 'W', periods: [{ startPeriod: 0, limit: 50_000 }], ...over });
const tx = { id: 'T1', startedAt: t0 };

describe('a simulated station\'s charging profiles', () => {
  it('nothing installed: no limit', () => {
    expect(new StationChargingProfiles().limitW(1, tx, t0, dc)).toBe(Infinity);
  });

  it('a TxProfile for the running transaction overrides the default; the station maximum caps both', () => {
    const p = new StationChargingProfiles();
    p.set(profile({ id: 1, purpose: 'TxDefaultProfile', periods: [{ startPeriod: 0, limit: 50_000 }] }));
    expect(p.limitW(1, tx, t0, dc)).toBe(50_000);
    p.set(profile({ id: 2, purpose: 'TxProfile', evseId: 1, transactionId: 'T1', periods: [{ startPeriod: 0, limit: 80_000 }] }));
    expect(p.limitW(1, tx, t0, dc)).toBe(80_000);
    // Another transaction's TxProfile does not apply.
    expect(p.limitW(1, { id: 'T2', startedAt: t0 }, t0, dc)).toBe(50_000);
    p.set(profile({ id: 3, purpose: 'ChargingStationMaxProfile', periods: [{ startPeriod: 0, limit: 60_000 }] }));
    expect(p.limitW(1, tx, t0, dc)).toBe(60_000);
    p.transactionEnded('T1');
    expect(p.limitW(1, tx, t0, dc)).toBe(50_000);
  });

  it('the same id or the same purpose, stack level and EVSE replaces; the highest stack level wins', () => {
    const p = new StationChargingProfiles();
    p.set(profile({ id: 1, stackLevel: 0, periods: [{ startPeriod: 0, limit: 10_000 }] }));
    p.set(profile({ id: 1, stackLevel: 0, periods: [{ startPeriod: 0, limit: 20_000 }] }));
    expect(p.all).toHaveLength(1);
    p.set(profile({ id: 5, stackLevel: 3, periods: [{ startPeriod: 0, limit: 30_000 }] }));
    expect(p.limitW(1, undefined, t0, dc)).toBe(30_000);
  });

  it('periods follow the clock (Relative: from the transaction start); amperes become watts over the phases', () => {
    const p = new StationChargingProfiles();
    p.set(profile({ purpose: 'TxProfile', evseId: 1, transactionId: 'T1', rateUnit: 'A', periods: [{ startPeriod: 0, limit: 32 }, { startPeriod: 600, limit: 16 }, { startPeriod: 1200, limit: 10, numberPhases: 3 }] }));
    expect(p.limitW(1, tx, at(10), ac1)).toBe(32 * 220);
    expect(p.limitW(1, tx, at(700), ac1)).toBe(16 * 220);
    expect(p.limitW(1, tx, at(1300), ac1)).toBe(10 * 220 * 3);
  });

  it('clears what matches every criterion given', () => {
    const p = new StationChargingProfiles();
    p.set(profile({ id: 1, evseId: 1, purpose: 'TxDefaultProfile' }));
    p.set(profile({ id: 2, evseId: 2, purpose: 'TxDefaultProfile' }));
    expect(p.clear({ id: 9 })).toBe(false);
    expect(p.clear({ evseId: 2 })).toBe(true);
    expect(p.all.map((x) => x.id)).toEqual([1]);
    expect(p.clear({})).toBe(true);
    expect(p.all).toEqual([]);
  });
});

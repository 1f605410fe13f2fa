import { describe, it, expect } from 'vitest';
import { advanceEnergy, chargingPowerW, taperFactor, wireWh } from '../../../simulators/station/energy.js';
import { MeterRegisters } from '../../../simulators/station/meter-registers.js';
import { createRng } from '../../../simulators/random.js';

describe('energy model', () => {
  const rng = createRng(1);

  it('charges AC at about 7 kW and DC between 60 and 120 kW', () => {
    const ac = chargingPowerW('GBT_AC', 7, 30, rng);
    expect(ac).toBeGreaterThanOrEqual(6650);
    expect(ac).toBeLessThanOrEqual(7000);
    const dc60 = chargingPowerW('GBT_DC', 60, 30, rng);
    expect(dc60).toBeGreaterThanOrEqual(48_000);
    expect(dc60).toBeLessThanOrEqual(60_000);
    const dc120 = chargingPowerW('GBT_DC', 120, 30, rng);
    expect(dc120).toBeGreaterThan(60_000);
    expect(dc120).toBeLessThanOrEqual(120_000);
  });

  it('tapers DC power above 80 % SoC', () => {
    expect(taperFactor(50)).toBe(1);
    expect(taperFactor(90)).toBeCloseTo(0.6);
    expect(taperFactor(100)).toBeCloseTo(0.2);
  });

  it('advances the meter by power × elapsed time', () => {
    const start = { meterWh: 1000, powerW: 7000, soc: 20, batteryWh: 50_000 };
    const after = advanceEnergy(start, 3_600_000);
    expect(after.meterWh).toBeCloseTo(8000);
    expect(after.soc).toBeCloseTo(34);
    // time scale: one real minute counts as one hour
    expect(advanceEnergy(start, 60_000, 60).meterWh).toBeCloseTo(8000);
  });

  it('never delivers more than the battery can take, and never goes backwards', () => {
    const after = advanceEnergy({ meterWh: 0, powerW: 120_000, soc: 99, batteryWh: 75_000 }, 3_600_000);
    expect(after.meterWh).toBeCloseTo(750);
    expect(after.soc).toBe(100);
    expect(advanceEnergy(after, -5000).meterWh).toBe(after.meterWh);
  });

  it('reports whole watt-hours on the wire', () => {
    expect(wireWh(1234.9)).toBe(1234);
  });
});

describe('MeterRegisters', () => {
  it('starts at a stable per-station reading and never goes backwards', () => {
    const a = MeterRegisters.forStation('CSA-0001');
    const b = MeterRegisters.forStation('CSA-0001');
    const start = a.get(1, 1);
    expect(start).toBe(b.get(1, 1));
    expect(start).toBeGreaterThanOrEqual(10_000);
    a.set(1, 1, start + 500);
    a.set(1, 1, start + 100);
    expect(a.get(1, 1)).toBe(start + 500);
  });
});

import { describe, expect, it } from 'vitest';
import { energyRegisterWh, normaliseSample } from '../../../src/domain/sessions/index.js';

const at = new Date('2026-01-01T00:00:00Z');

describe('meter sample normalisation', () => {
  it('defaults to the energy register in Wh', () => {
    expect(normaliseSample({ value: '1234' }, at)).toMatchObject({ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: '1234' });
  });
  it('converts kWh exactly, without float artefacts', () => {
    expect(normaliseSample({ value: '12.3456', unit: 'kWh' }, at)?.value).toBe('12345.6');
    expect(normaliseSample({ value: '0.1', unit: 'kWh' }, at)?.value).toBe('100');
  });
  it('applies the 2.0.1 multiplier', () => {
    expect(normaliseSample({ value: 5, unit: 'Wh', multiplier: 3 }, at)?.value).toBe('5000');
    expect(normaliseSample({ value: 7.2, measurand: 'Power.Active.Import', unit: 'kW' }, at)).toMatchObject({ value: '7200', unit: 'W' });
  });
  it('drops values that are not numbers', () => {
    expect(normaliseSample({ value: 'abc' }, at)).toBeUndefined();
    expect(normaliseSample({ value: 'Infinity' }, at)).toBeUndefined();
  });
  it('reads the energy register from a set of samples, by context', () => {
    const s = [
      normaliseSample({ value: '10', measurand: 'Power.Active.Import' }, at),
      normaliseSample({ value: '1500.6', context: 'Transaction.Begin' }, at),
      normaliseSample({ value: '9000', context: 'Sample.Periodic', phase: 'L1' }, at),
    ].filter((x) => x !== undefined);
    expect(energyRegisterWh(s)).toBe(1501);
    expect(energyRegisterWh(s, 'Transaction.End')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { statusFrom16, statusFrom201 } from '../../../src/domain/stations/index.js';

describe('connector status normalisation', () => {
  it.each([
    ['Available', 'AVAILABLE'],
    ['Preparing', 'PREPARING'],
    ['Charging', 'CHARGING'],
    ['SuspendedEV', 'SUSPENDED'],
    ['SuspendedEVSE', 'SUSPENDED'],
    ['Finishing', 'FINISHING'],
    ['Reserved', 'RESERVED'],
    ['Unavailable', 'UNAVAILABLE'],
    ['Faulted', 'FAULTED'],
    ['Nonsense', 'UNKNOWN'],
  ])('1.6 %s → %s', (ocpp, ours) => expect(statusFrom16(ocpp)).toBe(ours));

  it('2.0.1 Occupied is refined by the charging state', () => {
    expect(statusFrom201('Occupied')).toBe('PREPARING');
    expect(statusFrom201('Occupied', 'Charging')).toBe('CHARGING');
    expect(statusFrom201('Occupied', 'SuspendedEV')).toBe('SUSPENDED');
    expect(statusFrom201('Available', 'Charging')).toBe('AVAILABLE');
    expect(statusFrom201('Faulted')).toBe('FAULTED');
    expect(statusFrom201('Weird')).toBe('UNKNOWN');
  });
});

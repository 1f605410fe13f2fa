import { describe, expect, it } from 'vitest';
import { mayControl, mayRoam, type Principal } from '../../../src/domain/access/index.js';

const op = (operatorId: string, roles: ('CPO' | 'EMSP')[]): Principal => ({ kind: 'operator', keyId: 'k', operatorId, roles });

describe('control rules', () => {
  it('roaming is within one operator until agreements exist', () => {
    expect(mayRoam('A', 'A')).toBe(true);
    expect(mayRoam('A', 'B')).toBe(false);
  });
  it('the admin may do everything', () => {
    expect(mayControl({ kind: 'admin' }, { kind: 'reset', stationOperatorId: 'X', tokenOperatorId: null })).toBe(true);
  });
  it('a CPO controls its own stations, not others', () => {
    expect(mayControl(op('A', ['CPO']), { kind: 'reset', stationOperatorId: 'A', tokenOperatorId: null })).toBe(true);
    expect(mayControl(op('A', ['CPO']), { kind: 'start', stationOperatorId: 'B', tokenOperatorId: 'A' })).toBe(false);
  });
  it('an EMSP starts and stops only with its own tokens, where roaming allows, and never resets', () => {
    const emsp = op('E', ['EMSP']);
    expect(mayControl(emsp, { kind: 'start', stationOperatorId: 'E', tokenOperatorId: 'E' })).toBe(true);
    expect(mayControl(emsp, { kind: 'stop', stationOperatorId: 'E', tokenOperatorId: 'E' })).toBe(true);
    expect(mayControl(emsp, { kind: 'start', stationOperatorId: 'E', tokenOperatorId: 'F' })).toBe(false);
    expect(mayControl(emsp, { kind: 'start', stationOperatorId: 'C', tokenOperatorId: 'E' })).toBe(false);
    expect(mayControl(emsp, { kind: 'reset', stationOperatorId: 'E', tokenOperatorId: 'E' })).toBe(false);
    expect(mayControl(emsp, { kind: 'start', stationOperatorId: 'E', tokenOperatorId: null })).toBe(false);
  });
});

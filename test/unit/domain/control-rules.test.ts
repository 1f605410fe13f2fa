import { describe, expect, it } from 'vitest';
import { mayControl, type Principal, type RoamingVerdict } from '../../../src/domain/access/index.js';

const op = (operatorId: string, roles: ('CPO' | 'EMSP')[]): Principal => ({ kind: 'operator', keyId: 'k', operatorId, roles });
const own: RoamingVerdict = { allowed: true, agreementId: null };
const agreed: RoamingVerdict = { allowed: true, agreementId: 'AG-1' };
const refused: RoamingVerdict = { allowed: false, reason: 'NO_AGREEMENT' };

describe('control rules', () => {
  it('the admin may do everything', () => {
    expect(mayControl({ kind: 'admin' }, { kind: 'reset', stationOperatorId: 'X', tokenOperatorId: null, roaming: null })).toBe(true);
  });
  it('a CPO controls its own stations, not others', () => {
    expect(mayControl(op('A', ['CPO']), { kind: 'reset', stationOperatorId: 'A', tokenOperatorId: null, roaming: null })).toBe(true);
    expect(mayControl(op('A', ['CPO']), { kind: 'start', stationOperatorId: 'B', tokenOperatorId: 'A', roaming: refused })).toBe(false);
  });
  it('an EMSP starts and stops only with its own tokens, where an agreement (or ownership) lets them charge, and never resets', () => {
    const emsp = op('E', ['EMSP']);
    expect(mayControl(emsp, { kind: 'start', stationOperatorId: 'E', tokenOperatorId: 'E', roaming: own })).toBe(true);
    expect(mayControl(emsp, { kind: 'stop', stationOperatorId: 'E', tokenOperatorId: 'E', roaming: own })).toBe(true);
    expect(mayControl(emsp, { kind: 'start', stationOperatorId: 'C', tokenOperatorId: 'E', roaming: agreed })).toBe(true);
    expect(mayControl(emsp, { kind: 'reserve', stationOperatorId: 'C', tokenOperatorId: 'E', roaming: agreed })).toBe(true);
    expect(mayControl(emsp, { kind: 'start', stationOperatorId: 'E', tokenOperatorId: 'F', roaming: agreed })).toBe(false);
    expect(mayControl(emsp, { kind: 'start', stationOperatorId: 'C', tokenOperatorId: 'E', roaming: refused })).toBe(false);
    expect(mayControl(emsp, { kind: 'reset', stationOperatorId: 'C', tokenOperatorId: 'E', roaming: agreed })).toBe(false);
    expect(mayControl(emsp, { kind: 'start', stationOperatorId: 'E', tokenOperatorId: null, roaming: null })).toBe(false);
  });
});

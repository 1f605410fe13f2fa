import { describe, expect, it } from 'vitest';
import { batched, type VariableItem } from '../../../src/domain/device-model/index.js';

const item = (variable: string, value: string, component = 'C'): VariableItem => ({ component: { name: component }, variable: { name: variable }, value });

describe('SetVariables messages', () => {
  it('at most the station’s items per message, a variable once per message, in order otherwise', () => {
    const items = [item('A', '1'), item('B', '1'), item('A', '2'), item('C', '1'), item('A', '3', 'D')];
    expect(batched(items, Infinity).map((b) => b.map((i) => `${i.component!.name}.${i.variable.name}=${i.value}`))).toEqual([
      ['C.A=1', 'C.B=1', 'C.C=1', 'D.A=3'],
      ['C.A=2'],
    ]);
    expect(batched(items, 2).map((b) => b.length)).toEqual([2, 2, 1]);
    expect(batched(items, 2).flat()).toHaveLength(items.length);
    expect(batched([], 3)).toEqual([]);
  });
});

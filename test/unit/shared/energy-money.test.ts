import { describe, expect, it } from 'vitest';
import { energyBetween, toWh } from '../../../src/shared/energy.js';
import { addMoney, formatMoney, money, roundAmount, unitPrice } from '../../../src/shared/money.js';

describe('energy', () => {
  it('converts units to whole Wh', () => {
    expect(toWh('1.5', 'kWh')).toBe(1500);
    expect(toWh(0.1, 'kWh')).toBe(100);
    expect(toWh('2', 'MWh')).toBe(2_000_000);
    expect(toWh(7, 'Wh', 3)).toBe(7000);
    expect(toWh('1', 'W')).toBeUndefined();
  });
  it('never reports negative energy', () => {
    expect(energyBetween(100, 50)).toBe(0);
    expect(energyBetween(100, 350)).toBe(250);
    expect(energyBetween(null, 350)).toBeNull();
  });
});

describe('money', () => {
  it('is exact and rounds half up once', () => {
    const a = addMoney(money('0.1'), money('0.2'));
    expect(a.amount.toString()).toBe('0.3');
    expect(formatMoney(roundAmount(money('1.005')))).toBe('1.01 CNY');
    expect(formatMoney(roundAmount(money('1.004999')))).toBe('1.00 CNY');
    expect(unitPrice('1.23456').toString()).toBe('1.2346');
  });
});

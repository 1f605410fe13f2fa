import { Decimal } from 'decimal.js';

/**
 * Money is exact: decimal.js, never floats. Unit prices carry 4 decimals; amounts are rounded
 * half-up to 0.01 once, at the end of a period line.
 */
export type Currency = 'CNY';

export interface Money {
  readonly amount: Decimal;
  readonly currency: Currency;
}

export const money = (amount: Decimal.Value, currency: Currency = 'CNY'): Money => ({
  amount: new Decimal(amount),
  currency,
});

export const roundAmount = (m: Money): Money => ({
  amount: m.amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
  currency: m.currency,
});

export const unitPrice = (v: Decimal.Value): Decimal => new Decimal(v).toDecimalPlaces(4, Decimal.ROUND_HALF_UP);

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`currency mismatch ${a.currency}/${b.currency}`);
  return { amount: a.amount.plus(b.amount), currency: a.currency };
}

export const formatMoney = (m: Money): string => `${m.amount.toFixed(2)} ${m.currency}`;

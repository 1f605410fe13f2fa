import { Decimal } from 'decimal.js';

/**
 * T/CEC carries prices, money and energy as JSON numbers with a fixed number of decimals (unit
 * prices 4, money 2, energy 2, power 1). Decimals are rounded half-up here, at the edge, and only
 * then become a JSON number; on the way in a number is read back through its shortest string so
 * 0.1 stays exactly 0.1.
 */
export interface WireDecimals {
  readonly price: number;
  readonly money: number;
  readonly energy: number;
}

export const DEFAULT_DECIMALS: WireDecimals = { price: 4, money: 2, energy: 2 };

export const toWire = (d: Decimal.Value, places: number): number =>
  Number(new Decimal(d).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places));

/** A number (or numeric string) from a partner as an exact decimal; NaN and infinities refused. */
export function fromWire(n: unknown, field: string): Decimal {
  if (typeof n === 'number' && Number.isFinite(n)) return new Decimal(String(n));
  if (typeof n === 'string' && /^-?\d+(\.\d+)?$/.test(n.trim())) return new Decimal(n.trim());
  throw new TypeError(`${field} is not a number: ${JSON.stringify(n)}`);
}

/** Wh → kWh on the wire. */
export const kwhOf = (wh: number, places: number): number => toWire(new Decimal(wh).div(1000), places);

/** kWh from the wire → whole Wh (half-up). */
export const whOf = (kwh: Decimal): number => kwh.times(1000).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();

/** Energy is integer watt-hours everywhere in the platform. */
export type Wh = number;

const ENERGY_FACTORS: Record<string, number> = { wh: 1, kwh: 1000, mwh: 1_000_000 };

/**
 * Convert a meter reading to whole Wh. Readings arrive as decimal strings or numbers with a unit
 * and an optional power-of-ten multiplier (OCPP 2.0.1 unitOfMeasure.multiplier). Rounds half up.
 * Returns undefined for a unit that is not an energy unit.
 */
export function toWh(value: number | string, unit = 'Wh', multiplier = 0): Wh | undefined {
  const factor = ENERGY_FACTORS[unit.toLowerCase()];
  const n = typeof value === 'number' ? value : Number(value);
  if (factor === undefined || !Number.isFinite(n)) return undefined;
  // Scale with integers where possible to avoid binary float artefacts (e.g. 0.1 kWh).
  const scaled = n * factor * 10 ** multiplier;
  return Math.round(scaled + Number.EPSILON * Math.sign(scaled));
}

export function energyBetween(startWh: Wh | null | undefined, stopWh: Wh | null | undefined): Wh | null {
  if (startWh == null || stopWh == null) return null;
  return Math.max(0, stopWh - startWh);
}

/**
 * Plausible energy model: the meter advances by power × elapsed time.
 * AC wallboxes deliver about 7 kW; DC chargers 60–120 kW, tapering above 80 % state of charge.
 */
import type { ConnectorStandard } from './types.js';
import type { Rng } from '../random.js';

export const AC_STANDARDS: ReadonlySet<ConnectorStandard> = new Set(['GBT_AC', 'TYPE2']);

export function isAc(standard: ConnectorStandard): boolean {
  return AC_STANDARDS.has(standard);
}

/** Power the vehicle draws at a given state of charge (percent), in W. */
export function chargingPowerW(
  standard: ConnectorStandard,
  maxPowerKw: number,
  socPercent: number,
  rng: Rng = Math.random,
): number {
  if (isAc(standard)) {
    // Single-phase 32 A on a 220 V grid: ~7 kW, a little below the nameplate.
    const nameplate = Math.min(maxPowerKw, 7);
    return Math.round(nameplate * 1000 * (0.95 + 0.05 * rng()));
  }
  // The vehicle accepts between 80 % and 100 % of what the charger offers.
  const offered = maxPowerKw * 1000 * (0.8 + 0.2 * rng());
  return Math.round(offered * taperFactor(socPercent));
}

/** DC taper: full power up to 80 % SoC, falling linearly to 20 % of it at 100 %. */
export function taperFactor(socPercent: number): number {
  if (socPercent <= 80) return 1;
  const over = Math.min(socPercent, 100) - 80;
  return 1 - (over / 20) * 0.8;
}

export interface EnergyState {
  meterWh: number;
  powerW: number;
  soc: number;
  batteryWh: number;
}

/**
 * Advance the meter by power × elapsed time. `timeScale` accelerates simulated time
 * (60 = one real second counts as one minute of charging). SoC follows the energy
 * delivered into a battery of `batteryWh`, capped at 100.
 */
export function advanceEnergy(state: EnergyState, elapsedMs: number, timeScale = 1): EnergyState {
  const hours = (Math.max(0, elapsedMs) * timeScale) / 3_600_000;
  const roomWh = ((100 - state.soc) / 100) * state.batteryWh;
  const deliveredWh = Math.min(state.powerW * hours, Math.max(0, roomWh));
  const soc = Math.min(100, state.soc + (deliveredWh / state.batteryWh) * 100);
  return { ...state, meterWh: state.meterWh + deliveredWh, soc };
}

/** Register readings are integers in Wh on the wire. */
export function wireWh(meterWh: number): number {
  return Math.floor(meterWh);
}

import type { ConnectorStandard } from '../../../domain/stations/station.model.js';
import type { ConnectorType, EquipmentType, NationalStandard } from './tcec-objects.js';

/**
 * Our connector standards in T/CEC terms. GB/T 20234 connectors are the 2015 edition (every EV
 * sold since 2016 uses it). Public AC points in China have the cable fixed to the charger (mode 3,
 * connection C); DC always does (mode 4). Foreign standards get the same connection type by AC/DC
 * and NationalStandard 2, as T/CEC has no field for them; UNKNOWN is "other".
 */
const KINDS: Record<ConnectorStandard, { current: 'AC' | 'DC' | null; connectorType: ConnectorType }> = {
  GBT_AC: { current: 'AC', connectorType: 3 },
  GBT_DC: { current: 'DC', connectorType: 4 },
  CCS2: { current: 'DC', connectorType: 4 },
  CCS1: { current: 'DC', connectorType: 4 },
  CHADEMO: { current: 'DC', connectorType: 4 },
  TYPE2: { current: 'AC', connectorType: 3 },
  TYPE1: { current: 'AC', connectorType: 3 },
  UNKNOWN: { current: null, connectorType: 6 },
};

const kindOf = (standard: string) => KINDS[standard as ConnectorStandard] ?? KINDS.UNKNOWN;

/** An AC connector the driver brings the cable to is a socket (2); otherwise by its kind. */
export const connectorTypeOf = (standard: string, format?: string): ConnectorType => (format === 'SOCKET' && kindOf(standard).current === 'AC' ? 2 : kindOf(standard).connectorType);

/** A partner's ConnectorType as our format: home and AC sockets (1, 2) take the driver's cable. */
export const formatFromTcec = (connectorType: number): 'CABLE' | 'SOCKET' => (connectorType === 1 || connectorType === 2 ? 'SOCKET' : 'CABLE');

export const nationalStandardOf = (_standard: string): NationalStandard => 2;

/** 1 DC, 2 AC, 3 both on one charger, 5 not known. */
export function equipmentTypeOf(standards: readonly string[]): EquipmentType {
  const currents = new Set(standards.map((s) => kindOf(s).current));
  if (currents.has(null) || currents.size === 0) return 5;
  if (currents.size === 2) return 3;
  return currents.has('DC') ? 1 : 2;
}

/**
 * Nominal electrical limits T/CEC asks for and our catalog does not keep: AC single-phase up to
 * 7 kW at 220 V, three-phase above at 380 V; DC 200–750 V. Current follows from power.
 */
export function electricalLimits(standard: string, maxPowerW: number | null): { upperV: number; lowerV: number; currentA: number } {
  const dc = kindOf(standard).current === 'DC';
  const watts = maxPowerW ?? 0;
  if (dc) return { upperV: 750, lowerV: 200, currentA: Math.round(watts / 750) };
  if (watts > 7400) return { upperV: 380, lowerV: 380, currentA: Math.round(watts / (380 * Math.sqrt(3))) };
  return { upperV: 220, lowerV: 220, currentA: Math.round(watts / 220) };
}

/** A partner's connector back to one of our standards: DC guns are GB/T DC, AC sockets and plugs GB/T AC. */
export function standardFromTcec(connectorType: number, equipmentType: number): ConnectorStandard {
  if (connectorType === 4) return 'GBT_DC';
  if (connectorType === 2 || connectorType === 3) return 'GBT_AC';
  if (equipmentType === 1) return 'GBT_DC';
  if (equipmentType === 2) return 'GBT_AC';
  return 'UNKNOWN';
}

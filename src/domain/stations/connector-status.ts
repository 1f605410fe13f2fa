/**
 * One live-status vocabulary for every OCPP version. 1.6 ChargePointStatus and 2.0.1
 * ConnectorStatusEnumType (refined by the transaction's chargingState) both map onto it.
 */
export const CONNECTOR_STATUSES = [
  'AVAILABLE',
  'PREPARING',
  'CHARGING',
  'SUSPENDED',
  'FINISHING',
  'RESERVED',
  'UNAVAILABLE',
  'FAULTED',
  'OFFLINE',
  'UNKNOWN',
] as const;
export type ConnectorStatus = (typeof CONNECTOR_STATUSES)[number];

const FROM_16: Record<string, ConnectorStatus> = {
  Available: 'AVAILABLE',
  Preparing: 'PREPARING',
  Charging: 'CHARGING',
  SuspendedEV: 'SUSPENDED',
  SuspendedEVSE: 'SUSPENDED',
  Finishing: 'FINISHING',
  Reserved: 'RESERVED',
  Unavailable: 'UNAVAILABLE',
  Faulted: 'FAULTED',
};

export const statusFrom16 = (status: string): ConnectorStatus => FROM_16[status] ?? 'UNKNOWN';

const FROM_201: Record<string, ConnectorStatus> = {
  Available: 'AVAILABLE',
  Reserved: 'RESERVED',
  Unavailable: 'UNAVAILABLE',
  Faulted: 'FAULTED',
};

const FROM_CHARGING_STATE: Record<string, ConnectorStatus> = {
  Charging: 'CHARGING',
  EVConnected: 'PREPARING',
  SuspendedEV: 'SUSPENDED',
  SuspendedEVSE: 'SUSPENDED',
  Idle: 'PREPARING',
};

/**
 * 2.0.1 only says "Occupied"; the transaction's chargingState tells charging from plugged-in.
 * Without a transaction an occupied connector is PREPARING (cable in, not yet charging).
 */
export function statusFrom201(connectorStatus: string, chargingState?: string | null): ConnectorStatus {
  const direct = FROM_201[connectorStatus];
  if (direct) return direct;
  if (connectorStatus !== 'Occupied') return 'UNKNOWN';
  return (chargingState && FROM_CHARGING_STATE[chargingState]) || 'PREPARING';
}

/** Status a 2.0.1 chargingState implies for a connector that the station reported Occupied. */
export const statusFromChargingState = (chargingState: string): ConnectorStatus | undefined =>
  FROM_CHARGING_STATE[chargingState];

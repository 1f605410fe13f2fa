import type { ConnectorStatus } from '../../../domain/stations/connector-status.js';
import type { TcecConnectorStatus } from './tcec-objects.js';

/**
 * Our live status in T/CEC terms. A plugged-in connector that is not drawing (preparing,
 * suspended, finishing) is "occupied, not charging"; out of service by the operator counts as a
 * fault (it cannot be used); a station that is offline shows all its connectors offline.
 */
const TO_TCEC: Record<ConnectorStatus, TcecConnectorStatus> = {
  AVAILABLE: 1,
  PREPARING: 2,
  CHARGING: 3,
  SUSPENDED: 2,
  FINISHING: 2,
  RESERVED: 4,
  UNAVAILABLE: 255,
  FAULTED: 255,
  OFFLINE: 0,
  UNKNOWN: 0,
};

export const tcecStatusOf = (status: ConnectorStatus, stationOffline = false): TcecConnectorStatus => (stationOffline ? 0 : TO_TCEC[status]);

const FROM_TCEC: Record<number, ConnectorStatus> = {
  0: 'OFFLINE',
  1: 'AVAILABLE',
  2: 'PREPARING',
  3: 'CHARGING',
  4: 'RESERVED',
  255: 'FAULTED',
};

/** A partner's status code as our live status; a code outside the standard is UNKNOWN. */
export const statusFromTcec = (code: number): ConnectorStatus => FROM_TCEC[code] ?? 'UNKNOWN';

import type { ConnectorStatus } from './connector-status.js';
import type { SecurityProfile } from './security-profile.js';

export type OcppVersion = '1.6' | '2.0.1';
export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

export const CONNECTOR_STANDARDS = ['GBT_AC', 'GBT_DC', 'CCS2', 'CCS1', 'CHADEMO', 'TYPE2', 'TYPE1', 'UNKNOWN'] as const;
export type ConnectorStandard = (typeof CONNECTOR_STANDARDS)[number];

export interface StationCredentials {
  readonly id: string;
  readonly operatorId: string;
  /** Null: no HTTP Basic key (security profile 3 only). */
  readonly passwordHash: string | null;
  /** A rotated key sent to the station and not confirmed yet: valid beside passwordHash. */
  readonly pendingPasswordHash: string | null;
  readonly securityProfile: SecurityProfile;
  readonly registrationStatus: RegistrationStatus;
  /** Where the station stands (null until it is placed at a location). */
  readonly location: { readonly id: string; readonly city: string; readonly lat: number; readonly lng: number } | null;
}

export interface BootInfo {
  readonly ocppVersion: OcppVersion;
  readonly vendor: string;
  readonly model: string;
  readonly serialNumber?: string | undefined;
  readonly firmwareVersion?: string | undefined;
  readonly reason?: string | undefined;
}

export interface ConnectorStatusReport {
  readonly stationId: string;
  /** 1.6 has no EVSEs: its connectorId n becomes EVSE n, connector 1; connectorId 0 is the station. */
  readonly evseNo: number;
  readonly connectorNo: number;
  readonly ocppStatus: string;
  readonly status: ConnectorStatus;
  readonly errorCode?: string | undefined;
  readonly info?: string | undefined;
  readonly occurredAt: Date;
}

export interface ConnectorSpec {
  readonly evseNo: number;
  readonly connectorNo: number;
  readonly standard?: ConnectorStandard | undefined;
  readonly maxPowerW?: number | undefined;
}

/** One device-model variable from a 2.0.1 NotifyReport. */
export interface StationVariable {
  readonly component: string;
  readonly componentInstance?: string | undefined;
  readonly evseNo?: number | undefined;
  readonly connectorNo?: number | undefined;
  readonly variable: string;
  readonly variableInstance?: string | undefined;
  readonly attributeType: string;
  readonly value: string | undefined;
}

/** Something a station told us that is kept as a record (firmware, diagnostics, security, data transfer…). */
export interface StationEventRecord {
  readonly stationId: string;
  readonly kind: string;
  readonly dedupeKey: string;
  readonly payload: unknown;
  readonly occurredAt: Date;
}

export interface ConnectorView {
  readonly connectorId: number;
  readonly standard: string;
  /** CABLE or SOCKET. */
  readonly format: string;
  readonly maxPowerKw: number | null;
  /** When the operator retired it (kept for its history, no longer offered); null: in service. */
  readonly retiredAt: string | null;
  readonly status: ConnectorStatus;
  readonly ocppStatus: string | null;
  readonly errorCode: string | null;
  readonly statusAt: string | null;
}

export interface EvseView {
  readonly id: string;
  readonly evseId: number;
  readonly maxPowerKw: number | null;
  /** Retired with all its connectors (they have history); null: in service. */
  readonly retiredAt: string | null;
  readonly connectors: ConnectorView[];
}

export interface StationView {
  readonly id: string;
  readonly operatorId: string;
  readonly locationId: string | null;
  readonly registrationStatus: RegistrationStatus;
  readonly securityProfile: SecurityProfile;
  readonly ocppVersion: OcppVersion | null;
  readonly vendor: string | null;
  readonly model: string | null;
  readonly serialNumber: string | null;
  readonly firmwareVersion: string | null;
  readonly firmwareStatus: string | null;
  readonly lastBootAt: string | null;
  readonly lastSeenAt: string | null;
  /** All its EVSEs together; null: no such limit. */
  readonly maxPowerKw: number | null;
  readonly online: boolean;
  readonly evses: EvseView[];
}

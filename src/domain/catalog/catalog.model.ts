import type { IdTokenType, TokenStatus } from '../authorization/index.js';
import type { SecurityProfile } from '../stations/security-profile.js';
import type { ConnectorStandard, RegistrationStatus } from '../stations/station.model.js';

export const CITIES = ['Changsha', 'Zhuzhou', 'Xiangtan'] as const;
export type City = (typeof CITIES)[number];

export const OPERATOR_ROLES = ['CPO', 'EMSP'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** Placeholder owner of stations that registered themselves (OCPP_AUTO_REGISTER). */
export const UNASSIGNED_OPERATOR_ID = 'UNASSIGNED';

export interface Operator {
  readonly id: string;
  readonly name: string;
  readonly roles: OperatorRole[];
  readonly createdAt: string;
}

export interface Location {
  readonly id: string;
  readonly operatorId: string;
  readonly name: string;
  readonly city: City;
  readonly district: string | null;
  readonly address: string;
  /** WGS 84 */
  readonly lat: number;
  readonly lng: number;
  readonly timeZone: string;
}

/** CABLE: fixed to the charger (every DC gun, most public AC points); SOCKET: the driver brings the cable. */
export const CONNECTOR_FORMATS = ['CABLE', 'SOCKET'] as const;
export type ConnectorFormat = (typeof CONNECTOR_FORMATS)[number];

/** One EVSE as the operator declares it, with its connectors. */
export interface EvseLayout {
  readonly evseId: number;
  readonly connectors: readonly { readonly connectorId: number; readonly standard: ConnectorStandard; readonly maxPowerKw: number; readonly format?: ConnectorFormat | undefined }[];
}

/** What reconciling a station's EVSE list did, each connector as "evseId/connectorId". */
export interface EvseChanges {
  /** New connectors. */
  readonly added: string[];
  /** Standard, format or power changed. */
  readonly changed: string[];
  /** Retired ones offered again (named in the list once more). */
  readonly restored: string[];
  /** Left out and with history (sessions, CDRs, roaming charges, reservations): kept, no longer offered. */
  readonly retired: string[];
  /** Left out without history: gone. */
  readonly deleted: string[];
}

export interface NewStation {
  readonly id: string;
  readonly operatorId: string;
  readonly locationId: string | null;
  /** Null: no HTTP Basic key (security profile 3). */
  readonly passwordHash: string | null;
  readonly securityProfile: SecurityProfile;
  readonly registrationStatus: RegistrationStatus;
  /** All its EVSEs together (W); null: no such limit. */
  readonly maxPowerW?: number | null | undefined;
  readonly evses: readonly EvseLayout[];
}

export interface StationPatch {
  readonly operatorId?: string | undefined;
  readonly locationId?: string | null | undefined;
  readonly passwordHash?: string | undefined;
  readonly securityProfile?: SecurityProfile | undefined;
  readonly registrationStatus?: RegistrationStatus | undefined;
  readonly maxPowerW?: number | null | undefined;
}

export interface TokenRecord {
  readonly uid: string;
  readonly operatorId: string;
  readonly type: IdTokenType;
  readonly status: TokenStatus;
  readonly expiresAt: string | null;
  readonly groupId: string | null;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** A partial update: absent or undefined fields stay as they are. */
export type Patch<T> = { [K in keyof T]?: T[K] | undefined };

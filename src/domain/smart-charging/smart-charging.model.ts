import type { ChargingLimitSource } from './charging-profile.js';

/** A site's grid connection limit. */
export interface GridLimit {
  readonly locationId: string;
  readonly maxPowerW: number;
  /** Phases of the connection (1 or 3): AC profiles over more than 7.4 kW use them all. */
  readonly phases: 1 | 3;
  readonly updatedAt: Date;
}

/** The answers a station gave to the platform's charging profiles. */
export const PROFILE_STATUSES = ['pending', 'accepted', 'rejected', 'failed', 'timed-out'] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

/** The platform's profile for one session, as far as it went. */
export interface SessionProfileState {
  /** The limit of the last profile sent (W). */
  readonly sentW: number | null;
  readonly commandId: string | null;
  readonly status: ProfileStatus | null;
  readonly sentAt: Date | null;
  /** The limit in force at the station: the last one it accepted, and when it answered. */
  readonly acceptedW: number | null;
  readonly answeredAt: Date | null;
  /**
   * The session's latest reading (station time) when the station last accepted a higher limit: a
   * reading counts only if it is later (taken under the raised limit), whatever the station's
   * clock says about the platform's. A lowered limit keeps it: readings under the higher one still
   * show what the EV takes.
   */
  readonly readingAtAnswer: Date | null;
}

/** The platform's TxDefaultProfile at a station, as far as it went. */
export interface DefaultProfileState {
  readonly sentW: number;
  readonly commandId: string;
  readonly status: ProfileStatus;
  readonly acceptedW: number | null;
  readonly answeredAt: Date | null;
}

export interface StationLoad {
  readonly stationId: string;
  /** The station's own maximum (all its EVSEs together). */
  readonly maxW: number | null;
  /** The lowest limit reported for the whole station (EVSE 0). */
  readonly reportedLimitW: number | null;
  /** How many EVSEs it has (0 when it never said). */
  readonly evses: number;
  /** Its EVSEs are AC (profiles in amperes), and the largest one's maximum. */
  readonly ac: boolean;
  readonly evseMaxW: number | null;
  readonly defaultProfile: DefaultProfileState | null;
}

/** A running session at a site, with everything its share depends on. */
export interface SessionLoad {
  readonly sessionId: string;
  readonly stationId: string;
  /** Null: the station never said which EVSE (a profile cannot be addressed). */
  readonly evseNo: number | null;
  readonly transactionId: string;
  readonly ocppVersion: '1.6' | '2.0.1';
  /** The id of the platform's TxProfile for it (the session's own number, unique per session). */
  readonly profileId: number;
  readonly startedAt: Date;
  readonly evseMaxW: number | null;
  /** Its connectors are AC: profiles in amperes, a minimum current. */
  readonly ac: boolean;
  readonly priority: number;
  /** The lowest limit reported for its EVSE: set outside the platform, or the EV's maximum. */
  readonly reportedLimitW: number | null;
  /** The latest power reading, and when it was taken. */
  readonly measuredW: number | null;
  readonly measuredAt: Date | null;
  readonly profile: SessionProfileState;
}

/** Everything the sharing of one site depends on. Sessions in start order. */
export interface SiteLoad {
  readonly locationId: string;
  readonly operatorId: string;
  readonly limit: GridLimit;
  readonly stations: readonly StationLoad[];
  readonly sessions: readonly SessionLoad[];
}

/** A limit a station reported, as kept. */
export interface ReportedLimit {
  readonly stationId: string;
  /** 0: the whole station. */
  readonly evseNo: number;
  readonly source: ChargingLimitSource;
  readonly limitW: number | null;
  readonly gridCritical: boolean;
  readonly reportedAt: Date;
}

import type { DomainEvent } from '../events/index.js';
import type { ChargingLimitSource } from './charging-profile.js';
import type { GridLimit, ProfileStatus, ReportedLimit, SiteLoad } from './smart-charging.model.js';

/** Smart charging's store. Writes that carry an event write it in the same transaction. */
export interface SmartChargingRepository {
  /** The location's operator, or null when there is no such location. */
  locationOperator(locationId: string): Promise<string | null>;
  gridLimit(locationId: string): Promise<GridLimit | null>;
  /** Creates or replaces the location's limit. */
  setGridLimit(limit: Omit<GridLimit, 'updatedAt'>, event: DomainEvent): Promise<GridLimit>;
  /** False when there was none. */
  deleteGridLimit(locationId: string, event: DomainEvent): Promise<boolean>;
  /** Of these stations, those at a location with a grid limit, with that location. */
  managedLocations(stationIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Everything the sharing of a site depends on; null when it has no grid limit. */
  siteLoad(locationId: string): Promise<SiteLoad | null>;

  /** The session's station and operator while it runs; null when it does not (or is unknown). */
  runningSession(sessionId: string): Promise<{ stationId: string; operatorId: string; evseNo: number | null } | null>;
  setPriority(sessionId: string, priority: number, event: DomainEvent): Promise<void>;

  /** What the platform decided for each session (only changed ones are written). */
  recordTargets(targets: readonly { sessionId: string; targetW: number }[]): Promise<void>;
  /** A profile was queued for the session. */
  profileSent(sessionId: string, p: { commandId: string; limitW: number; at: Date }): Promise<void>;
  /** The station's default profile was queued. */
  defaultSent(stationId: string, p: { commandId: string; limitW: number }): Promise<void>;
  /**
   * The station's answer to a profile command: a session's current profile, or a station's current
   * default. Its station, or null when the command was neither (or was answered before).
   */
  profileAnswered(commandId: string, status: ProfileStatus, at: Date): Promise<{ stationId: string } | null>;
  /** Stations of the location the platform gave a default profile: to clear it when the limit goes. */
  defaultedStations(locationId: string): Promise<string[]>;
  forgetDefaults(stationIds: readonly string[]): Promise<void>;
  /** Sessions of the location that were sent a profile: to clear them when the limit goes. */
  profiledSessions(locationId: string): Promise<{ sessionId: string; stationId: string; evseNo: number | null; profileId: number }[]>;
  /**
   * The sessions' part in the sharing ends (they ended, or their site is no longer limited); with
   * it, EV needs reported on their EVSEs before they stopped.
   */
  forgetSessions(sessionIds: readonly string[]): Promise<void>;

  /** A limit the station reported: kept per (station, EVSE, source), the latest wins. */
  reportLimit(limit: ReportedLimit, event: DomainEvent): Promise<void>;
  /** The station's limits from these sources end, on one EVSE (0: the station's own) or on all (null); true when one did. */
  clearLimits(stationId: string, evseNo: number | null, sources: readonly ChargingLimitSource[], event: DomainEvent): Promise<boolean>;
  reportedLimits(stationIds: readonly string[]): Promise<ReportedLimit[]>;
}

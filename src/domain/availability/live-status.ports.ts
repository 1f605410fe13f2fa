import type { ConnectorStatus } from '../stations/connector-status.js';

/** One connector's live status as every API node sees it. */
export interface LiveConnectorStatus {
  readonly stationId: string;
  readonly evseNo: number;
  readonly connectorNo: number;
  readonly status: ConnectorStatus;
  /** When the station (or the platform, for OFFLINE) said so. ISO 8601 UTC. */
  readonly at: string;
}

/**
 * Live connector status, shared by all nodes (Redis) or kept in-process (one node). Newest wins:
 * a report older than the stored one for the same connector is ignored.
 */
export interface LiveStatusStore {
  /** Returns true when the status was stored (it was newer than what was there). */
  set(status: LiveConnectorStatus): Promise<boolean>;
  /**
   * Every connector status of these stations, sorted by EVSE and connector (stations with none are
   * absent from the map). The arrays are read-only: an in-process store hands out the one it keeps,
   * unchanged until the station's statuses change, so a caller may cache by identity.
   */
  getMany(stationIds: readonly string[]): Promise<Map<string, readonly LiveConnectorStatus[]>>;
  /** Marks the station offline (its socket closed or heartbeats stopped); statuses are kept for when it returns. */
  setOffline(stationId: string, at: string): Promise<void>;
  setOnline(stationId: string): Promise<void>;
  /** Stations currently marked offline, of these. */
  offlineOf(stationIds: readonly string[]): Promise<Set<string>>;
  /**
   * Statuses and offline flags of these stations in one go, for a page of search results; the
   * answer is asked station by station without building maps (in-process stores answer from what
   * they hold).
   */
  read(stationIds: readonly string[]): Promise<LiveRead>;
}

/**
 * One station's live state. In-process stores hand out one object per station and replace it when
 * anything in it changes, so a caller may keep it and tell "unchanged" by identity.
 */
export interface LiveStationState {
  /** Sorted by EVSE and connector; empty when the station never reported. */
  readonly statuses: readonly LiveConnectorStatus[];
  readonly offline: boolean;
}

/** The live state of the stations a `read` was for. */
export interface LiveRead {
  station(stationId: string): LiveStationState;
}

const NEVER_SEEN: LiveStationState = { statuses: [], offline: false };

/** A LiveRead over what getMany and offlineOf answered. */
export function liveReadOf(statuses: ReadonlyMap<string, readonly LiveConnectorStatus[]>, offline: ReadonlySet<string>): LiveRead {
  const states = new Map<string, LiveStationState>();
  return {
    station: (id) => {
      let state = states.get(id);
      if (!state) {
        const s = statuses.get(id);
        const off = offline.has(id);
        state = s || off ? { statuses: s ?? [], offline: off } : NEVER_SEEN;
        states.set(id, state);
      }
      return state;
    },
  };
}

/** A connector status change as published to subscribers (SSE). */
export interface StatusEvent extends LiveConnectorStatus {
  /** Monotonic, opaque, comparable as a resume point (Last-Event-ID). */
  readonly id: string;
  readonly locationId: string | null;
  readonly operatorId: string;
  readonly city: string | null;
  /** WGS 84 position of the location, for bounding-box filters. */
  readonly lat: number | null;
  readonly lng: number | null;
}

export interface StatusEventFilter {
  readonly cities?: readonly string[] | undefined;
  readonly locationIds?: readonly string[] | undefined;
  /** [minLng, minLat, maxLng, maxLat] in WGS 84. */
  readonly bbox?: readonly [number, number, number, number] | undefined;
}

export interface StatusSubscription {
  close(): Promise<void>;
}

/**
 * Fan-out of status changes to every API node, with at least 5 minutes of history so a subscriber
 * can resume after a reconnect without loss. Memory (one node) and Redis Streams implementations.
 */
export interface StatusEventBus {
  publish(event: Omit<StatusEvent, 'id'>): Promise<string>;
  /**
   * Delivers matching events in publish order: first those after `afterId` still in history
   * (all history is not replayed when afterId is undefined), then live ones.
   */
  subscribe(filter: StatusEventFilter, afterId: string | undefined, onEvent: (e: StatusEvent) => void): Promise<StatusSubscription>;
}

export function matchesFilter(e: StatusEvent, f: StatusEventFilter): boolean {
  if (f.cities?.length && (e.city === null || !f.cities.includes(e.city))) return false;
  if (f.locationIds?.length && (e.locationId === null || !f.locationIds.includes(e.locationId))) return false;
  if (f.bbox) {
    const [minLng, minLat, maxLng, maxLat] = f.bbox;
    if (e.lat === null || e.lng === null || e.lng < minLng || e.lng > maxLng || e.lat < minLat || e.lat > maxLat) return false;
  }
  return true;
}

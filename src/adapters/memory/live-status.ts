import type { LiveConnectorStatus, LiveRead, LiveStationState, LiveStatusStore } from '../../domain/availability/live-status.ports.js';

/**
 * `at` in one canonical form (UTC, milliseconds, `Z`) so timestamps compare as strings whatever
 * offset or precision the station used; throws on an unparsable timestamp. Shared with Redis.
 */
export function canonicalAt(at: string): string {
  return new Date(at).toISOString();
}

/** Exactly the stored fields (callers may pass an event with more), `at` canonical. Shared with Redis. */
export const canonicalStatus = (s: LiveConnectorStatus): LiveConnectorStatus => ({
  stationId: s.stationId,
  evseNo: s.evseNo,
  connectorNo: s.connectorNo,
  status: s.status,
  at: canonicalAt(s.at),
});

const connectorKey = (s: LiveConnectorStatus) => `${s.evseNo}.${s.connectorNo}`;

export const byConnector = (a: LiveConnectorStatus, b: LiveConnectorStatus) =>
  a.evseNo - b.evseNo || a.connectorNo - b.connectorNo;

/** Single-node twin of the Redis live-status store. */
export class MemoryLiveStatus implements LiveStatusStore {
  #stations = new Map<string, Map<string, LiveConnectorStatus>>();
  #offline = new Map<string, string>();
  /** Each station's state as handed out: rebuilt after a change, shared until the next. */
  #states = new Map<string, LiveStationState>();

  async set(status: LiveConnectorStatus): Promise<boolean> {
    const next = canonicalStatus(status);
    let connectors = this.#stations.get(next.stationId);
    if (!connectors) this.#stations.set(next.stationId, (connectors = new Map()));
    const current = connectors.get(connectorKey(next));
    // Equal `at`: the later call wins, as in the Redis script.
    if (current && current.at > next.at) return false;
    connectors.set(connectorKey(next), next);
    this.#states.delete(next.stationId);
    return true;
  }

  async getMany(stationIds: readonly string[]): Promise<Map<string, readonly LiveConnectorStatus[]>> {
    const out = new Map<string, readonly LiveConnectorStatus[]>();
    for (const id of stationIds) {
      const { statuses } = this.#stateOf(id);
      if (statuses.length > 0) out.set(id, statuses);
    }
    return out;
  }

  // Answers from what the store holds now, for any station.
  readonly #reader: LiveRead = { station: (id) => this.#stateOf(id) };

  async read(_stationIds: readonly string[]): Promise<LiveRead> {
    return this.#reader;
  }

  #stateOf(id: string): LiveStationState {
    let state = this.#states.get(id);
    if (!state) {
      const connectors = this.#stations.get(id);
      state = { statuses: connectors ? [...connectors.values()].sort(byConnector) : [], offline: this.#offline.has(id) };
      this.#states.set(id, state);
    }
    return state;
  }

  async setOffline(stationId: string, at: string): Promise<void> {
    this.#offline.set(stationId, canonicalAt(at));
    this.#states.delete(stationId);
  }

  async setOnline(stationId: string): Promise<void> {
    this.#offline.delete(stationId);
    this.#states.delete(stationId);
  }

  async offlineOf(stationIds: readonly string[]): Promise<Set<string>> {
    return new Set(stationIds.filter((id) => this.#offline.has(id)));
  }
}

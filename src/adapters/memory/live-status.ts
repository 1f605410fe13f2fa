import type { LiveConnectorStatus, LiveRead, LiveStatusStore } from '../../domain/availability/live-status.ports.js';

/**
 * `at` in one canonical form (UTC, milliseconds, `Z`) so timestamps compare as strings whatever
 * offset or precision the station used; throws on an unparsable timestamp. Shared with Redis.
 */
export function canonicalAt(at: string): string {
  return new Date(at).toISOString();
}

const connectorKey = (s: LiveConnectorStatus) => `${s.evseNo}.${s.connectorNo}`;

export const byConnector = (a: LiveConnectorStatus, b: LiveConnectorStatus) =>
  a.evseNo - b.evseNo || a.connectorNo - b.connectorNo;

/** Single-node twin of the Redis live-status store. */
export class MemoryLiveStatus implements LiveStatusStore {
  #stations = new Map<string, Map<string, LiveConnectorStatus>>();
  /** Each station's statuses as handed out: rebuilt after a change, shared until the next. */
  #sorted = new Map<string, readonly LiveConnectorStatus[]>();
  #offline = new Map<string, string>();

  async set(status: LiveConnectorStatus): Promise<boolean> {
    const next: LiveConnectorStatus = {
      stationId: status.stationId,
      evseNo: status.evseNo,
      connectorNo: status.connectorNo,
      status: status.status,
      at: canonicalAt(status.at),
    };
    let connectors = this.#stations.get(next.stationId);
    if (!connectors) this.#stations.set(next.stationId, (connectors = new Map()));
    const current = connectors.get(connectorKey(next));
    // Equal `at`: the later call wins, as in the Redis script.
    if (current && current.at > next.at) return false;
    connectors.set(connectorKey(next), next);
    this.#sorted.delete(next.stationId);
    return true;
  }

  async getMany(stationIds: readonly string[]): Promise<Map<string, readonly LiveConnectorStatus[]>> {
    const out = new Map<string, readonly LiveConnectorStatus[]>();
    for (const id of stationIds) {
      const sorted = this.#sortedOf(id);
      if (sorted) out.set(id, sorted);
    }
    return out;
  }

  // Answers from what the store holds now, for any station.
  readonly #reader: LiveRead = { statuses: (id) => this.#sortedOf(id), offline: (id) => this.#offline.has(id) };

  async read(_stationIds: readonly string[]): Promise<LiveRead> {
    return this.#reader;
  }

  #sortedOf(id: string): readonly LiveConnectorStatus[] | undefined {
    let sorted = this.#sorted.get(id);
    if (!sorted) {
      const connectors = this.#stations.get(id);
      if (!connectors || connectors.size === 0) return undefined;
      sorted = [...connectors.values()].sort(byConnector);
      this.#sorted.set(id, sorted);
    }
    return sorted;
  }

  async setOffline(stationId: string, at: string): Promise<void> {
    this.#offline.set(stationId, canonicalAt(at));
  }

  async setOnline(stationId: string): Promise<void> {
    this.#offline.delete(stationId);
  }

  async offlineOf(stationIds: readonly string[]): Promise<Set<string>> {
    return new Set(stationIds.filter((id) => this.#offline.has(id)));
  }
}

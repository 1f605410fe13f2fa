import type { LiveConnectorStatus, LiveStatusStore, StatusEvent, StatusEventBus, StatusSubscription } from '../../domain/availability/index.js';

interface Entry {
  statuses: Map<string, LiveConnectorStatus>;
  offline: boolean;
  fetchedAt: number;
}

/**
 * An API node's in-process copy of the shared live state: read through from the source (Redis),
 * kept current by the status event stream, and re-read at most every `maxAgeMs` per station in case
 * an event was missed. Search reads then cost no network round trip.
 */
export class LiveStatusReplica implements LiveStatusStore {
  #entries = new Map<string, Entry>();
  #sub: StatusSubscription | undefined;

  constructor(
    private readonly source: LiveStatusStore,
    private readonly bus: StatusEventBus,
    private readonly maxAgeMs = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    this.#sub = await this.bus.subscribe({}, undefined, (e) => this.#apply(e));
  }

  async stop(): Promise<void> {
    await this.#sub?.close();
  }

  async set(status: LiveConnectorStatus): Promise<boolean> {
    return this.source.set(status);
  }

  async setOffline(stationId: string, at: string): Promise<void> {
    await this.source.setOffline(stationId, at);
    const e = this.#entries.get(stationId);
    if (e) e.offline = true;
  }

  async setOnline(stationId: string): Promise<void> {
    await this.source.setOnline(stationId);
    const e = this.#entries.get(stationId);
    if (e) e.offline = false;
  }

  async getMany(stationIds: readonly string[]): Promise<Map<string, LiveConnectorStatus[]>> {
    await this.#refresh(stationIds);
    const out = new Map<string, LiveConnectorStatus[]>();
    for (const id of stationIds) {
      const e = this.#entries.get(id);
      if (e && e.statuses.size > 0) out.set(id, [...e.statuses.values()]);
    }
    return out;
  }

  async offlineOf(stationIds: readonly string[]): Promise<Set<string>> {
    await this.#refresh(stationIds);
    return new Set(stationIds.filter((id) => this.#entries.get(id)?.offline === true));
  }

  async #refresh(stationIds: readonly string[]): Promise<void> {
    const cutoff = this.now() - this.maxAgeMs;
    const stale = stationIds.filter((id) => (this.#entries.get(id)?.fetchedAt ?? -Infinity) < cutoff);
    if (stale.length === 0) return;
    const [statuses, offline] = await Promise.all([this.source.getMany(stale), this.source.offlineOf(stale)]);
    const at = this.now();
    for (const id of stale) {
      const map = new Map((statuses.get(id) ?? []).map((s) => [`${s.evseNo}.${s.connectorNo}`, s]));
      this.#entries.set(id, { statuses: map, offline: offline.has(id), fetchedAt: at });
    }
  }

  /** Events of stations this node has read; others are fetched when first asked for. */
  #apply(e: StatusEvent): void {
    const entry = this.#entries.get(e.stationId);
    if (!entry) return;
    if (e.status === 'OFFLINE') {
      entry.offline = true;
      return;
    }
    entry.offline = false;
    const key = `${e.evseNo}.${e.connectorNo}`;
    const known = entry.statuses.get(key);
    if (!known || Date.parse(known.at) <= Date.parse(e.at)) {
      entry.statuses.set(key, { stationId: e.stationId, evseNo: e.evseNo, connectorNo: e.connectorNo, status: e.status, at: e.at });
    }
  }
}

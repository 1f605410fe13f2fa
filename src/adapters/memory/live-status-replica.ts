import type { LiveConnectorStatus, LiveRead, LiveStatusStore, StatusEvent, StatusEventBus, StatusSubscription } from '../../domain/availability/index.js';
import { byConnector } from './live-status.js';

interface Entry {
  /** Sorted by connector; replaced, never changed in place, so readers may keep it and compare by identity. */
  statuses: readonly LiveConnectorStatus[];
  offline: boolean;
  fetchedAt: number;
}

/**
 * An API node's in-process copy of the shared live state: read through from the source (Redis) the
 * first time a station is asked for, kept current by the status event stream, and re-read in the
 * background once an entry is older than `maxAgeMs` in case an event was missed (the request that
 * notices serves the copy it has). Search reads then cost no network round trip.
 */
export class LiveStatusReplica implements LiveStatusStore {
  #entries = new Map<string, Entry>();
  #sub: StatusSubscription | undefined;
  #refreshing = new Set<string>();
  #background: Promise<void> = Promise.resolve();

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
    await this.#background;
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

  async getMany(stationIds: readonly string[]): Promise<Map<string, readonly LiveConnectorStatus[]>> {
    await this.#ensure(stationIds);
    const out = new Map<string, readonly LiveConnectorStatus[]>();
    for (const id of stationIds) {
      const e = this.#entries.get(id);
      // The shared array itself (read-only by contract): no copy per request.
      if (e && e.statuses.length > 0) out.set(id, e.statuses);
    }
    return out;
  }

  async offlineOf(stationIds: readonly string[]): Promise<Set<string>> {
    await this.#ensure(stationIds);
    const out = new Set<string>();
    for (const id of stationIds) if (this.#entries.get(id)?.offline === true) out.add(id);
    return out;
  }

  // After #ensure, every station asked for has an entry: answers come straight from the copy.
  readonly #reader: LiveRead = {
    statuses: (id) => {
      const e = this.#entries.get(id);
      return e && e.statuses.length > 0 ? e.statuses : undefined;
    },
    offline: (id) => this.#entries.get(id)?.offline === true,
  };

  async read(stationIds: readonly string[]): Promise<LiveRead> {
    await this.#ensure(stationIds);
    return this.#reader;
  }

  /** Background re-reads started so far have finished (for tests and shutdown). */
  settled(): Promise<void> {
    return this.#background;
  }

  /** Stations never read are fetched now; stale ones are re-read in the background. */
  async #ensure(stationIds: readonly string[]): Promise<void> {
    const cutoff = this.now() - this.maxAgeMs;
    let missing: string[] | undefined;
    let stale: string[] | undefined;
    for (const id of stationIds) {
      const e = this.#entries.get(id);
      if (!e) (missing ??= []).push(id);
      else if (e.fetchedAt < cutoff && !this.#refreshing.has(id)) (stale ??= []).push(id);
    }
    if (stale) {
      for (const id of stale) this.#refreshing.add(id);
      const ids = stale;
      const run = this.#fetch(ids)
        .catch(() => undefined) // the copy stays; the next request past maxAge tries again
        .finally(() => {
          for (const id of ids) this.#refreshing.delete(id);
        });
      this.#background = Promise.all([this.#background, run]).then(() => undefined);
    }
    if (missing) await this.#fetch(missing);
  }

  async #fetch(stationIds: readonly string[]): Promise<void> {
    const [statuses, offline] = await Promise.all([this.source.getMany(stationIds), this.source.offlineOf(stationIds)]);
    const at = this.now();
    for (const id of stationIds) {
      this.#entries.set(id, { statuses: [...(statuses.get(id) ?? [])].sort(byConnector), offline: offline.has(id), fetchedAt: at });
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
    const i = entry.statuses.findIndex((s) => s.evseNo === e.evseNo && s.connectorNo === e.connectorNo);
    const known = i >= 0 ? entry.statuses[i] : undefined;
    if (known && Date.parse(known.at) > Date.parse(e.at)) return;
    const next = { stationId: e.stationId, evseNo: e.evseNo, connectorNo: e.connectorNo, status: e.status, at: e.at };
    entry.statuses = i >= 0 ? entry.statuses.map((s, j) => (j === i ? next : s)) : [...entry.statuses, next].sort(byConnector);
  }
}

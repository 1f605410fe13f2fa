import type { LiveConnectorStatus, LiveRead, LiveStationState, LiveStatusStore, StatusEvent, StatusEventBus, StatusSubscription } from '../../domain/availability/index.js';
import { byConnector } from './live-status.js';

interface Entry {
  /** Replaced, never changed in place, and only when something in it changed: readers compare by identity. */
  state: LiveStationState;
  fetchedAt: number;
}

const sameStatuses = (a: readonly LiveConnectorStatus[], b: readonly LiveConnectorStatus[]): boolean =>
  a.length === b.length && a.every((s, i) => s.evseNo === b[i]?.evseNo && s.connectorNo === b[i]?.connectorNo && s.status === b[i]?.status && s.at === b[i]?.at);

/**
 * An API node's in-process copy of the shared live state: read through from the source (Redis) the
 * first time a station is asked for, kept current by the status event stream, and re-read by a
 * sweep (every `sweepMs`) once an entry is older than `maxAgeMs`, in case an event was missed.
 * Search reads then cost no network round trip, and a request does no more than look its stations up.
 */
/** Fewest entries a sweep may re-read (the share per tick is larger for a large copy). */
const MIN_SWEEP = 100;
const NEVER_READ: LiveStationState = { statuses: [], offline: false };

export class LiveStatusReplica implements LiveStatusStore {
  #entries = new Map<string, Entry>();
  #sub: StatusSubscription | undefined;
  #sweeper: NodeJS.Timeout | undefined;
  #sweeping: Promise<void> | undefined;
  /** Stations with a read under way (how many), and those an event or change reached meanwhile. */
  readonly #reading = new Map<string, number>();
  readonly #touched = new Set<string>();

  constructor(
    private readonly source: LiveStatusStore,
    private readonly bus: StatusEventBus,
    private readonly maxAgeMs = 5_000,
    private readonly now: () => number = Date.now,
    private readonly sweepMs = 250,
  ) {}

  async start(): Promise<void> {
    this.#sub = await this.bus.subscribe({}, undefined, (e) => this.#apply(e));
    this.#sweeper = setInterval(() => void this.refreshStale(), this.sweepMs);
    this.#sweeper.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#sweeper);
    await this.#sub?.close();
    await this.#sweeping;
  }

  /**
   * Re-read the entries older than maxAge (the timer calls this; so may tests), oldest first and at
   * most the share that falls due per tick, so a large copy is re-read evenly rather than in one
   * burst that holds up the event loop. A sweep still running is joined rather than doubled; a
   * failed one leaves the copy for the next.
   */
  refreshStale(): Promise<void> {
    this.#sweeping ??= (async () => {
      const cutoff = this.now() - this.maxAgeMs;
      const limit = Math.max(MIN_SWEEP, Math.ceil(((this.#entries.size * this.sweepMs) / Math.max(1, this.maxAgeMs)) * 1.5));
      const stale: string[] = [];
      // Entries stay in the order they were read (a re-read moves one to the end): stale ones come first.
      for (const [id, e] of this.#entries) {
        if (e.fetchedAt >= cutoff || stale.length >= limit) break;
        stale.push(id);
      }
      if (stale.length > 0) await this.#fetch(stale).catch(() => undefined);
    })().finally(() => {
      this.#sweeping = undefined;
    });
    return this.#sweeping;
  }

  async set(status: LiveConnectorStatus): Promise<boolean> {
    return this.source.set(status);
  }

  async setOffline(stationId: string, at: string): Promise<void> {
    await this.source.setOffline(stationId, at);
    this.#update(stationId, (st) => ({ statuses: st.statuses, offline: true }));
  }

  async setOnline(stationId: string): Promise<void> {
    await this.source.setOnline(stationId);
    this.#update(stationId, (st) => ({ statuses: st.statuses, offline: false }));
  }

  async getMany(stationIds: readonly string[]): Promise<Map<string, readonly LiveConnectorStatus[]>> {
    await this.#ensure(stationIds);
    const out = new Map<string, readonly LiveConnectorStatus[]>();
    for (const id of stationIds) {
      const e = this.#entries.get(id);
      // The shared array itself (read-only by contract): no copy per request.
      if (e && e.state.statuses.length > 0) out.set(id, e.state.statuses);
    }
    return out;
  }

  async offlineOf(stationIds: readonly string[]): Promise<Set<string>> {
    await this.#ensure(stationIds);
    const out = new Set<string>();
    for (const id of stationIds) if (this.#entries.get(id)?.state.offline === true) out.add(id);
    return out;
  }

  // After #ensure, every station asked for has an entry: answers come straight from the copy.
  readonly #reader: LiveRead = { station: (id) => this.#entries.get(id)?.state ?? NEVER_READ };

  async read(stationIds: readonly string[]): Promise<LiveRead> {
    await this.#ensure(stationIds);
    return this.#reader;
  }

  /** Stations never read are fetched now (the others are kept current by events and the sweep). */
  async #ensure(stationIds: readonly string[]): Promise<void> {
    let missing: string[] | undefined;
    for (const id of stationIds) if (!this.#entries.has(id)) (missing ??= []).push(id);
    if (missing) await this.#fetch(missing);
  }

  /**
   * Reads the stations from the source. An event that reaches a station while its read is out may
   * be newer than what the read saw: such a station keeps what the events made of it (or, on a
   * first read, takes the read) and is read once more straight away, by a read that starts after
   * the event and so sees it.
   */
  async #fetch(stationIds: readonly string[]): Promise<void> {
    for (const id of stationIds) this.#reading.set(id, (this.#reading.get(id) ?? 0) + 1);
    const again: string[] = [];
    try {
      const [statuses, offline] = await Promise.all([this.source.getMany(stationIds), this.source.offlineOf(stationIds)]);
      const at = this.now();
      for (const id of stationIds) {
        const known = this.#entries.get(id)?.state;
        const next: LiveStationState = { statuses: [...(statuses.get(id) ?? [])].sort(byConnector), offline: offline.has(id) };
        if (this.#touched.has(id)) again.push(id);
        // Unchanged, or overtaken by an event: keep the object, so views built from it stay valid.
        const keep = known !== undefined && (this.#touched.has(id) || (known.offline === next.offline && sameStatuses(known.statuses, next.statuses)));
        this.#entries.delete(id);
        this.#entries.set(id, { state: keep ? known : next, fetchedAt: at });
      }
    } finally {
      for (const id of stationIds) {
        const n = (this.#reading.get(id) ?? 1) - 1;
        if (n > 0) this.#reading.set(id, n);
        else {
          this.#reading.delete(id);
          this.#touched.delete(id);
        }
      }
    }
    if (again.length > 0) void this.#fetch(again).catch(() => undefined);
  }

  #update(stationId: string, change: (s: LiveStationState) => LiveStationState): void {
    if (this.#reading.has(stationId)) this.#touched.add(stationId);
    const e = this.#entries.get(stationId);
    if (e) e.state = change(e.state);
  }

  /** Events of stations this node has read; others are fetched when first asked for. */
  #apply(e: StatusEvent): void {
    if (this.#reading.has(e.stationId)) this.#touched.add(e.stationId);
    const entry = this.#entries.get(e.stationId);
    if (!entry) return;
    const { statuses } = entry.state;
    if (e.status === 'OFFLINE') {
      entry.state = { statuses, offline: true };
      return;
    }
    const i = statuses.findIndex((s) => s.evseNo === e.evseNo && s.connectorNo === e.connectorNo);
    const known = i >= 0 ? statuses[i] : undefined;
    if (known && Date.parse(known.at) > Date.parse(e.at)) {
      // An older report (or the replay after a reconnect): only the station being back counts.
      if (entry.state.offline) entry.state = { statuses, offline: false };
      return;
    }
    const next = { stationId: e.stationId, evseNo: e.evseNo, connectorNo: e.connectorNo, status: e.status, at: e.at };
    entry.state = { statuses: i >= 0 ? statuses.map((s, j) => (j === i ? next : s)) : [...statuses, next].sort(byConnector), offline: false };
  }
}

import type { StationPresence } from '../domain/stations/index.js';

interface Closable {
  close(options?: { code?: number; reason?: string; force?: boolean }): Promise<unknown>;
}

/**
 * The stations whose sockets this node holds. Exactly one socket per identity: a new connection
 * replaces the old one here, and claims the station in the shared presence registry, whose lease
 * this node renews while the socket lives.
 */
export class Connections<C extends Closable> {
  #local = new Map<string, C>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly presence: StationPresence,
    private readonly nodeId: string,
    private readonly leaseMs = 90_000,
  ) {}

  start(): void {
    this.#timer = setInterval(() => void this.presence.renew([...this.#local.keys()], this.nodeId, this.leaseMs).catch(() => {}), this.leaseMs / 3);
    this.#timer.unref();
  }

  /** Returns the node that held the station before, when it was another node. */
  async add(stationId: string, client: C): Promise<string | null> {
    const previous = this.#local.get(stationId);
    this.#local.set(stationId, client);
    if (previous && previous !== client) await previous.close({ code: 1000, reason: 'Replaced by a newer connection' });
    return this.presence.claim(stationId, this.nodeId, this.leaseMs);
  }

  /**
   * Another node took the station over: close our (stale) socket, unless the station has come
   * back here since. Dropped from the map first, so its close does not mark the station offline.
   */
  async evictIfTakenOver(stationId: string): Promise<boolean> {
    const client = this.#local.get(stationId);
    if (!client || (await this.presence.ownerOf(stationId)) === this.nodeId) return false;
    if (this.#local.get(stationId) !== client) return false;
    this.#local.delete(stationId);
    await client.close({ code: 1000, reason: 'Connected to another node' });
    return true;
  }

  /** Returns false when this socket had already been replaced by a newer one. */
  async remove(stationId: string, client: C): Promise<boolean> {
    if (this.#local.get(stationId) !== client) return false;
    this.#local.delete(stationId);
    await this.presence.release(stationId, this.nodeId);
    return true;
  }

  get(stationId: string): C | undefined {
    return this.#local.get(stationId);
  }

  get size(): number {
    return this.#local.size;
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#timer);
    const all = [...this.#local.entries()];
    await Promise.all(all.map(([, c]) => c.close({ code: 1001, reason: 'Server shutting down' })));
    await Promise.all(all.map(([id, c]) => this.remove(id, c)));
  }
}

import type { StationPresence } from '../../domain/stations/index.js';

/** Single-node twin of the Redis presence registry. */
export class MemoryPresence implements StationPresence {
  #owners = new Map<string, { node: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  #live(stationId: string): string | null {
    const e = this.#owners.get(stationId);
    if (!e) return null;
    if (e.until <= this.now()) {
      this.#owners.delete(stationId);
      return null;
    }
    return e.node;
  }

  async claim(stationId: string, nodeId: string, leaseMs: number): Promise<string | null> {
    const previous = this.#live(stationId);
    this.#owners.set(stationId, { node: nodeId, until: this.now() + leaseMs });
    return previous !== null && previous !== nodeId ? previous : null;
  }

  async renew(stationIds: readonly string[], nodeId: string, leaseMs: number): Promise<void> {
    for (const id of stationIds) {
      if (this.#live(id) === nodeId) this.#owners.set(id, { node: nodeId, until: this.now() + leaseMs });
    }
  }

  async release(stationId: string, nodeId: string): Promise<void> {
    if (this.#live(stationId) === nodeId) this.#owners.delete(stationId);
  }

  async ownerOf(stationId: string): Promise<string | null> {
    return this.#live(stationId);
  }

  async ownersOf(stationIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of stationIds) {
      const n = this.#live(id);
      if (n) out.set(id, n);
    }
    return out;
  }
}

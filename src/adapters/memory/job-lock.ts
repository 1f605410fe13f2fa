import type { JobLock } from '../../domain/scheduling/index.js';

/** One node: a lease table in memory. */
export class MemoryJobLock implements JobLock {
  #held = new Map<string, { owner: string; until: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(job: string, owner: string, leaseMs: number): Promise<boolean> {
    const h = this.#held.get(job);
    if (h && h.until > this.now() && h.owner !== owner) return false;
    this.#held.set(job, { owner, until: this.now() + leaseMs });
    return true;
  }

  async release(job: string, owner: string): Promise<void> {
    if (this.#held.get(job)?.owner === owner) this.#held.delete(job);
  }
}

import type { RequestCounter } from '../../domain/access/index.js';

/** Past this many keys, windows that have ended are dropped. */
const SWEEP_AT = 10_000;

/** Single-node twin of the Redis request counter. */
export class MemoryRequestCounter implements RequestCounter {
  readonly #windows = new Map<string, { count: number; endsAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }> {
    const now = this.now();
    let w = this.#windows.get(key);
    if (!w || w.endsAt <= now) {
      if (this.#windows.size >= SWEEP_AT) for (const [k, v] of this.#windows) if (v.endsAt <= now) this.#windows.delete(k);
      w = { count: 0, endsAt: now + windowMs };
      this.#windows.set(key, w);
    }
    w.count++;
    return { count: w.count, resetInMs: w.endsAt - now };
  }
}

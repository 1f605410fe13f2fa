/**
 * Finds stations whose socket is still open but that stopped talking: no message for longer than
 * twice their heartbeat interval (ws pings can keep a socket alive for a hung charger).
 */
export class SilenceWatch {
  #lastHeard = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limitMs: number,
    private readonly onSilent: (stationId: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  start(checkEveryMs = Math.max(1_000, Math.min(10_000, this.limitMs / 4))): void {
    this.#timer = setInterval(() => this.check(), checkEveryMs);
    this.#timer.unref();
  }

  heard(stationId: string): void {
    this.#lastHeard.set(stationId, this.now());
  }

  forget(stationId: string): void {
    this.#lastHeard.delete(stationId);
  }

  check(): void {
    const cutoff = this.now() - this.limitMs;
    for (const [id, at] of this.#lastHeard) {
      if (at < cutoff) {
        this.#lastHeard.delete(id);
        this.onSilent(id);
      }
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

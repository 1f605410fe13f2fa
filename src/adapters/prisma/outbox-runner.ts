import type { EventConsumer, EventKind, EventPosition, StoredEvent } from '../../domain/events/index.js';
import type { Logger } from '../../shared/logger.js';
import type { SqlOutbox } from './outbox.store.js';

export interface OutboxRunnerOptions {
  /** This node's name: the lease owner. */
  readonly owner: string;
  readonly log: Logger;
  /** Idle wait between reads (ms). */
  readonly pollMs?: number;
  /** Events read per step. */
  readonly batch?: number;
  /** How long a node keeps a consumer once it took it (renewed every step). */
  readonly leaseMs?: number;
}

const after = (a: EventPosition, b: EventPosition): boolean => {
  const [ta, tb] = [BigInt(a.txId), BigInt(b.txId)];
  return ta === tb ? BigInt(a.id) > BigInt(b.id) : ta > tb;
};

/**
 * Runs durable consumers of the outbox: each has its own cursor in the store and a lease, so every
 * node may run every consumer and one node at a time handles each. The cursor moves only after a
 * batch was handled, so a crash hands the batch over again (consumers are idempotent).
 */
export class OutboxRunner {
  #running = false;
  #loops: Promise<void>[] = [];
  #wake = new Set<() => void>();
  /** Steps of one consumer never overlap on this node (the lease only keeps other nodes off). */
  #steps = new Map<string, Promise<unknown>>();
  readonly #pollMs: number;
  readonly #batch: number;
  readonly #leaseMs: number;

  constructor(
    private readonly outbox: SqlOutbox,
    private readonly consumers: readonly EventConsumer[],
    private readonly o: OutboxRunnerOptions,
  ) {
    this.#pollMs = o.pollMs ?? 150;
    this.#batch = o.batch ?? 200;
    // Short: a node that dies holds its consumers only this long (every step renews it).
    this.#leaseMs = o.leaseMs ?? 5_000;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loops = this.consumers.map((c) => this.#loop(c));
  }

  /** Read now instead of at the next poll (after this process wrote events). */
  nudge(): void {
    for (const w of [...this.#wake]) w();
  }

  /**
   * One step of one consumer: claim, read a batch, handle it, move the cursor. Returns the number
   * of events read (0 when caught up or another node holds the consumer).
   */
  step(consumer: EventConsumer): Promise<number> {
    const previous = this.#steps.get(consumer.name) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#stepNow(consumer));
    this.#steps.set(consumer.name, next);
    return next;
  }

  async #stepNow(consumer: EventConsumer): Promise<number> {
    const cursor = await this.outbox.claim(consumer.name, this.o.owner, this.#leaseMs);
    if (!cursor) return 0;
    const { events, through } = await this.outbox.read(cursor, consumer.batch ?? this.#batch, consumer.kinds);
    if (events.length > 0) await consumer.handle(events);
    const moved = after(through, cursor);
    if (moved) await this.outbox.advance(consumer.name, this.o.owner, through);
    return events.length;
  }

  /**
   * After a write on this node: until the consumers this node can take have handled what was
   * committed before the call, or `timeoutMs` passed (another node may hold a consumer). Lets a
   * caller read the follow-ups of its own write (a reservation after the accepted command).
   */
  async catchUp(timeoutMs: number): Promise<void> {
    const target = await this.outbox.head();
    const deadline = Date.now() + timeoutMs;
    await Promise.all(
      this.consumers.map(async (c) => {
        while (Date.now() < deadline) {
          const cursor = await this.outbox.claim(c.name, this.o.owner, this.#leaseMs);
          if (!cursor) return;
          if (!after(target, cursor)) return;
          await this.step(c);
        }
      }),
    );
  }

  /** Until every consumer has handled everything committed before the call (tests, settlement). */
  async drain(): Promise<void> {
    const target = await this.outbox.head();
    for (const c of this.consumers) {
      for (;;) {
        const cursor = await this.outbox.claim(c.name, this.o.owner, this.#leaseMs);
        if (cursor && !after(target, cursor)) break;
        if (cursor) await this.step(c);
        else await new Promise((r) => setTimeout(r, this.#pollMs));
      }
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.nudge();
    await Promise.all(this.#loops);
    for (const c of this.consumers) await this.outbox.release(c.name, this.o.owner).catch(() => undefined);
  }

  async #loop(consumer: EventConsumer): Promise<void> {
    let failures = 0;
    while (this.#running) {
      let read = 0;
      try {
        read = await this.step(consumer);
        failures = 0;
      } catch (err) {
        failures++;
        this.o.log.error({ err, consumer: consumer.name, failures }, 'outbox consumer failed; retrying its batch');
      }
      if (!this.#running) break;
      // Keep going while there is more; otherwise wait (longer after failures) or until nudged.
      if (read >= (consumer.batch ?? this.#batch) && failures === 0) continue;
      await this.#sleep(failures > 0 ? Math.min(30_000, 500 * 2 ** Math.min(failures, 6)) : consumer.pollMs ?? this.#pollMs);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.#wake.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.#wake.add(done);
    });
  }
}

/**
 * This node's view of new events, not durable: it starts at the outbox's head and hands what
 * follows to in-process listeners (cache invalidation on every node). Nothing is lost that matters
 * here: a node that starts reads its caches fresh.
 */
export class OutboxTail {
  #position: EventPosition | undefined;
  #timer: NodeJS.Timeout | undefined;
  #listeners: { kinds: readonly EventKind[]; fn: (events: readonly StoredEvent[]) => void }[] = [];
  #reading: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  constructor(
    private readonly outbox: SqlOutbox,
    private readonly log: Logger,
    private readonly pollMs = 250,
  ) {}

  on(kinds: readonly EventKind[], fn: (events: readonly StoredEvent[]) => void): void {
    this.#listeners.push({ kinds, fn });
  }

  async start(): Promise<void> {
    this.#position = await this.outbox.head();
    this.#timer = setInterval(() => void this.poll(), this.pollMs);
    this.#timer.unref();
  }

  /**
   * Reads what was committed up to now. A write on this node awaits it after its commit, so this
   * node's own answers see the change at once (others within the poll interval).
   */
  poll(): Promise<void> {
    if (!this.#reading) {
      this.#reading = this.#read().finally(() => (this.#reading = undefined));
      return this.#reading;
    }
    // A read is under way and may have begun before the caller's commit: one more after it.
    this.#next ??= this.#reading.then(() => {
      this.#next = undefined;
      return this.poll();
    });
    return this.#next;
  }

  async #read(): Promise<void> {
    if (!this.#position) return;
    try {
      for (;;) {
        const { events, through } = await this.outbox.read(this.#position, 500);
        this.#position = through;
        for (const l of this.#listeners) {
          const mine = events.filter((e) => l.kinds.includes(e.kind));
          if (mine.length > 0) l.fn(mine);
        }
        if (events.length < 500) return;
      }
    } catch (err) {
      this.log.warn({ err }, 'reading the outbox tail failed');
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

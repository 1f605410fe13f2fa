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

/** A consumer this node holds: where it stands, when to renew the lease, when its cursor was last stored. */
interface Held {
  cursor: EventPosition;
  renewAt: number;
  savedAt: number;
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
  #held = new Map<string, Held>();
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

  /**
   * The consumer's cursor while this node holds it: claimed (and the lease renewed) only every
   * third of the lease, not on every step, so a busy consumer costs no write per step.
   */
  async #hold(consumer: EventConsumer): Promise<Held | undefined> {
    const now = Date.now();
    const held = this.#held.get(consumer.name);
    if (held && now < held.renewAt) return held;
    const stored = await this.outbox.claim(consumer.name, this.o.owner, this.#leaseMs);
    if (!stored) {
      this.#held.delete(consumer.name);
      return undefined;
    }
    // Still ours: the position reached in memory may be ahead of the one stored.
    const cursor = held && after(held.cursor, stored) ? held.cursor : stored;
    const next: Held = { cursor, renewAt: now + this.#leaseMs / 3, savedAt: held?.savedAt ?? now };
    this.#held.set(consumer.name, next);
    return next;
  }

  async #stepNow(consumer: EventConsumer): Promise<number> {
    const held = await this.#hold(consumer);
    if (!held) return 0;
    const { events, through } = await this.outbox.read(held.cursor, consumer.batch ?? this.#batch, consumer.kinds);
    if (events.length > 0) await consumer.handle(events);
    if (after(through, held.cursor)) {
      held.cursor = through;
      // Handled events are recorded at once; a cursor that only skipped ahead, now and then.
      const now = Date.now();
      if (events.length > 0 || now - held.savedAt > 1_000) {
        held.savedAt = now;
        if (!(await this.outbox.advance(consumer.name, this.o.owner, through))) this.#held.delete(consumer.name);
      }
    }
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
          const held = await this.#hold(c);
          if (!held || !after(target, held.cursor)) return;
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
        const held = await this.#hold(c);
        if (held && !after(target, held.cursor)) break;
        if (held) await this.step(c);
        else await new Promise((r) => setTimeout(r, this.#pollMs));
      }
    }
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.nudge();
    await Promise.all(this.#loops);
    for (const [name, held] of this.#held) await this.outbox.advance(name, this.o.owner, held.cursor).catch(() => false);
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

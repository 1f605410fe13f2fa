import type { EventConsumer, EventKind, EventPosition, StoredEvent } from '../../domain/events/index.js';
import type { Logger } from '../../shared/logger.js';
import type { SqlOutbox } from './outbox.store.js';
import { positionAfter as after, takeFromWindows, type OutboxWindow } from './outbox-window.js';

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
  /**
   * When set, the node's tail reads the outbox for all consumers and `offer`s each read: a
   * consumer takes its events from there, and reads the store itself only when behind, or this
   * often (ms) to renew its lease. Replaces the consumers' own pollMs.
   */
  readonly idleMs?: number;
}

/** A consumer this node holds: where it stands, when to renew the lease, when its cursor was last stored. */
interface Held {
  cursor: EventPosition;
  renewAt: number;
  savedAt: number;
}

/** A cursor that only skipped past other kinds is stored this rarely (a restart re-reads at most this much). */
const SKIP_SAVE_MS = 5_000;
/** Offered events kept per consumer at most; beyond, the consumer reads the store instead. */
const MAILBOX_EVENTS = 5_000;


/**
 * Runs durable consumers of the outbox: each has its own cursor in the store and a lease, so every
 * node may run every consumer and one node at a time handles each. The cursor moves only after a
 * batch was handled, so a crash hands the batch over again (consumers are idempotent).
 */
export class OutboxRunner {
  #running = false;
  #loops: Promise<void>[] = [];
  /** Per consumer, its wait to cut short, and whether new events may (not during a back-off). */
  #wake = new Map<string, Map<() => void, boolean>>();
  #held = new Map<string, Held>();
  /** Consumers another node holds: not claimed again before this time (ms), however often woken. */
  #othersUntil = new Map<string, number>();
  /** Per consumer, the tail's reads offered since its last step. */
  #mailbox = new Map<string, { windows: OutboxWindow[]; events: number }>();
  /** Consumers backing off after a failure: offers wait for the retry. */
  #failing = new Set<string>();
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
    for (const waits of this.#wake.values()) for (const w of [...waits.keys()]) w();
  }

  /**
   * The tail read the outbox: each consumer this node holds keeps the read for its next step, and
   * those with events of their kinds in it step now. One read per node serves every consumer.
   */
  offer(window: OutboxWindow): void {
    if (!this.#running) return;
    for (const c of this.consumers) {
      if (!this.#held.has(c.name)) continue;
      const box = this.#mailbox.get(c.name) ?? { windows: [], events: 0 };
      if (box.events + window.events.length > MAILBOX_EVENTS) {
        // Too far behind to keep it all in memory: it reads the store.
        box.windows = [];
        box.events = 0;
      } else {
        box.windows.push(window);
        box.events += window.events.length;
      }
      this.#mailbox.set(c.name, box);
      if (this.#failing.has(c.name) || !window.events.some((e) => c.kinds.includes(e.kind))) continue;
      for (const [w, wakeable] of [...(this.#wake.get(c.name) ?? [])]) if (wakeable) w();
    }
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
    if (!held && now < (this.#othersUntil.get(consumer.name) ?? 0)) return undefined;
    const stored = await this.outbox.claim(consumer.name, this.o.owner, this.#leaseMs);
    if (!stored) {
      this.#held.delete(consumer.name);
      this.#othersUntil.set(consumer.name, now + this.#leaseMs / 3);
      return undefined;
    }
    this.#othersUntil.delete(consumer.name);
    // Still ours: the position reached in memory may be ahead of the one stored.
    const cursor = held && after(held.cursor, stored) ? held.cursor : stored;
    const next: Held = { cursor, renewAt: now + this.#leaseMs / 3, savedAt: held?.savedAt ?? now };
    this.#held.set(consumer.name, next);
    return next;
  }

  async #stepNow(consumer: EventConsumer): Promise<number> {
    const box = this.#mailbox.get(consumer.name);
    this.#mailbox.delete(consumer.name);
    const held = await this.#hold(consumer);
    if (!held) return 0;
    const limit = consumer.batch ?? this.#batch;
    const { events, through } = (box && takeFromWindows(box.windows, held.cursor, consumer.kinds, limit)) ?? (await this.outbox.read(held.cursor, limit, consumer.kinds));
    if (events.length > 0) await consumer.handle(events);
    if (after(through, held.cursor)) {
      held.cursor = through;
      // Handled events are recorded at once; a cursor that only skipped ahead, now and then.
      const now = Date.now();
      if (events.length > 0 || now - held.savedAt > SKIP_SAVE_MS) {
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
        this.#failing.delete(consumer.name);
      } catch (err) {
        failures++;
        this.#failing.add(consumer.name);
        this.o.log.error({ err, consumer: consumer.name, failures }, 'outbox consumer failed; retrying its batch');
      }
      if (!this.#running) break;
      // Keep going while there is more; otherwise wait (longer after failures) or until nudged.
      if (failures === 0 && (read >= (consumer.batch ?? this.#batch) || this.#mailbox.has(consumer.name))) continue;
      const idle = this.o.idleMs ?? consumer.pollMs ?? this.#pollMs;
      await this.#sleep(consumer.name, failures > 0 ? Math.min(30_000, 500 * 2 ** Math.min(failures, 6)) : idle, failures === 0);
    }
  }

  /** Waits `ms`, or less when nudged, or when woken by new events unless backing off after a failure. */
  #sleep(name: string, ms: number, wakeable: boolean): Promise<void> {
    return new Promise((resolve) => {
      let waits = this.#wake.get(name);
      if (!waits) this.#wake.set(name, (waits = new Map()));
      const done = () => {
        clearTimeout(t);
        waits.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      waits.set(done, wakeable);
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
  #readers: ((window: OutboxWindow) => void)[] = [];
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

  /** Every read whole (all kinds, with where it began and how far it looked): the node's durable consumers. */
  onRead(fn: (window: OutboxWindow) => void): void {
    this.#readers.push(fn);
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
        const from = this.#position;
        const { events, through } = await this.outbox.read(from, 500);
        this.#position = through;
        for (const r of this.#readers) r({ from, through, events });
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

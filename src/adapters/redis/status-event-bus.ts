import type {
  StatusEvent,
  StatusEventBus,
  StatusEventFilter,
  StatusSubscription,
} from '../../domain/availability/live-status.ports.js';
import { DEFAULT_HISTORY_MS, deliver, eventBody, parseEventId } from '../memory/status-event-bus.js';
import type { Redis } from './client.js';

/**
 * XADD trimming everything older than historyMs by Redis's own clock (TIME), so a node whose
 * clock runs ahead cannot trim history early. `~`: whole stream nodes only, so more may stay.
 * KEYS[1] stream; ARGV: historyMs, event JSON.
 */
const PUBLISH = `
local t = redis.call('TIME')
local minMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - tonumber(ARGV[1])
return redis.call('XADD', KEYS[1], 'MINID', '~', string.format('%d', minMs), '*', 'e', ARGV[2])`;

/** Blocking reads end at least this often, so a broken loop notices `closed`; close() does not wait for it. */
const BLOCK_MS = 1_000;
const READ_COUNT = 500;
const RETRY_MS = 250;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fan-out over one Redis Stream; the stream id is the event id (Last-Event-ID). */
export class RedisStatusEventBus implements StatusEventBus {
  readonly #key: string;
  readonly #historyMs: number;

  constructor(
    private readonly redis: Redis,
    options: { key?: string; historyMs?: number } = {},
  ) {
    this.#key = options.key ?? 'xj:status-events';
    this.#historyMs = options.historyMs ?? DEFAULT_HISTORY_MS;
  }

  async publish(event: Omit<StatusEvent, 'id'>): Promise<string> {
    const id = await this.redis.eval(PUBLISH, {
      keys: [this.#key],
      arguments: [String(this.#historyMs), JSON.stringify(eventBody(event))],
    });
    return String(id);
  }

  /**
   * One blocking reader per bus (per node) however many subscribers it has: each event is read and
   * parsed once and fanned out in memory. A subscriber resuming from `afterId` first catches up
   * with XRANGE while live events for it are held back, so it sees every event once, in order.
   */
  async subscribe(
    filter: StatusEventFilter,
    afterId: string | undefined,
    onEvent: (e: StatusEvent) => void,
  ): Promise<StatusSubscription> {
    const resume = parseEventId(afterId);
    // Not `$`: the newest id now, so an event published right after subscribe() returns is kept.
    const sub: Subscriber = { filter, onEvent, after: resume ?? idKey(await this.#lastId()), held: resume ? [] : undefined };
    this.#subscribers.add(sub);
    this.#ensureReader();
    if (resume) await this.#catchUp(sub);
    return {
      close: async () => {
        if (!this.#subscribers.delete(sub)) return;
        if (this.#subscribers.size === 0) await this.#stopReader();
      },
    };
  }

  readonly #subscribers = new Set<Subscriber>();
  #reader: { conn: Redis; closed: boolean; loop: Promise<void> } | undefined;

  #offer(sub: Subscriber, key: readonly [number, number], event: StatusEvent): void {
    if (!isAfter(key, sub.after)) return;
    if (sub.held) {
      sub.held.push([key, event]);
      return;
    }
    sub.after = key;
    deliver(sub.filter, sub.onEvent, event);
  }

  async #catchUp(sub: Subscriber): Promise<void> {
    let from = `(${sub.after[0]}-${sub.after[1]}`;
    for (;;) {
      const batch = (await this.redis.xRange(this.#key, from, '+', { COUNT: READ_COUNT })) ?? [];
      for (const { id, message } of batch) {
        const event = parseEvent(String(id), message);
        const key = idKey(String(id));
        if (event && isAfter(key, sub.after)) {
          sub.after = key;
          deliver(sub.filter, sub.onEvent, event);
        }
        from = `(${id}`;
      }
      if (batch.length < READ_COUNT) break;
    }
    const held = sub.held ?? [];
    sub.held = undefined;
    for (const [key, event] of held) this.#offer(sub, key, event);
  }

  #ensureReader(): void {
    if (this.#reader) return;
    const conn = this.redis.duplicate();
    conn.on('error', () => {});
    const reader = { conn, closed: false, loop: Promise.resolve() };
    reader.loop = (async () => {
      let cursor = await this.#lastId();
      // Subscribers registered before the reader's first read may sit just behind its cursor.
      for (const s of this.#subscribers) if (isAfter(idKey(cursor), s.after)) cursor = `${s.after[0]}-${s.after[1]}`;
      await conn.connect().catch(() => undefined);
      while (!reader.closed) {
        let reply: Awaited<ReturnType<typeof conn.xRead>>;
        try {
          reply = await conn.xRead({ key: this.#key, id: cursor }, { BLOCK: BLOCK_MS, COUNT: READ_COUNT });
        } catch {
          if (!reader.closed) await sleep(RETRY_MS);
          continue;
        }
        for (const stream of asStreams(reply)) {
          for (const { id, message } of stream.messages) {
            cursor = id;
            const event = parseEvent(id, message);
            if (!event) continue;
            const key = idKey(id);
            for (const s of this.#subscribers) this.#offer(s, key, event);
          }
        }
      }
    })();
    this.#reader = reader;
  }

  async #stopReader(): Promise<void> {
    const reader = this.#reader;
    if (!reader) return;
    this.#reader = undefined;
    reader.closed = true;
    reader.conn.destroy(); // ends a pending BLOCK at once instead of waiting up to BLOCK_MS
    await reader.loop;
  }

  async #lastId(): Promise<string> {
    const last = (await this.redis.xRevRange(this.#key, '+', '-', { COUNT: 1 }))?.[0];
    // No stream (or an empty one) yet: every id it will ever hold is after 0-0.
    return last ? String(last.id) : '0-0';
  }
}

interface Subscriber {
  readonly filter: StatusEventFilter;
  readonly onEvent: (e: StatusEvent) => void;
  /** The last event this subscriber has had (or the point it asked to start after). */
  after: readonly [number, number];
  /** While catching up: live events held back, delivered afterwards in order. */
  held: [readonly [number, number], StatusEvent][] | undefined;
}

const idKey = (id: string): readonly [number, number] => parseEventId(id) ?? [0, 0];
const isAfter = (a: readonly [number, number], b: readonly [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

interface StreamReply {
  readonly messages: readonly { readonly id: string; readonly message: Record<string, unknown> }[];
}

/** XREAD's reply (RESP2): null on timeout, else one `{ name, messages }` per stream. */
function asStreams(reply: unknown): readonly StreamReply[] {
  return Array.isArray(reply) ? (reply as StreamReply[]) : [];
}

function parseEvent(id: string, message: Record<string, unknown>): StatusEvent | null {
  try {
    return { ...(JSON.parse(String(message.e)) as Omit<StatusEvent, 'id'>), id: String(id) };
  } catch {
    return null; // not ours or damaged: skip it rather than stop the subscription
  }
}

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

  async subscribe(
    filter: StatusEventFilter,
    afterId: string | undefined,
    onEvent: (e: StatusEvent) => void,
  ): Promise<StatusSubscription> {
    const from = parseEventId(afterId);
    // Not `$`: that would mean "after whatever is last when XREAD runs", losing events published
    // between this call returning and the first read.
    let cursor = from ? `${from[0]}-${from[1]}` : await this.#lastId();
    // Blocking reads get their own connection, so they never hold up the shared client.
    const conn = this.redis.duplicate();
    conn.on('error', () => {});
    await conn.connect();
    let closed = false;

    const loop = (async () => {
      while (!closed) {
        let reply: Awaited<ReturnType<typeof conn.xRead>>;
        try {
          reply = await conn.xRead({ key: this.#key, id: cursor }, { BLOCK: BLOCK_MS, COUNT: READ_COUNT });
        } catch {
          // Closed under us (close() destroys the connection) or Redis is away: retry from cursor.
          if (!closed) await sleep(RETRY_MS);
          continue;
        }
        for (const stream of asStreams(reply)) {
          for (const { id, message } of stream.messages) {
            if (closed) return;
            cursor = id;
            const event = parseEvent(id, message);
            if (event) deliver(filter, onEvent, event);
          }
        }
      }
    })();

    return {
      close: async () => {
        if (closed) return;
        closed = true;
        conn.destroy(); // ends a pending BLOCK at once instead of waiting up to BLOCK_MS
        await loop;
      },
    };
  }

  async #lastId(): Promise<string> {
    const last = (await this.redis.xRevRange(this.#key, '+', '-', { COUNT: 1 }))?.[0];
    // No stream (or an empty one) yet: every id it will ever hold is after 0-0.
    return last ? String(last.id) : '0-0';
  }
}

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

import {
  matchesFilter,
  type StatusEvent,
  type StatusEventBus,
  type StatusEventFilter,
  type StatusSubscription,
} from '../../domain/availability/live-status.ports.js';

export const DEFAULT_HISTORY_MS = 5 * 60_000;

/**
 * Event ids look like Redis stream ids (`<ms>-<seq>`) on both buses, so a Last-Event-ID is
 * comparable the same way. Returns null for anything else (an untrusted header): no resume point.
 */
export function parseEventId(id: string | undefined): readonly [number, number] | null {
  const m = id === undefined ? null : /^(\d{1,15})(?:-(\d{1,15}))?$/.exec(id);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : null;
}

const after = (a: readonly [number, number], b: readonly [number, number]) => a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);

/** Copies the known fields, so the published shape is the same as after a Redis round trip. */
export function eventBody(e: Omit<StatusEvent, 'id'>): Omit<StatusEvent, 'id'> {
  const { stationId, evseNo, connectorNo, status, at, locationId, operatorId, city, lat, lng } = e;
  return { stationId, evseNo, connectorNo, status, at, locationId, operatorId, city, lat, lng };
}

interface Entry {
  readonly key: readonly [number, number];
  readonly event: StatusEvent;
}

interface Listener {
  readonly filter: StatusEventFilter;
  readonly onEvent: (e: StatusEvent) => void;
}

/** A throwing subscriber must not break the publisher or the other subscribers. */
export function deliver(filter: StatusEventFilter, onEvent: (e: StatusEvent) => void, e: StatusEvent): void {
  if (!matchesFilter(e, filter)) return;
  try {
    onEvent(e);
  } catch {
    // The subscriber's own problem (e.g. a closed SSE socket); it is dropped when it closes.
  }
}

/** Single-node bus: a time-bounded ring of recent events, delivered synchronously on publish. */
export class MemoryStatusEventBus implements StatusEventBus {
  readonly #historyMs: number;
  readonly #now: () => number;
  #entries: Entry[] = [];
  #head = 0; // entries before #head are trimmed; compacted now and then
  #last: readonly [number, number] = [0, 0];
  #listeners = new Set<Listener>();

  constructor(options: { historyMs?: number; now?: () => number } = {}) {
    this.#historyMs = options.historyMs ?? DEFAULT_HISTORY_MS;
    this.#now = options.now ?? Date.now;
  }

  async publish(event: Omit<StatusEvent, 'id'>): Promise<string> {
    const now = this.#now();
    // Monotonic even if the clock steps back, as Redis does for stream ids.
    const key: [number, number] = now > this.#last[0] ? [now, 0] : [this.#last[0], this.#last[1] + 1];
    this.#last = key;
    const full: StatusEvent = { ...eventBody(event), id: `${key[0]}-${key[1]}` };
    this.#trim(now);
    this.#entries.push({ key, event: full });
    for (const l of this.#listeners) deliver(l.filter, l.onEvent, full);
    return full.id;
  }

  async subscribe(
    filter: StatusEventFilter,
    afterId: string | undefined,
    onEvent: (e: StatusEvent) => void,
  ): Promise<StatusSubscription> {
    const listener: Listener = { filter, onEvent };
    const from = parseEventId(afterId);
    if (from) {
      this.#trim(this.#now());
      for (const entry of this.#entries.slice(this.#firstAfter(from))) deliver(filter, onEvent, entry.event);
    }
    // Replay and registration happen in one synchronous step: nothing published in between.
    this.#listeners.add(listener);
    return {
      close: async () => {
        this.#listeners.delete(listener);
      },
    };
  }

  /** Index of the first kept entry whose id is after `from` (ids are sorted). */
  #firstAfter(from: readonly [number, number]): number {
    let lo = this.#head;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const entry = this.#entries[mid];
      if (entry && after(entry.key, from)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  #trim(now: number): void {
    const minMs = now - this.#historyMs;
    for (let e = this.#entries[this.#head]; e && e.key[0] < minMs; e = this.#entries[this.#head]) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }
}


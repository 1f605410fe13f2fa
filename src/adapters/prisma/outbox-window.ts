import type { EventKind, EventPosition, StoredEvent } from '../../domain/events/index.js';

/**
 * One read of the outbox as the node's tail made it: every event after `from` up to `through`
 * (all kinds), so a consumer whose cursor is not behind `from` can take its events from here
 * instead of reading the store again.
 */
export interface OutboxWindow {
  readonly from: EventPosition;
  readonly through: EventPosition;
  readonly events: readonly StoredEvent[];
}

export const positionAfter = (a: EventPosition, b: EventPosition): boolean => {
  const [ta, tb] = [BigInt(a.txId), BigInt(b.txId)];
  return ta === tb ? BigInt(a.id) > BigInt(b.id) : ta > tb;
};

/**
 * What a consumer at `cursor` takes from consecutive windows: its kinds' events after the cursor,
 * at most `limit`, and how far that looked (the last event taken when the limit cut it short, else
 * the end of the last window reached without a gap). Undefined when the first window begins after
 * the cursor: events in between are only in the store.
 */
export function takeFromWindows(
  windows: readonly OutboxWindow[],
  cursor: EventPosition,
  kinds: readonly EventKind[],
  limit: number,
): { events: StoredEvent[]; through: EventPosition } | undefined {
  if (windows.length === 0 || positionAfter(windows[0]!.from, cursor)) return undefined;
  const events: StoredEvent[] = [];
  let through = cursor;
  for (const w of windows) {
    if (positionAfter(w.from, through)) break;
    const start = through;
    for (const e of w.events) {
      if (!positionAfter(e.position, start) || !kinds.includes(e.kind)) continue;
      events.push(e);
      if (events.length === limit) return { events, through: e.position };
    }
    if (positionAfter(w.through, through)) through = w.through;
  }
  return { events, through };
}

import { describe, expect, it } from 'vitest';
import { takeFromWindows, type OutboxWindow } from '../../../src/adapters/prisma/outbox-window.js';
import type { EventKind, EventPosition, StoredEvent } from '../../../src/domain/events/index.js';

const pos = (txId: number, id: number): EventPosition => ({ txId: String(txId), id: String(id) });
const ev = (txId: number, id: number, kind: EventKind = 'tariff.changed'): StoredEvent =>
  ({ position: pos(txId, id), kind, key: `${kind}:${id}`, subject: `s${id}`, payload: {}, occurredAt: new Date(0) }) as unknown as StoredEvent;
const win = (from: EventPosition, through: EventPosition, events: StoredEvent[]): OutboxWindow => ({ from, through, events });
const ids = (r: ReturnType<typeof takeFromWindows>) => r?.events.map((e) => e.position.id);

describe('taking a consumer’s events from the tail’s reads', () => {
  const w1 = win(pos(10, 0), pos(20, 0), [ev(11, 1), ev(12, 2, 'catalog.changed'), ev(13, 3)]);
  const w2 = win(pos(20, 0), pos(30, 0), [ev(21, 4), ev(22, 5)]);

  it('takes its kinds after its cursor, through the end of the last window', () => {
    const r = takeFromWindows([w1, w2], pos(10, 0), ['tariff.changed'], 100);
    expect(ids(r)).toEqual(['1', '3', '4', '5']);
    expect(r?.through).toEqual(pos(30, 0));
  });

  it('skips what the cursor has passed (a store read went ahead of the tail)', () => {
    const r = takeFromWindows([w1, w2], pos(21, 4), ['tariff.changed'], 100);
    expect(ids(r)).toEqual(['5']);
    expect(r?.through).toEqual(pos(30, 0));
  });

  it('stops at the limit, on the last event taken', () => {
    const r = takeFromWindows([w1, w2], pos(10, 0), ['tariff.changed'], 3);
    expect(ids(r)).toEqual(['1', '3', '4']);
    expect(r?.through).toEqual(pos(21, 4));
  });

  it('gives nothing when the first read begins after the cursor: the events between are only in the store', () => {
    expect(takeFromWindows([w2], pos(15, 0), ['tariff.changed'], 100)).toBeUndefined();
    expect(takeFromWindows([], pos(15, 0), ['tariff.changed'], 100)).toBeUndefined();
  });

  it('stops before a later gap', () => {
    const w3 = win(pos(40, 0), pos(50, 0), [ev(41, 6)]);
    const r = takeFromWindows([w1, w3], pos(10, 0), ['tariff.changed'], 100);
    expect(ids(r)).toEqual(['1', '3']);
    expect(r?.through).toEqual(pos(20, 0));
  });
});

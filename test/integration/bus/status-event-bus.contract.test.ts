import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStatusEventBus } from '../../../src/adapters/memory/status-event-bus.js';
import { connectRedis, type Redis } from '../../../src/adapters/redis/client.js';
import { RedisStatusEventBus } from '../../../src/adapters/redis/status-event-bus.js';
import type {
  StatusEvent,
  StatusEventBus,
  StatusEventFilter,
  StatusSubscription,
} from '../../../src/domain/availability/live-status.ports.js';
import { REDIS_URL, redisPrefix } from '../../helpers/services.js';

// Two connections, as two API nodes would have.
let redisA: Redis;
let redisB: Redis;
const keys: string[] = [];
beforeAll(async () => {
  [redisA, redisB] = await Promise.all([connectRedis(REDIS_URL), connectRedis(REDIS_URL)]);
});
afterAll(async () => {
  if (keys.length > 0) await redisA.del(keys);
  await Promise.all([redisA.quit(), redisB.quit()]);
});

/** `a` publishes and `b` subscribes: two nodes on Redis; the memory bus is one node, so a === b. */
const targets: { name: string; make(historyMs?: number): { a: StatusEventBus; b: StatusEventBus } }[] = [
  {
    name: 'memory',
    make: (historyMs) => {
      const bus = new MemoryStatusEventBus(historyMs === undefined ? {} : { historyMs });
      return { a: bus, b: bus };
    },
  },
  {
    name: 'Redis',
    make: (historyMs) => {
      const key = `${redisPrefix('bus')}events`;
      keys.push(key);
      const options = historyMs === undefined ? { key } : { key, historyMs };
      return { a: new RedisStatusEventBus(redisA, options), b: new RedisStatusEventBus(redisB, options) };
    },
  },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(ok: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}

const ev = (stationId: string, more: Partial<Omit<StatusEvent, 'id'>> = {}): Omit<StatusEvent, 'id'> => ({
  stationId,
  evseNo: 1,
  connectorNo: 1,
  status: 'AVAILABLE',
  at: '2024-05-01T10:00:00.000Z',
  locationId: 'L-CS-1',
  operatorId: 'OP1',
  city: 'Changsha',
  lat: 28.2,
  lng: 112.9,
  ...more,
});

const open: StatusSubscription[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function collect(bus: StatusEventBus, filter: StatusEventFilter = {}, afterId?: string) {
  const events: StatusEvent[] = [];
  const sub = await bus.subscribe(filter, afterId, (e) => events.push(e));
  open.push(sub);
  return { events, sub };
}

const idKey = (id: string) => id.split('-').map(Number) as [number, number];
const isAfter = (x: string, y: string) => {
  const [a, b] = [idKey(x), idKey(y)];
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
};

describe.each(targets)('status event bus ($name)', ({ make }) => {
  it('an event published on one node reaches a subscriber on another (within 2 s even on a loaded test machine)', async () => {
    const { a, b } = make();
    const { events } = await collect(b);
    // Published right after subscribe resolves: must not fall into a gap.
    const id = await a.publish(ev('S1', { status: 'CHARGING' }));
    await waitFor(() => events.length === 1, 2_000);
    expect(events[0]).toEqual({ ...ev('S1', { status: 'CHARGING' }), id });
  });

  it('filters by city, locationIds and bbox', async () => {
    const { a, b } = make();
    const byCity = await collect(b, { cities: ['Zhuzhou'] });
    const byLocation = await collect(b, { locationIds: ['L-XT-1', 'L-CS-2'] });
    const byBbox = await collect(b, { bbox: [112.8, 28.1, 113.0, 28.3] }); // central Changsha
    const combined = await collect(b, { cities: ['Changsha', 'Zhuzhou'], bbox: [112.8, 28.1, 113.0, 28.3] });
    await a.publish(ev('CS1')); // Changsha, in the box
    await a.publish(ev('CS2', { locationId: 'L-CS-2', lat: 28.5, lng: 112.9 })); // Changsha, north of the box
    await a.publish(ev('ZZ1', { city: 'Zhuzhou', locationId: 'L-ZZ-1', lat: 27.83, lng: 113.15 }));
    await a.publish(ev('XT1', { city: 'Xiangtan', locationId: 'L-XT-1', lat: 27.85, lng: 112.92 }));
    await a.publish(ev('NO', { city: null, locationId: null, lat: null, lng: null }));
    // Matches every filter: once it is in, everything before it has been delivered or filtered out.
    await a.publish(ev('END', { city: 'Zhuzhou', locationId: 'L-XT-1', lat: 28.2, lng: 112.9 }));
    const all = [byCity, byLocation, byBbox, combined];
    await waitFor(() => all.every((c) => c.events.some((e) => e.stationId === 'END')), 2_000);
    const stations = (c: { events: StatusEvent[] }) => c.events.map((e) => e.stationId);
    expect(stations(byCity)).toEqual(['ZZ1', 'END']);
    expect(stations(byLocation)).toEqual(['CS2', 'XT1', 'END']);
    expect(stations(byBbox)).toEqual(['CS1', 'END']);
    expect(stations(combined)).toEqual(['CS1', 'END']); // both conditions must hold
  });

  it('resumes after afterId with exactly the missed events, in order, then live ones, none twice', async () => {
    const { a, b } = make();
    await a.publish(ev('BEFORE'));
    const first = await collect(b);
    const ids = [await a.publish(ev('E1')), await a.publish(ev('E2'))];
    await waitFor(() => first.events.length === 2, 3_000);
    expect(first.events.map((e) => e.stationId)).toEqual(['E1', 'E2']); // no history without afterId
    await first.sub.close();
    // Missed while "disconnected".
    for (const s of ['E3', 'E4', 'E5']) ids.push(await a.publish(ev(s)));
    const resumed = await collect(b, {}, ids[1]);
    ids.push(await a.publish(ev('E6')));
    await waitFor(() => resumed.events.length >= 4, 3_000);
    await sleep(150);
    expect(resumed.events.map((e) => e.stationId)).toEqual(['E3', 'E4', 'E5', 'E6']);
    expect(resumed.events.map((e) => e.id)).toEqual(ids.slice(2));
    // A malformed Last-Event-ID is no resume point: live events only.
    const junk = await collect(b, {}, 'not-an-id');
    await a.publish(ev('E7'));
    await waitFor(() => junk.events.length === 1, 3_000);
    expect(junk.events[0]?.stationId).toBe('E7');
  });

  it('keeps at least historyMs of history and trims what is older', async () => {
    const { a, b } = make(300);
    const old = await Promise.all(Array.from({ length: 120 }, (_, i) => a.publish(ev(`OLD${i}`))));
    await sleep(450);
    const recent = [await a.publish(ev('NEW1'))];
    await sleep(50);
    recent.push(await a.publish(ev('NEW2')));
    const { events } = await collect(b, {}, '0-0');
    await waitFor(() => events.some((e) => e.stationId === 'NEW2'), 3_000);
    const got = events.map((e) => e.id);
    expect(got.slice(-2)).toEqual(recent);
    // Redis trims whole stream nodes (MINID ~), so a few old events may stay, but not the oldest.
    expect(got).not.toContain(old[0]);
    expect(got.length).toBeLessThan(old.length + recent.length);
  });

  it('closing a subscription stops delivery', async () => {
    const { a, b } = make();
    const { events, sub } = await collect(b);
    const other = await collect(b);
    await a.publish(ev('C1'));
    await waitFor(() => events.length === 1, 3_000);
    const started = Date.now();
    await sub.close();
    // Not stuck behind a blocking read (BLOCK is 1,000 ms); generous for a loaded CI machine.
    expect(Date.now() - started).toBeLessThan(900);
    await sub.close(); // twice is harmless
    await a.publish(ev('C2'));
    await waitFor(() => other.events.length === 2, 3_000);
    await sleep(200);
    expect(events.map((e) => e.stationId)).toEqual(['C1']);
  });

  it('1,000 events published quickly arrive complete and in order', async () => {
    const { a, b } = make();
    const { events } = await collect(b);
    const changsha = await collect(b, { cities: ['Changsha'] });
    const ids = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => a.publish(ev(`F${i}`, { connectorNo: i, city: i % 2 ? 'Changsha' : 'Zhuzhou' }))),
    );
    await waitFor(() => events.length >= 1_000 && changsha.events.length >= 500, 10_000);
    await sleep(100);
    expect(events.map((e) => e.connectorNo)).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(events.map((e) => e.id)).toEqual(ids);
    expect(ids.every((id, i) => i === 0 || isAfter(id, ids[i - 1] ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(1_000);
    expect(changsha.events.map((e) => e.connectorNo)).toEqual(Array.from({ length: 500 }, (_, i) => 2 * i + 1));
  });
});

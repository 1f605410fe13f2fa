import { describe, expect, it } from 'vitest';
import { LiveStatusReplica } from '../../../src/adapters/memory/live-status-replica.js';
import { MemoryLiveStatus } from '../../../src/adapters/memory/live-status.js';
import { MemoryStatusEventBus } from '../../../src/adapters/memory/status-event-bus.js';
import { LiveStatusPublisher, type LiveStatusStore } from '../../../src/domain/availability/index.js';

const place = { operatorId: 'OP', locationId: 'L', city: 'Changsha', lat: 28.2, lng: 112.9 };

/** `source` with its getMany (what the replica reads through) replaced, to count or hold reads. */
const withGetMany = (source: LiveStatusStore, getMany: LiveStatusStore['getMany']): LiveStatusStore => ({
  set: (st) => source.set(st),
  setOffline: (id, at) => source.setOffline(id, at),
  setOnline: (id) => source.setOnline(id),
  offlineOf: (ids) => source.offlineOf(ids),
  read: (ids) => source.read(ids),
  getMany,
});

describe('LiveStatusReplica', () => {
  it('reads through once, then follows the event stream; stale entries are re-read', async () => {
    let now = 0;
    const source = new MemoryLiveStatus();
    const bus = new MemoryStatusEventBus();
    const publisher = new LiveStatusPublisher(source, bus);
    let reads = 0;
    const counting = withGetMany(source, (ids) => {
      reads++;
      return source.getMany(ids);
    });
    const replica = new LiveStatusReplica(counting, bus, 5_000, () => now, 3_600_000); // sweeps called by hand
    await replica.start();

    await publisher.connector('S1', place, 1, 1, 'AVAILABLE', new Date('2026-01-01T00:00:00Z'));
    expect((await replica.getMany(['S1'])).get('S1')?.map((s) => s.status)).toEqual(['AVAILABLE']);
    expect(reads).toBe(1);

    await publisher.connector('S1', place, 1, 1, 'CHARGING', new Date('2026-01-01T00:01:00Z'));
    expect((await replica.getMany(['S1'])).get('S1')?.map((s) => s.status)).toEqual(['CHARGING']);
    expect(reads).toBe(1); // no round trip: the event updated the copy

    await publisher.offline('S1', place, new Date('2026-01-01T00:02:00Z'));
    expect(await replica.offlineOf(['S1'])).toEqual(new Set(['S1']));
    await publisher.online('S1', place, new Date('2026-01-01T00:03:00Z'));
    expect(await replica.offlineOf(['S1'])).toEqual(new Set());

    // A change the stream never delivered shows up once the entry is older than maxAge, at the next
    // sweep; requests until then are served the copy, without a round trip.
    await source.set({ stationId: 'S1', evseNo: 1, connectorNo: 1, status: 'FAULTED', at: '2026-01-01T00:04:00Z' });
    await replica.refreshStale();
    expect(reads).toBe(1); // not stale yet
    expect((await replica.getMany(['S1'])).get('S1')?.[0]?.status).toBe('CHARGING');
    now = 6_000;
    expect((await replica.getMany(['S1'])).get('S1')?.[0]?.status).toBe('CHARGING');
    await replica.refreshStale();
    expect(reads).toBe(2);
    expect((await replica.getMany(['S1'])).get('S1')?.[0]?.status).toBe('FAULTED');
    expect(reads).toBe(2);
    // A re-read that finds nothing new keeps the same state object, so views built on it stay valid.
    const state = (await replica.read(['S1'])).station('S1');
    now = 12_000;
    await replica.refreshStale();
    expect(reads).toBe(3);
    expect((await replica.read(['S1'])).station('S1')).toBe(state);
    await replica.stop();
  });

  it('hands out the same array until a station changes, so callers can tell by identity', async () => {
    const source = new MemoryLiveStatus();
    const bus = new MemoryStatusEventBus();
    const publisher = new LiveStatusPublisher(source, bus);
    const replica = new LiveStatusReplica(source, bus, 60_000);
    await replica.start();
    await publisher.connector('S1', place, 1, 2, 'AVAILABLE', new Date('2026-01-01T00:00:00Z'));
    await publisher.connector('S1', place, 1, 1, 'AVAILABLE', new Date('2026-01-01T00:00:00Z'));
    const first = (await replica.getMany(['S1'])).get('S1');
    expect((await replica.getMany(['S1'])).get('S1')).toBe(first);
    await publisher.connector('S1', place, 1, 1, 'CHARGING', new Date('2026-01-01T00:01:00Z'));
    const second = (await replica.getMany(['S1'])).get('S1');
    expect(second).not.toBe(first);
    expect(first?.map((s) => s.status)).toEqual(['AVAILABLE', 'AVAILABLE']); // the old array is untouched
    expect(second?.map((s) => [s.connectorNo, s.status])).toEqual([[1, 'CHARGING'], [2, 'AVAILABLE']]);
    // A search's read answers from the same copy, without a round trip.
    const read = await replica.read(['S1']);
    expect(read.station('S1').statuses).toBe(second);
    expect(read.station('S1').offline).toBe(false);
    expect((await replica.read(['S1'])).station('S1')).toBe(read.station('S1'));
    // An older report than the copy holds is ignored.
    await bus.publish({ stationId: 'S1', evseNo: 1, connectorNo: 1, status: 'FAULTED', at: '2026-01-01T00:00:30.000Z', ...place });
    expect((await replica.getMany(['S1'])).get('S1')).toBe(second);
    await replica.stop();
  });

  it('sweeps on its own timer: a change whose event was lost appears without any request asking', async () => {
    const source = new MemoryLiveStatus();
    const bus = new MemoryStatusEventBus();
    const replica = new LiveStatusReplica(source, bus, 0, Date.now, 20);
    await replica.start();
    await source.set({ stationId: 'S2', evseNo: 1, connectorNo: 1, status: 'AVAILABLE', at: '2026-01-01T00:00:00Z' });
    const before = (await replica.read(['S2'])).station('S2');
    expect(before.statuses[0]?.status).toBe('AVAILABLE');
    // Straight into the source, no event: only a re-read can find it.
    await source.set({ stationId: 'S2', evseNo: 1, connectorNo: 1, status: 'FAULTED', at: '2026-01-01T00:01:00Z' });
    const deadline = Date.now() + 2_000;
    while ((await replica.read(['S2'])).station('S2') === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect((await replica.read(['S2'])).station('S2').statuses[0]?.status).toBe('FAULTED');
    await replica.stop();
  });

  it('events that race a re-read are not undone by it (a status, a connector the read did not see, going offline)', async () => {
    const source = new MemoryLiveStatus();
    const bus = new MemoryStatusEventBus();
    const publisher = new LiveStatusPublisher(source, bus);
    let now = 0;
    let release: (() => void) | undefined;
    let reads = 0;
    // The first re-read answers with what the source held when asked, but only once released.
    const slow = withGetMany(source, async (ids) => {
      reads++;
      const snapshot = await source.getMany(ids);
      if (now > 0 && reads === 2) await new Promise<void>((r) => (release = r));
      return snapshot;
    });
    const replica = new LiveStatusReplica(slow, bus, 5_000, () => now, 3_600_000);
    await replica.start();
    await publisher.connector('S3', place, 1, 1, 'AVAILABLE', new Date('2026-01-01T00:00:00Z'));
    await replica.read(['S3']);
    now = 6_000;
    const sweep = replica.refreshStale();
    while (!release) await new Promise((r) => setTimeout(r, 1));
    // While the sweep's read (which saw only connector 1, AVAILABLE, online) is still out:
    await publisher.connector('S3', place, 1, 1, 'CHARGING', new Date('2026-01-01T00:05:00Z'));
    await publisher.connector('S3', place, 2, 1, 'FAULTED', new Date('2026-01-01T00:05:01Z'));
    await publisher.offline('S3', place, new Date('2026-01-01T00:05:02Z'));
    release();
    await sweep;
    const state = (await replica.read(['S3'])).station('S3');
    expect(state.statuses.map((s) => [s.evseNo, s.status])).toEqual([[1, 'CHARGING'], [2, 'FAULTED']]);
    expect(state.offline).toBe(true);
    // And it is read once more at once, which agrees with the source.
    for (let i = 0; i < 100 && reads < 3; i++) await new Promise((r) => setTimeout(r, 5));
    expect(reads).toBe(3);
    expect((await replica.read(['S3'])).station('S3')).toMatchObject({ offline: true, statuses: [{ status: 'CHARGING' }, { status: 'FAULTED' }] });
    await replica.stop();
  });

  it('re-reads a large copy a share at a time, oldest first, not all in one burst', async () => {
    const source = new MemoryLiveStatus();
    const bus = new MemoryStatusEventBus();
    let now = 0;
    const asked: string[][] = [];
    const counting = withGetMany(source, (ids) => {
      asked.push([...ids]);
      return source.getMany(ids);
    });
    // 1,000 entries due every 5 s, swept every 250 ms: 75 per tick would keep up; at least 100 are taken.
    const replica = new LiveStatusReplica(counting, bus, 5_000, () => now, 250); // not started: sweeps by hand
    const early = Array.from({ length: 400 }, (_, i) => `E${i}`);
    const late = Array.from({ length: 600 }, (_, i) => `L${i}`);
    await replica.read(early);
    now = 2_000;
    await replica.read(late);
    asked.length = 0;
    now = 6_500; // every early entry is stale, no late one yet
    await replica.refreshStale();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toEqual(early.slice(0, 100));
    for (let i = 0; i < 3; i++) await replica.refreshStale();
    expect(asked.flat()).toEqual(early);
    await replica.refreshStale();
    expect(asked).toHaveLength(4); // nothing else is due yet
    now = 7_500;
    await replica.refreshStale();
    expect(asked[4]).toEqual(late.slice(0, 100));
    await replica.stop();
  });
});

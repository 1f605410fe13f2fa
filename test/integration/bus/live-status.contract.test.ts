import { describe, expect, it } from 'vitest';
import { MemoryLiveStatus } from '../../../src/adapters/memory/live-status.js';
import { RedisLiveStatus } from '../../../src/adapters/redis/live-status.js';
import type { LiveConnectorStatus, LiveStatusStore } from '../../../src/domain/availability/live-status.ports.js';
import type { ConnectorStatus } from '../../../src/domain/stations/connector-status.js';
import { redisPrefix } from '../../helpers/services.js';
import { sharedRedis } from '../../helpers/shared-redis.js';

const prefixes: string[] = [];
// Station hashes have no TTL: remove this file's keys from the shared server.
const redis = sharedRedis(async (r) => {
  for (const prefix of prefixes) {
    for await (const keys of r.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) if (keys.length) await r.del(keys);
  }
});

/** `shared()` gives a second store over the same data (another API node); memory is one node. */
const targets: { name: string; make(): { store: LiveStatusStore; shared(): LiveStatusStore } }[] = [
  {
    name: 'memory',
    make: () => {
      const store = new MemoryLiveStatus();
      return { store, shared: () => store };
    },
  },
  {
    name: 'Redis',
    make: () => {
      const prefix = redisPrefix('live');
      prefixes.push(prefix);
      return { store: new RedisLiveStatus(redis(), prefix), shared: () => new RedisLiveStatus(redis(), prefix) };
    },
  },
];

const st = (stationId: string, evseNo: number, connectorNo: number, status: ConnectorStatus, at: string): LiveConnectorStatus => ({
  stationId,
  evseNo,
  connectorNo,
  status,
  at,
});

describe.each(targets)('live status store ($name)', ({ make }) => {
  it('newest wins per connector: an older report is ignored and returns false', async () => {
    const { store, shared } = make();
    expect(await store.set(st('S1', 1, 1, 'AVAILABLE', '2024-05-01T10:00:00.000Z'))).toBe(true);
    expect(await store.set(st('S1', 1, 1, 'CHARGING', '2024-05-01T10:00:05.000Z'))).toBe(true);
    expect(await store.set(st('S1', 1, 1, 'FAULTED', '2024-05-01T10:00:01.000Z'))).toBe(false);
    // Another connector of the same station is independent of the first one's time.
    expect(await store.set(st('S1', 2, 1, 'PREPARING', '2024-05-01T09:00:00.000Z'))).toBe(true);
    const got = (await shared().getMany(['S1'])).get('S1');
    expect(got).toEqual([
      st('S1', 1, 1, 'CHARGING', '2024-05-01T10:00:05.000Z'),
      st('S1', 2, 1, 'PREPARING', '2024-05-01T09:00:00.000Z'),
    ]);
  });

  it('equal `at`: the later call wins', async () => {
    const { store } = make();
    const at = '2024-05-01T10:00:00.000Z';
    expect(await store.set(st('S2', 1, 1, 'PREPARING', at))).toBe(true);
    expect(await store.set(st('S2', 1, 1, 'CHARGING', at))).toBe(true);
    expect((await store.getMany(['S2'])).get('S2')?.map((s) => s.status)).toEqual(['CHARGING']);
  });

  it('compares instants, not strings, whatever offset or precision the station used', async () => {
    const { store } = make();
    // 09:00+08:00 is 01:00Z: as strings it would look later than 01:30Z.
    expect(await store.set(st('S3', 1, 1, 'AVAILABLE', '2024-05-01T09:00:00+08:00'))).toBe(true);
    expect(await store.set(st('S3', 1, 1, 'CHARGING', '2024-05-01T01:30:00Z'))).toBe(true);
    expect(await store.set(st('S3', 1, 1, 'FAULTED', '2024-05-01T09:15:00+08:00'))).toBe(false);
    expect((await store.getMany(['S3'])).get('S3')).toEqual([st('S3', 1, 1, 'CHARGING', '2024-05-01T01:30:00.000Z')]);
    await expect(store.set(st('S3', 1, 1, 'FAULTED', 'yesterday-ish'))).rejects.toThrow();
  });

  it('getMany answers for many stations at once; unknown ones are absent', async () => {
    const { store, shared } = make();
    const ids = Array.from({ length: 300 }, (_, i) => `M${i}`);
    // Every third station reports; station i has (i % 3) + 1 connectors on EVSE 1.
    await Promise.all(
      ids
        .filter((_, i) => i % 3 === 0)
        .flatMap((id, k) =>
          Array.from({ length: (k % 3) + 1 }, (_, c) => store.set(st(id, 1, c + 1, 'AVAILABLE', '2024-05-01T10:00:00Z'))),
        ),
    );
    const got = await shared().getMany([...ids, 'NOPE-1', 'NOPE-2']);
    expect(got.size).toBe(100);
    expect(got.has('M1')).toBe(false);
    expect(got.has('NOPE-1')).toBe(false);
    expect(got.get('M0')?.length).toBe(1);
    expect(got.get('M3')?.length).toBe(2);
    expect(got.get('M6')?.map((s) => s.connectorNo)).toEqual([1, 2, 3]);
    expect(got.get('M297')?.[0]).toEqual(st('M297', 1, 1, 'AVAILABLE', '2024-05-01T10:00:00.000Z'));
    expect((await store.getMany([])).size).toBe(0);
  });

  it('read answers statuses and offline flags of many stations at once, as getMany and offlineOf do', async () => {
    const { store, shared } = make();
    await store.set(st('R1', 1, 2, 'CHARGING', '2024-05-01T10:00:00Z'));
    await store.set(st('R1', 1, 1, 'AVAILABLE', '2024-05-01T10:00:00Z'));
    await store.set(st('R2', 1, 1, 'FAULTED', '2024-05-01T10:00:00Z'));
    await store.setOffline('R2', '2024-05-01T10:05:00Z');
    const read = await shared().read(['R1', 'R2', 'R3']);
    expect(read.station('R1').statuses.map((s) => [s.connectorNo, s.status])).toEqual([[1, 'AVAILABLE'], [2, 'CHARGING']]);
    expect(read.station('R2').statuses.map((s) => s.status)).toEqual(['FAULTED']);
    expect(read.station('R3').statuses).toEqual([]);
    expect(['R1', 'R2', 'R3'].map((id) => read.station(id).offline)).toEqual([false, true, false]);
    // Asked twice, a station's state is the same object (callers cache by identity)…
    expect(read.station('R1')).toBe(read.station('R1'));
    // …and a change shows in the next read.
    await store.set(st('R1', 1, 1, 'CHARGING', '2024-05-01T10:10:00Z'));
    await store.setOnline('R2');
    const next = await shared().read(['R1', 'R2']);
    expect(next.station('R1').statuses.map((s) => s.status)).toEqual(['CHARGING', 'CHARGING']);
    expect(next.station('R2').offline).toBe(false);
  });

  it('offline and back online; statuses are kept meanwhile', async () => {
    const { store, shared } = make();
    await store.set(st('O1', 1, 1, 'CHARGING', '2024-05-01T10:00:00Z'));
    await store.setOffline('O1', '2024-05-01T10:05:00Z');
    await store.setOffline('O2', '2024-05-01T10:06:00Z');
    expect([...(await shared().offlineOf(['O1', 'O2', 'O3']))].sort()).toEqual(['O1', 'O2']);
    expect((await store.getMany(['O1'])).get('O1')?.map((s) => s.status)).toEqual(['CHARGING']);
    await shared().setOnline('O1');
    await store.setOnline('O3'); // never offline: harmless
    expect([...(await store.offlineOf(['O1', 'O2', 'O3']))]).toEqual(['O2']);
    expect((await store.offlineOf([])).size).toBe(0);
  });

  it('stations are independent', async () => {
    const { store } = make();
    await store.set(st('I1', 1, 1, 'CHARGING', '2024-05-01T12:00:00Z'));
    expect(await store.set(st('I2', 1, 1, 'AVAILABLE', '2024-05-01T08:00:00Z'))).toBe(true);
    await store.setOffline('I1', '2024-05-01T12:01:00Z');
    expect([...(await store.offlineOf(['I1', 'I2']))]).toEqual(['I1']);
  });
});

import { describe, expect, it } from 'vitest';
import { MemoryPresence } from '../../../src/adapters/memory/presence.js';
import { RedisPresence } from '../../../src/adapters/redis/presence.js';
import type { StationPresence } from '../../../src/domain/stations/index.js';
import { redisPrefix } from '../../helpers/services.js';
import { sharedRedis } from '../../helpers/shared-redis.js';

const redis = sharedRedis();

const targets: { name: string; make(): StationPresence }[] = [
  { name: 'memory', make: () => new MemoryPresence() },
  { name: 'Redis', make: () => new RedisPresence(redis(), redisPrefix('presence')) },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(targets)('station presence ($name)', ({ make }) => {
  it('one owner per station; a new claim takes over and reports the old owner', async () => {
    const p = make();
    expect(await p.claim('S1', 'node-a', 5_000)).toBeNull();
    expect(await p.ownerOf('S1')).toBe('node-a');
    expect(await p.claim('S1', 'node-a', 5_000)).toBeNull();
    expect(await p.claim('S1', 'node-b', 5_000)).toBe('node-a');
    expect(await p.ownerOf('S1')).toBe('node-b');
  });

  it('release only by the owner', async () => {
    const p = make();
    await p.claim('S2', 'node-a', 5_000);
    await p.claim('S2', 'node-b', 5_000);
    await p.release('S2', 'node-a');
    expect(await p.ownerOf('S2')).toBe('node-b');
    await p.release('S2', 'node-b');
    expect(await p.ownerOf('S2')).toBeNull();
  });

  it('leases expire unless renewed, and only the owner renews', async () => {
    const p = make();
    await p.claim('S3', 'node-a', 150);
    await p.claim('S4', 'node-a', 150);
    await p.claim('S5', 'node-b', 150);
    await sleep(80);
    await p.renew(['S3', 'S5'], 'node-a', 400);
    await sleep(120);
    expect(await p.ownerOf('S3')).toBe('node-a');
    expect(await p.ownerOf('S4')).toBeNull();
    expect(await p.ownerOf('S5')).toBeNull();
  });

  it('answers for many stations at once', async () => {
    const p = make();
    await p.claim('M1', 'node-a', 5_000);
    await p.claim('M3', 'node-b', 5_000);
    const owners = await p.ownersOf(['M1', 'M2', 'M3']);
    expect([...owners.entries()].sort()).toEqual([
      ['M1', 'node-a'],
      ['M3', 'node-b'],
    ]);
    expect((await p.ownersOf([])).size).toBe(0);
  });
});

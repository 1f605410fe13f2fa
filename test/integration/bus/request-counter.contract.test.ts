import { describe, expect, it } from 'vitest';
import { MemoryRequestCounter } from '../../../src/adapters/memory/request-counter.js';
import { RedisRequestCounter } from '../../../src/adapters/redis/request-counter.js';
import type { RequestCounter } from '../../../src/domain/access/index.js';
import { redisPrefix } from '../../helpers/services.js';
import { sharedRedis } from '../../helpers/shared-redis.js';

const redis = sharedRedis();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  { name: 'memory', make: (): RequestCounter => new MemoryRequestCounter() },
  { name: 'Redis', make: (): RequestCounter => new RedisRequestCounter(redis(), redisPrefix('rate')) },
])('request counter ($name)', ({ make }) => {
  it('counts per key within a window, then starts again', async () => {
    const c = make();
    const a1 = await c.hit('key-a', 300);
    const a2 = await c.hit('key-a', 300);
    const b1 = await c.hit('key-b', 300);
    expect([a1.count, a2.count, b1.count]).toEqual([1, 2, 1]);
    expect(a2.resetInMs).toBeGreaterThan(0);
    expect(a2.resetInMs).toBeLessThanOrEqual(300);
    await sleep(350);
    expect((await c.hit('key-a', 300)).count).toBe(1);
  });

  it('concurrent requests are each counted once', async () => {
    const c = make();
    const counts = await Promise.all(Array.from({ length: 50 }, () => c.hit('burst', 5_000)));
    expect(counts.map((x) => x.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});
